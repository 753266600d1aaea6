// Bad input never crashes the server: each mistake gets the right status
// and the one JSON error shape {"error":{kind,message,hint}}.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "integration/http_test_client.h"
#include "integration/server_process.h"

namespace mlt::test {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

class ServerBadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = new TempDir();
    server_ = new ServerProcess(work_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete work_;
    server_ = nullptr;
    work_ = nullptr;
  }
  void TearDown() override {
    // Whatever the test sent, the server must still be healthy.
    auto cli = server_->client();
    auto health = get_json(cli, "/health");
    EXPECT_EQ(health.status, 200) << "server unhealthy after the test\n" << server_->output();
  }

  static void expect_error(const JsonResponse& r, int status, const std::string& kind) {
    EXPECT_EQ(r.status, status) << r.raw;
    ASSERT_TRUE(r.body.is_object()) << "not a JSON body: " << r.raw;
    ASSERT_TRUE(r.body.contains("error")) << r.raw;
    EXPECT_EQ(r.body["error"].value("kind", ""), kind) << r.raw;
    EXPECT_FALSE(r.body["error"].value("message", "").empty()) << r.raw;
    EXPECT_TRUE(r.body["error"].contains("hint")) << r.raw;
  }

  static TempDir* work_;
  static ServerProcess* server_;
};

TempDir* ServerBadInput::work_ = nullptr;
ServerProcess* ServerBadInput::server_ = nullptr;

TEST_F(ServerBadInput, MalformedJsonIs400) {
  auto cli = server_->client();
  auto r = post_text(cli, "/api/actions/data.list", "{\"dataset\": ");
  expect_error(r, 400, "invalid_argument");
  auto not_object = post_text(cli, "/api/actions/data.list", "[1, 2]");
  expect_error(not_object, 400, "invalid_argument");
}

TEST_F(ServerBadInput, UnknownActionIs404WithSuggestion) {
  auto cli = server_->client();
  auto r = post_text(cli, "/api/actions/data.lst", "{}");
  expect_error(r, 404, "not_found");
  EXPECT_NE(lower(r.body["error"].value("hint", "")).find("did you mean"), std::string::npos) << r.raw;
  EXPECT_NE(r.body["error"].value("hint", "").find("data.list"), std::string::npos) << r.raw;
}

TEST_F(ServerBadInput, WrongArgumentTypeNamesTheField) {
  auto cli = server_->client();
  // Start from the action's own valid example so only the one field is wrong.
  auto actions = get_json(cli, "/api/actions");
  ASSERT_EQ(actions.status, 200);
  Json args = {{"model", "xgboost_classifier"}};
  for (const auto& a : actions.body["actions"])
    if (a["name"] == "ml.train" && a["example"].is_object()) args = a["example"];
  args["dataset"] = 5;
  auto r = post_json(cli, "/api/actions/ml.train", args);
  expect_error(r, 400, "invalid_argument");
  EXPECT_NE(r.body["error"].value("message", "").find("dataset"), std::string::npos) << r.raw;
}

TEST_F(ServerBadInput, OversizeBodyIs413) {
  auto cli = server_->client();
  const std::string body = "{\"path\":\"" + std::string(2u << 20, 'a') + "\"}";
  auto r = post_text(cli, "/api/actions/data.import_csv", body);
  expect_error(r, 413, "invalid_argument");
}

TEST_F(ServerBadInput, PathTraversalIsDeniedAndChangesNothing) {
  auto cli = server_->client();
  auto before = get_json(cli, "/api/datasets");
  ASSERT_EQ(before.status, 200) << before.raw;
  auto r = post_json(cli, "/api/actions/data.import_csv", {{"path", "../../etc/passwd"}});
  expect_error(r, 403, "denied");
  EXPECT_TRUE(r.body.contains("decision")) << r.raw;
  EXPECT_EQ(r.body["decision"].value("allowed", true), false) << r.raw;
  auto after = get_json(cli, "/api/datasets");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(before.body, after.body);
}

TEST_F(ServerBadInput, MissingOrMalformedTrialIds) {
  auto cli = server_->client();
  expect_error(get_json(cli, "/api/trials/987654321"), 404, "not_found");
  expect_error(get_json(cli, "/api/trials/987654321/events"), 404, "not_found");
  expect_error(post_text(cli, "/api/trials/987654321/cancel", ""), 404, "not_found");
  expect_error(get_json(cli, "/api/trials/abc"), 400, "invalid_argument");
  expect_error(get_json(cli, "/api/trials?limit=lots"), 400, "invalid_argument");
  expect_error(get_json(cli, "/api/trials?state=sleeping"), 400, "invalid_argument");
  expect_error(get_json(cli, "/api/audit?limit=0"), 400, "invalid_argument");
}

}  // namespace
}  // namespace mlt::test
