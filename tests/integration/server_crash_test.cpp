// Crash test: kill -9 the server while a trial runs, restart it on the same
// data folder, and check that nothing acknowledged was lost: the trial is
// resumed or cleanly failed ("interrupted"), the audit chain verifies, and
// the datasets are still there.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "integration/http_test_client.h"
#include "integration/server_process.h"

namespace mlt::test {
namespace {

using namespace std::chrono_literals;

std::set<std::string> dataset_names(const Json& j) {
  std::set<std::string> names;
  const Json& list = j.is_object() && j.contains("datasets") ? j["datasets"] : j;
  if (list.is_array())
    for (const auto& d : list)
      if (d.is_object() && d.contains("name")) names.insert(d["name"].get<std::string>());
  return names;
}

// Polls the trial until it is terminal or the timeout passes.
Json wait_terminal(httplib::Client& cli, std::int64_t id, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Json last;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = get_json(cli, "/api/trials/" + std::to_string(id));
    if (r.status == 200) {
      last = r.body;
      const std::string state = last.value("state", "");
      if (state == "succeeded" || state == "failed" || state == "cancelled") return last;
    }
    std::this_thread::sleep_for(200ms);
  }
  return last;
}

TEST(ServerCrash, RestartRecoversInterruptedTrial) {
  TempDir work;
  std::set<std::string> before;
  std::vector<std::int64_t> ids;
  std::optional<std::int64_t> running_at_kill;
  {
    ServerProcess server(work.path());
    auto cli = server.client();
    auto datasets = get_json(cli, "/api/datasets");
    ASSERT_EQ(datasets.status, 200) << datasets.raw;
    before = dataset_names(datasets.body);
    ASSERT_TRUE(before.count("sp500_daily")) << datasets.raw;

    // Two trials of a few seconds each: one is running when the kill lands,
    // and with a small worker pool the other may still be queued.
    for (int i = 0; i < 2; ++i) {
      auto submitted = post_json(cli, "/api/actions/ml.train",
                                 {{"dataset", "sp500_daily"}, {"model", "xgboost_classifier"}, {"folds", 6}});
      ASSERT_EQ(submitted.status, 202) << submitted.raw;
      ids.push_back(submitted.body["trial"]["id"].get<std::int64_t>());
    }
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (!running_at_kill && std::chrono::steady_clock::now() < deadline) {
      auto running = get_json(cli, "/api/trials?state=running");
      ASSERT_EQ(running.status, 200) << running.raw;
      if (!running.body["trials"].empty()) running_at_kill = running.body["trials"][0]["id"].get<std::int64_t>();
      else std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(running_at_kill.has_value()) << "no trial was seen running";
    server.kill_now();
  }

  ServerProcess restarted(work.path());
  auto cli = restarted.client();

  auto verify = get_json(cli, "/api/audit/verify");
  ASSERT_EQ(verify.status, 200) << verify.raw;
  EXPECT_TRUE(verify.body.value("ok", false)) << verify.raw;

  auto datasets = get_json(cli, "/api/datasets");
  ASSERT_EQ(datasets.status, 200) << datasets.raw;
  const auto after = dataset_names(datasets.body);
  for (const auto& name : before) EXPECT_TRUE(after.count(name)) << name << " was lost in the crash";

  for (std::int64_t id : ids) {
    const Json record = wait_terminal(cli, id, 600s);
    const std::string state = record.value("state", "");
    ASSERT_TRUE(state == "succeeded" || state == "failed") << "trial " << id << ": " << record.dump();
    if (state == "failed") {
      EXPECT_NE(record.dump().find("interrupted"), std::string::npos)
          << "a trial may only fail here because the crash interrupted it: " << record.dump();
    }
  }

  // The chain still verifies after the recovery wrote its own records.
  auto verify_again = get_json(cli, "/api/audit/verify");
  EXPECT_TRUE(verify_again.body.value("ok", false)) << verify_again.raw;
}

}  // namespace
}  // namespace mlt::test
