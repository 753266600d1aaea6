// The CLI as a script would use it: exit codes, one-line errors, --format json,
// and the full flow import → train (as a trial run in-process) → results → audit.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>

#include "cli_process.h"

namespace mlt::test {
namespace {

using nlohmann::json;

class CliTest : public ::testing::Test {
 protected:
  CliResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", (work.path() / "store").string()});
    return run_cli(args, work.path());
  }
  TempDir work;
};

TEST_F(CliTest, ImportTrainResultsAndVerifyAsJson) {
  auto r = run({"--format", "json", "data", "import", "data/market/aapl_daily_2013-2018.csv", "--name", "aapl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["rows"], 1260);

  r = run({"--format", "json", "run", "ml.train", "--arg", "dataset=aapl", "--arg", "model=logistic_l2", "--arg",
           "folds=3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json result = json::parse(r.out);
  EXPECT_EQ(result["model"], "logistic_l2");
  const double auc = result["metrics"]["auc"]["mean"].get<double>();
  EXPECT_GT(auc, 0.0);
  EXPECT_LT(auc, 1.0);

  r = run({"--format", "json", "ml", "results"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["results"].size(), 1u);

  r = run({"--format", "json", "trials", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["trials"][0]["state"], "succeeded");

  r = run({"audit", "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("OK"), std::string::npos) << r.out;
}

TEST_F(CliTest, ErrorsAreOneLineWithTheKindsExitCode) {
  auto r = run({"run", "data.lst"});
  EXPECT_EQ(r.exit_code, 3);  // not_found
  EXPECT_NE(r.err.find("did you mean 'data.list'"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  r = run({"run", "data.show", "--arg", "name=x", "--arg", "head=-4"});
  EXPECT_EQ(r.exit_code, 2) << r.err;  // invalid_argument, names the field
  EXPECT_NE(r.err.find("/head"), std::string::npos) << r.err;

  r = run({"data", "import", "../../etc/passwd"});
  EXPECT_EQ(r.exit_code, 6) << r.err;  // denied by the gateway

  r = run({"run", "data.list", "--json", "{not json"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST_F(CliTest, DataDirMayFollowTheSubcommandAndStatusReportsTheSchema) {
  const auto store = (work.path() / "other").string();
  auto r = run_cli({"db", "status", "--data-dir", store, "--format", "json"}, work.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json status = json::parse(r.out);
  EXPECT_EQ(status["schema_version"], status["latest_schema_version"]);
  EXPECT_NE(status["path"].get<std::string>().find("other"), std::string::npos);
}

TEST_F(CliTest, TamperedAuditLogFailsVerification) {
  ASSERT_EQ(run({"data", "list"}).exit_code, 0);
  ASSERT_EQ(run({"data", "import", "data/market/goog_daily_2004-2008.csv", "--name", "goog"}).exit_code, 0);
  // Edit the store behind mltrainer's back, as the sqlite3 shell could.
  const auto db = (work.path() / "store" / "mltrainer.db").string();
  const std::string sql = "DROP TRIGGER audit_no_update; UPDATE audit SET actor='mallory' WHERE seq=1;";
  ASSERT_EQ(std::system(("sqlite3 '" + db + "' \"" + sql + "\"").c_str()), 0);
  auto r = run({"audit", "verify"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("BROKEN at record 1"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mlt::test
