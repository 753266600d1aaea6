// Black-box: the real binary, its bundled data, a real training trial
// followed over SSE, and the audit chain — all through the HTTP API.
#include <gtest/gtest.h>

#include "integration/http_test_client.h"
#include "integration/server_process.h"

namespace mlt::test {
namespace {

using namespace std::chrono_literals;

TEST(ServerBlackBox, HealthPageAndActionList) {
  TempDir work;
  ServerProcess server(work.path());
  auto cli = server.client();

  auto health = get_json(cli, "/health");
  ASSERT_EQ(health.status, 200) << health.raw;
  EXPECT_EQ(health.body.value("status", ""), "ok");
  EXPECT_TRUE(health.body.contains("version"));
  EXPECT_TRUE(health.body["schema_version"].is_number_integer());

  // "/" is the web chat (embedded at build time), revalidated by ETag.
  auto chat = cli.Get("/");
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->status, 200);
  EXPECT_NE(chat->get_header_value("Content-Type").find("text/html"), std::string::npos);
  const std::string etag = chat->get_header_value("ETag");
  EXPECT_FALSE(etag.empty());
  auto again = cli.Get("/", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  auto page = cli.Get("/status");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(page->body.find("/api/trials"), std::string::npos);
  EXPECT_NE(page->body.find("/api/actions"), std::string::npos);
  EXPECT_EQ(page->body.find("innerHTML"), std::string::npos) << "the page must build the DOM with textContent";

  auto actions = get_json(cli, "/api/actions");
  ASSERT_EQ(actions.status, 200) << actions.raw;
  ASSERT_TRUE(actions.body["actions"].is_array());
  bool found = false;
  for (const auto& a : actions.body["actions"]) {
    EXPECT_TRUE(a["schema"].is_object()) << a.dump();
    EXPECT_TRUE(a.contains("example")) << a.dump();
    if (a["name"] == "ml.train") {
      found = true;
      EXPECT_EQ(a.value("cost", ""), "trial");
    }
  }
  EXPECT_TRUE(found) << "ml.train is not listed";

  auto unknown_route = get_json(cli, "/no/such/route");
  EXPECT_EQ(unknown_route.status, 404);
  EXPECT_EQ(unknown_route.body["error"].value("kind", ""), "not_found") << unknown_route.raw;
}

TEST(ServerBlackBox, TrainsOnBundledDataAndStreamsProgress) {
  TempDir work;
  ServerProcess server(work.path());
  auto cli = server.client();

  auto datasets = get_json(cli, "/api/datasets");
  ASSERT_EQ(datasets.status, 200) << datasets.raw;
  ASSERT_TRUE(has_named(datasets.body, "sp500_daily")) << "bundled data was not imported: " << datasets.raw;

  auto submitted = post_json(cli, "/api/actions/ml.train",
                             {{"dataset", "sp500_daily"}, {"model", "xgboost_classifier"}, {"folds", 3}});
  ASSERT_EQ(submitted.status, 202) << submitted.raw;
  ASSERT_TRUE(submitted.body["trial"]["id"].is_number_integer()) << submitted.raw;
  const auto id = submitted.body["trial"]["id"].get<std::int64_t>();
  const std::string events_path = "/api/trials/" + std::to_string(id) + "/events";

  auto stream = follow_sse(server.port(), events_path, 300s);
  ASSERT_EQ(stream.status, 200);
  EXPECT_NE(stream.content_type.find("text/event-stream"), std::string::npos);
  ASSERT_FALSE(stream.timed_out) << "trial did not finish in time";
  ASSERT_FALSE(stream.events.empty());
  ASSERT_EQ(stream.events.back().event, "end");
  const Json end = Json::parse(stream.events.back().data);
  EXPECT_EQ(end.value("state", ""), "succeeded") << end.dump();

  // Event ids increase, and every non-final event is a state or progress event.
  long long previous = 0;
  bool saw_state = false;
  for (std::size_t i = 0; i + 1 < stream.events.size(); ++i) {
    const auto& e = stream.events[i];
    EXPECT_TRUE(e.event == "state" || e.event == "progress") << e.event;
    saw_state = saw_state || e.event == "state";
    ASSERT_FALSE(e.id.empty());
    EXPECT_GT(std::stoll(e.id), previous);
    previous = std::stoll(e.id);
    EXPECT_FALSE(Json::parse(e.data, nullptr, false).is_discarded()) << e.data;
  }
  EXPECT_TRUE(saw_state);

  // Resuming with Last-Event-ID replays only what came after it.
  if (stream.events.size() >= 3) {
    auto resumed = follow_sse(server.port(), events_path, 60s, stream.events[0].id);
    ASSERT_FALSE(resumed.events.empty());
    EXPECT_EQ(resumed.events.size(), stream.events.size() - 1);
    EXPECT_EQ(resumed.events.front().id, stream.events[1].id);
    EXPECT_EQ(resumed.events.back().event, "end");
  }

  auto record = get_json(cli, "/api/trials/" + std::to_string(id));
  ASSERT_EQ(record.status, 200) << record.raw;
  EXPECT_EQ(record.body.value("state", ""), "succeeded");
  const Json& metrics = record.body["result"]["metrics"];
  for (const char* name : {"accuracy", "auc"}) {
    auto value = metric_value(metrics, name);
    ASSERT_TRUE(value.has_value()) << name << " missing in " << record.body["result"].dump();
    EXPECT_GT(*value, 0.0) << name;
    EXPECT_LT(*value, 1.0) << name;
  }

  auto listed = get_json(cli, "/api/trials?limit=5");
  ASSERT_EQ(listed.status, 200);
  ASSERT_FALSE(listed.body["trials"].empty());
  EXPECT_EQ(listed.body["trials"][0].value("id", 0), id);

  auto verify = get_json(cli, "/api/audit/verify");
  ASSERT_EQ(verify.status, 200) << verify.raw;
  EXPECT_TRUE(verify.body.value("ok", false)) << verify.raw;
  auto tail = get_json(cli, "/api/audit?limit=5");
  ASSERT_EQ(tail.status, 200) << tail.raw;
  EXPECT_FALSE(tail.body["records"].empty());

  // A finished trial cannot be cancelled.
  auto cancel = post_text(cli, "/api/trials/" + std::to_string(id) + "/cancel", "");
  EXPECT_EQ(cancel.status, 409) << cancel.raw;
  EXPECT_EQ(cancel.body["error"].value("kind", ""), "conflict");

  EXPECT_EQ(server.terminate(), 0) << "SIGTERM should stop the server cleanly\n" << server.output();
}

}  // namespace
}  // namespace mlt::test
