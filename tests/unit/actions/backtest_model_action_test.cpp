// backtest.model end to end on the real S&P 500 bars: a logistic model saved
// from 2000-2012 trades 2013-2015 in one step, exactly as ml.predict followed
// by backtest.run with the predictions as `signal`; windows overlapping the
// training data are refused.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "actions/backtest_actions.h"
#include "actions/data_actions.h"
#include "actions/ml_actions.h"
#include "core/error.h"
#include "store/store.h"
#include "action_test.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

class BacktestModelActionTest : public test::ActionTest {
 protected:
  static void SetUpTestSuite() {
    temp_ = new test::TempDir();
    // The real file's 2000-2012 rows: the span the model may learn from.
    std::ifstream in(test::data_file("market/sp500_daily_2000-2020.csv"));
    std::ofstream out(temp_->path() / "sp500_2000_2012.csv");
    std::string line;
    std::getline(in, line);
    out << line << '\n';
    while (std::getline(in, line))
      if (line.compare(0, 4, "2013") < 0) out << line << '\n';
  }
  static void TearDownTestSuite() {
    delete temp_;
    temp_ = nullptr;
  }

  BacktestModelActionTest() {
    register_data_actions(registry_);
    register_ml_actions(registry_);
    register_backtest_actions(registry_);
    env_.file_roots = {test::source_dir(), temp_->path()};
    env_.clock = [] { return TimestampMs{1'764'000'000'000}; };
    run("data.import_csv", {{"path", "data/market/sp500_daily_2000-2020.csv"}, {"name", "sp500_daily"}});
    run("data.import_csv", {{"path", (temp_->path() / "sp500_2000_2012.csv").string()}, {"name", "sp500_2000_2012"}});
    run("ml.train", {{"dataset", "sp500_2000_2012"}, {"model", "logistic_l2"}, {"folds", 3}, {"name", "spx_logit"}});
  }

  static test::TempDir* temp_;
};

test::TempDir* BacktestModelActionTest::temp_ = nullptr;

TEST_F(BacktestModelActionTest, EqualsPredictThenBacktestRunWithTheSignal) {
  const Json window{{"from", "2013-01-02"}, {"to", "2015-12-31"}};
  const Json r = run("backtest.model", {{"name", "spx_logit"},
                                        {"dataset", "sp500_daily"},
                                        {"from", window["from"]},
                                        {"to", window["to"]},
                                        {"max_trades", 5000}});
  EXPECT_EQ(r["model"]["name"], "spx_logit");
  EXPECT_EQ(r["model"]["version"], 1);
  EXPECT_EQ(r["model"]["trained_on"], "sp500_2000_2012");
  EXPECT_LT(r["model"]["fitted_to"].get<std::string>(), "2013-01-01");
  EXPECT_EQ(r["window"]["from"], "2013-01-02");
  EXPECT_EQ(r["window"]["to"], "2015-12-31");
  EXPECT_EQ(r["strategy"]["signal_mode"], "threshold");  // a classifier's probabilities
  EXPECT_GT(r["predictions"].get<std::size_t>(), 700U);

  // The manual path: ml.predict on the same window, copied into backtest.run.
  const Json p =
      run("ml.predict",
          {{"name", "spx_logit"}, {"dataset", "sp500_daily"}, {"from", window["from"]}, {"to", window["to"]}});
  Json signal = Json::array();
  for (const auto& x : p["predictions"]) signal.push_back(Json{{"t", x["date"]}, {"value", x["prediction"]}});
  const Json m = run("backtest.run", {{"dataset", "sp500_daily"},
                                      {"from", window["from"]},
                                      {"to", window["to"]},
                                      {"signal", signal},
                                      {"signal_mode", "threshold"},
                                      {"max_trades", 5000}});
  // Same positions: the same trades, equity curve and statistics.
  EXPECT_GT(r["trades_total"].get<std::size_t>(), 0U);
  EXPECT_EQ(r["trades"], m["trades"]);
  EXPECT_EQ(r["charts"]["equity"], m["charts"]["equity"]);
  EXPECT_EQ(r["stats"], m["stats"]);
}

TEST_F(BacktestModelActionTest, RefusesAWindowOverlappingTheTrainingData) {
  try {
    run("backtest.model", {{"name", "spx_logit"}, {"dataset", "sp500_daily"}, {"from", "2012-06-01"}});
    ADD_FAILURE() << "an in-sample window was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.message().find("in-sample"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("2012-12-"), std::string::npos) << e.message();  // the training end date
    EXPECT_NE(e.hint().find("2013-01-02"), std::string::npos) << e.hint();      // the first allowed start
  }
  // Without `from` the window starts at the first bar after the training labels.
  const Json r = run("backtest.model", {{"name", "spx_logit"}, {"dataset", "sp500_daily"}, {"to", "2013-12-31"}});
  EXPECT_EQ(r["window"]["from"], "2013-01-02");
}

TEST_F(BacktestModelActionTest, UnknownModelOrVersionIsNotFound) {
  EXPECT_THROW(run("backtest.model", {{"name", "no_such_model"}}), Error);
  try {
    run("backtest.model", {{"name", "spx_logit"}, {"version", 9}});
    ADD_FAILURE() << "version 9 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

}  // namespace
}  // namespace mlt
