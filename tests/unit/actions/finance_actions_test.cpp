// The finance actions end to end through a local registry, the way the chat,
// CLI and API call them: options (Hull's worked example, implied-vol round
// trip, payoff chart), a Dow-30 portfolio, VaR, a 2008 stress replay and an
// RSI backtest with costs, all on the bundled real data imported into an
// in-memory store. Schema refusals name the offending field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "actions/backtest_actions.h"
#include "actions/data_actions.h"
#include "actions/option_actions.h"
#include "actions/portfolio_actions.h"
#include "core/error.h"
#include "store/store.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

constexpr TimestampMs kNow = 1'764'000'000'000;  // 2025-11-24

class FinanceActionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One store for the suite: importing the two files once keeps the suite fast.
    store_ = Store::in_memory();
    registry_ = std::make_unique<ActionRegistry>();
    register_data_actions(*registry_);
    register_option_actions(*registry_);
    register_portfolio_actions(*registry_);
    register_backtest_actions(*registry_);
    env_ = std::make_unique<Env>();
    env_->file_roots = {test::source_dir()};
    env_->clock = [] { return kNow; };
    config_ = std::make_unique<Config>();
    run("data.import_csv", {{"path", "data/market/sp500_daily_2000-2020.csv"}, {"name", "sp500_daily"}});
    run("data.import_csv",
        {{"path", "data/market/dowjones30_close_1991-2000.csv"}, {"name", "dow30_close"}, {"layout", "wide"}});
  }
  static void TearDownTestSuite() {
    config_.reset();
    env_.reset();
    registry_.reset();
    store_.reset();
  }

  static Json run(const std::string& action, const Json& args) {
    registry_->validate(action, args);
    ActionContext ctx{*store_, *env_, *config_, "test", std::nullopt, {}, {}};
    return registry_->get(action).run(args, ctx);
  }

  // The error of a refused call; fails the test if the call succeeds.
  static Error refusal(const std::string& action, const Json& args) {
    try {
      run(action, args);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << action << " accepted " << args.dump();
    return Error(ErrorKind::Internal, "accepted");
  }

  static inline std::unique_ptr<Store> store_;
  static inline std::unique_ptr<ActionRegistry> registry_;
  static inline std::unique_ptr<Env> env_;
  static inline std::unique_ptr<Config> config_;
};

const Json kHull = {{"spot", 42}, {"strike", 40}, {"rate", 0.1}, {"volatility", 0.2}, {"expiry_years", 0.5}};

TEST_F(FinanceActionsTest, OptionPriceReproducesHullsExample) {
  // Hull, Options, Futures and Other Derivatives, example 15.6: c = 4.76, p = 0.81.
  Json call = kHull;
  call["type"] = "call";
  const Json c = run("finance.option_price", call);
  EXPECT_EQ(c["method"], "bsm");
  EXPECT_NEAR(c["price"].get<double>(), 4.7594, 5e-5);
  EXPECT_NEAR(c["greeks"]["delta"].get<double>(), 0.7791, 5e-5);
  Json put = kHull;
  put["type"] = "put";
  EXPECT_NEAR(run("finance.option_price", put)["price"].get<double>(), 0.8086, 5e-5);
}

TEST_F(FinanceActionsTest, ImpliedVolRoundTripsThePrice) {
  Json call = kHull;
  const double price = run("finance.option_price", call)["price"].get<double>();
  Json args = kHull;
  args.erase("volatility");
  args["price"] = price;
  const Json iv = run("finance.implied_vol", args);
  EXPECT_NEAR(iv["implied_volatility"].get<double>(), 0.2, 1e-12);
  EXPECT_LE(iv["iterations"].get<int>(), 2);
  EXPECT_LE(std::fabs(iv["repricing_error"].get<double>()), 1e-12);
  // Below the intrinsic value: refused, naming the bounds.
  args["price"] = 1.0;
  const Error e = refusal("finance.implied_vol", args);
  EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(e.message().find("no-arbitrage bounds"), std::string::npos) << e.message();
}

TEST_F(FinanceActionsTest, OptionPayoffHasTheHockeyStickShape) {
  Json args = kHull;
  args.update(Json{{"type", "call"}, {"spot_min", 20}, {"spot_max", 60}, {"points", 41}});
  const Json p = run("finance.option_payoff", args);
  const auto& spots = p["spots"];
  ASSERT_EQ(spots.size(), 41u);
  const double premium = p["premium"].get<double>();
  EXPECT_NEAR(premium, 4.7594, 5e-5);
  const double carried = premium * std::exp(0.1 * 0.5);  // the premium financed to expiry at r
  EXPECT_NEAR(p["breakeven_at_expiry"].get<double>(), 40 + carried, 1e-9);
  double last_delta = 0.0;
  for (std::size_t i = 0; i < spots.size(); ++i) {
    const double s = spots[i].get<double>();
    EXPECT_NEAR(p["payoff_at_expiry"][i].get<double>(), std::max(s - 40.0, 0.0), 1e-12) << s;
    EXPECT_NEAR(p["profit_at_expiry"][i].get<double>(), std::max(s - 40.0, 0.0) - carried, 1e-12) << s;
    // Today's value lies above the discounted intrinsic value; delta rises from 0 to 1.
    EXPECT_GE(p["value_today"][i].get<double>(), std::max(s - 40.0 * std::exp(-0.05), 0.0) - 1e-12) << s;
    const double delta = p["delta_today"][i].get<double>();
    EXPECT_GE(delta, last_delta) << s;
    EXPECT_LE(delta, 1.0);
    last_delta = delta;
  }
}

TEST_F(FinanceActionsTest, PortfolioOptimizeOnTheDow30IsFeasibleAndStored) {
  const Json r =
      run("portfolio.optimize", {{"dataset", "dow30_close"}, {"objective", "max_sharpe"}, {"max_weight", 0.1}});
  const Json& w = r["portfolio"]["weights"];
  EXPECT_GE(w.size(), 25u);  // the Dow-30 file's columns with full history
  double sum = 0.0;
  for (const auto& [asset, weight] : w.items()) {
    EXPECT_GE(weight.get<double>(), -1e-9) << asset;  // long-only by default
    EXPECT_LE(weight.get<double>(), 0.1 + 1e-9) << asset;
    sum += weight.get<double>();
  }
  EXPECT_NEAR(sum, 1.0, 1e-8);
  EXPECT_GT(r["portfolio"]["volatility"].get<double>(), 0.0);
  EXPECT_GT(r["result_id"].get<std::int64_t>(), 0);

  // Minimum variance is never more volatile than the max-Sharpe portfolio under the same constraints.
  const Json mv =
      run("portfolio.optimize", {{"dataset", "dow30_close"}, {"objective", "min_variance"}, {"max_weight", 0.1}});
  EXPECT_LE(mv["portfolio"]["volatility"].get<double>(), r["portfolio"]["volatility"].get<double>() + 1e-9);
}

TEST_F(FinanceActionsTest, RiskVarGivesEveryMethodWithCvarBeyondVar) {
  const Json r = run("risk.var",
                     {{"dataset", "sp500_daily"}, {"confidence", 0.99}, {"horizon", 10}, {"portfolio_value", 1000000}});
  ASSERT_EQ(r["results"].size(), 4u);
  for (const auto& m : r["results"]) {
    const double var = m["var"].get<double>(), cvar = m["cvar"].get<double>();
    EXPECT_GT(var, 0.02) << m["method"];  // S&P 500 2000-2020: a 10-day 99% loss of several percent
    EXPECT_LT(var, 0.25) << m["method"];
    EXPECT_GE(cvar, var - 1e-12) << m["method"];
    EXPECT_NEAR(m["var_amount"].get<double>(), var * 1e6, 1e-6) << m["method"];
  }
}

TEST_F(FinanceActionsTest, RiskStressReplays2008) {
  const Json r =
      run("risk.stress", {{"dataset", "sp500_daily"}, {"scenarios", {"gfc_2007_2009"}}, {"portfolio_value", 1000000}});
  ASSERT_EQ(r["scenarios"].size(), 1u);
  const Json& s = r["scenarios"][0];
  EXPECT_EQ(s["covered"], true);
  // S&P 500 close 2007-10-09 1565.15 to 2009-03-09 676.53: -56.8%.
  EXPECT_NEAR(s["total_return"].get<double>(), 676.53 / 1565.15 - 1.0, 1e-3);
  EXPECT_NEAR(s["pnl"].get<double>(), s["total_return"].get<double>() * 1e6, 1e-6);
  EXPECT_LE(s["max_drawdown"].get<double>(), -0.5);  // drawdowns are negative fractions

  // Outside the data's dates a window is reported as not covered rather than invented.
  const Json dow = run("risk.stress", {{"dataset", "dow30_close"}, {"scenarios", {"gfc_2007_2009", "ltcm_1998"}}});
  EXPECT_EQ(dow["scenarios"][0]["covered"], false);
  EXPECT_EQ(dow["scenarios"][1]["covered"], true);
  EXPECT_LT(dow["scenarios"][1]["total_return"].get<double>(), 0.0);
}

TEST_F(FinanceActionsTest, BacktestRunChargesCostsAndTradesNextBar) {
  const Json base{{"dataset", "sp500_daily"}, {"strategy", "rsi_reversion"}};
  Json with_costs = base;
  with_costs.update(Json{{"commission_bps", 5}, {"slippage_bps", 5}});
  Json free = base;
  free.update(Json{{"commission_bps", 0}, {"slippage_bps", 0}});
  const Json r = run("backtest.run", with_costs);
  const Json f = run("backtest.run", free);
  EXPECT_EQ(r["inputs"]["execution"], "next_open");  // bars with opens: a close-t signal fills at the t+1 open
  EXPECT_GT(r["stats"]["bars"].get<int>(), 5000);
  EXPECT_GT(r["trades_total"].get<int>(), 0);
  EXPECT_GT(r["stats"]["total_costs"].get<double>(), 0.0);
  EXPECT_EQ(f["stats"]["total_costs"].get<double>(), 0.0);
  EXPECT_LT(r["stats"]["total_return"].get<double>(), f["stats"]["total_return"].get<double>());
  EXPECT_LE(r["charts"]["equity"].size(), 2000u);
  EXPECT_GT(r["result_id"].get<std::int64_t>(), 0);
}

TEST_F(FinanceActionsTest, SchemaErrorsNameTheField) {
  auto names = [](const std::string& action, const Json& args, const std::string& field) {
    const Error e = refusal(action, args);
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument) << action;
    EXPECT_NE(e.message().find(field), std::string::npos) << action << ": " << e.message();
  };
  names("finance.option_price", {{"spot", 42}, {"volatility", 0.2}, {"expiry_years", 0.5}}, "strike");
  names("finance.option_price", {{"spot", 42}, {"strike", 40}, {"volatility", -0.2}, {"expiry_years", 0.5}},
        "volatility");
  names("finance.implied_vol", {{"spot", 42}, {"strike", 40}, {"expiry_years", 0.5}, {"price", "4.76"}}, "price");
  names("portfolio.optimize", {{"dataset", "dow30_close"}, {"objective", "moonshot"}}, "objective");
  names("risk.var", {{"dataset", "sp500_daily"}, {"horizon", "ten"}}, "horizon");
  names("risk.stress", {{"dataset", "sp500_daily"}, {"scenarios", {"tulip_mania_1637"}}}, "scenarios");
  names("backtest.run", {{"strategy", "rsi_reversion"}}, "dataset");
}

}  // namespace
}  // namespace mlt
