// `mltrainer run ml.tune` as a user would type it: a bundled dataset is
// imported, a small grid runs as a trial, and the terminal shows the
// candidate table with real scores.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_process.h"

namespace mlt::test {
namespace {

class CliTuneTest : public ::testing::Test {
 protected:
  CliResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data-dir", (work.path() / "store").string()});
    return run_cli(args, work.path());
  }
  TempDir work;
};

TEST_F(CliTuneTest, GridOverRidgeAlphaPrintsTheCandidateTable) {
  ASSERT_EQ(run({"data", "import", "data/market/aapl_daily_2013-2018.csv", "--name", "aapl"}).exit_code, 0);
  auto r = run(
      {"run", "ml.tune", "--json", R"({"dataset":"aapl","model":"ridge","folds":3,"space":{"alpha":[1,100,10000]}})"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The candidate table: a header row, then one row per alpha with its inner score.
  EXPECT_NE(r.out.find("candidates:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rank"), std::string::npos) << r.out;
  for (const char* setting : {"alpha=1", "alpha=100", "alpha=10000"})
    EXPECT_NE(r.out.find(setting), std::string::npos) << setting << "\n" << r.out;
  EXPECT_NE(r.out.find("recommended:"), std::string::npos) << r.out;

  r = run({"--format", "json", "ml", "results"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto results = nlohmann::json::parse(r.out)["results"];
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0]["kind"], "ml.tune");
  EXPECT_EQ(results[0]["model"], "ridge");

  r = run({"run", "ml.tune", "--json", R"({"dataset":"aapl","model":"ridge","space":{"lambda":[1]}})"});
  EXPECT_EQ(r.exit_code, 2) << r.err;  // invalid_argument, naming the parameter
  EXPECT_NE(r.err.find("lambda"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mlt::test
