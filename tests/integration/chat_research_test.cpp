// Black-box: the web chat's door to the research loop and to stored
// conversations — "research: OBJECTIVE" over POST /api/chat streams the
// loop's steps and budget, and GET /api/conversations lists the
// conversation it was kept in.
#include <gtest/gtest.h>

#include "integration/http_test_client.h"
#include "integration/server_process.h"

namespace mlt::test {
namespace {

TEST(ChatResearch, ResearchMessageStreamsStepsAndBudgetAndIsStored) {
  TempDir work;
  ServerProcess server(work.path());
  auto cli = server.client();
  cli.set_read_timeout(300, 0);
  const Json body{{"message", "research: find the best of logistic regression and xgboost for next-day AAPL direction "
                              "with 2 folds"}};
  auto res = cli.Post("/api/chat", body.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string& sse = res->body;
  EXPECT_NE(sse.find("event: action"), std::string::npos) << sse.substr(0, 2000);
  EXPECT_NE(sse.find("event: budget"), std::string::npos) << sse.substr(0, 2000);
  EXPECT_NE(sse.find("\"max_tokens\":200000"), std::string::npos);
  EXPECT_NE(sse.find("ml.compare"), std::string::npos);
  EXPECT_NE(sse.find("Best: "), std::string::npos) << sse.substr(sse.size() > 3000 ? sse.size() - 3000 : 0);
  ASSERT_NE(sse.find("event: done"), std::string::npos);

  auto list = get_json(cli, "/api/conversations");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body["conversations"].size(), 1u) << list.raw;
  const Json& conv = list.body["conversations"][0];
  EXPECT_EQ(conv["preview"].get<std::string>().rfind("research: find the best", 0), 0u) << conv.dump();
  auto messages = get_json(cli, "/api/conversations/" + std::to_string(conv["id"].get<long long>()) + "/messages");
  ASSERT_EQ(messages.status, 200) << messages.raw;
  std::vector<std::string> roles;
  for (const auto& m : messages.body["messages"]) roles.push_back(m["role"].get<std::string>());
  ASSERT_GE(roles.size(), 4u);
  EXPECT_EQ(roles.front(), "user");
  EXPECT_EQ(roles[1], "action");
  EXPECT_EQ(roles[2], "result");
  EXPECT_EQ(roles.back(), "assistant");

  EXPECT_EQ(get_json(cli, "/api/conversations?limit=0").status, 400);
}

}  // namespace
}  // namespace mlt::test
