// Runtime::call end to end on the bundled real data: schema errors name the
// field, instant actions run inline, trial actions queue, everything is audited.
#include "trials/runtime.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

Config config_in(const test::TempDir& dir) {
  Config cfg;
  cfg.data_dir = dir.path();
  cfg.file_roots = {test::source_dir()};
  cfg.workers = 1;
  return cfg;
}

TEST(Runtime, ImportsTheBundledDataOnceWithProvenance) {
  test::TempDir dir;
  Runtime rt(config_in(dir), Env{});
  const int n = rt.import_bundled_data(test::source_dir() / "data");
  EXPECT_GE(n, 7);
  EXPECT_EQ(rt.import_bundled_data(test::source_dir() / "data"), 0);  // first start only
  const Json list = rt.call("data.list", Json::object(), "test").result["datasets"];
  bool found = false;
  for (const auto& d : list)
    if (d["name"] == "sp500_daily") {
      found = true;
      EXPECT_EQ(d["source"], "user_file");
      EXPECT_EQ(d["rows"], 5105);
      EXPECT_EQ(d["sha256"], "9409e9342d0657c747324e4cfabce8a8c7f663bc485b95a3378f36b0a160f8c8");
    }
  EXPECT_TRUE(found);
  EXPECT_TRUE(rt.audit().verify().ok);
}

TEST(Runtime, SchemaErrorsNameTheField) {
  test::TempDir dir;
  Runtime rt(config_in(dir), Env{});
  try {
    rt.call("data.show", {{"name", "sp500_daily"}, {"head", "five"}}, "test");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.message().find("/head"), std::string::npos) << e.message();
  }
  try {
    rt.call("data.lst", Json::object(), "test");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.hint().find("data.list"), std::string::npos) << e.hint();
  }
}

TEST(Runtime, HandlerErrorsAreAuditedAndRethrown) {
  test::TempDir dir;
  Runtime rt(config_in(dir), Env{});
  EXPECT_THROW(rt.call("data.describe", {{"name", "no_such_dataset"}}, "test"), Error);
  const Json last = rt.audit().tail(1).at(0);
  EXPECT_EQ(last["action"], "data.describe");
  EXPECT_EQ(last["result"]["error"]["kind"], "not_found");
}

TEST(Runtime, TrialActionsAreQueuedNotRunInline) {
  test::TempDir dir;
  Runtime rt(config_in(dir), Env{});
  rt.import_bundled_data(test::source_dir() / "data");
  const CallOutcome out = rt.call("ml.train", {{"dataset", "sp500_daily"}, {"folds", 2}}, "test");
  ASSERT_TRUE(out.trial_id.has_value());
  EXPECT_EQ(rt.trials().get(*out.trial_id).state, TrialState::Queued);
  EXPECT_EQ(out.to_json()["trial"]["state"], "queued");
}

}  // namespace
}  // namespace mlt
