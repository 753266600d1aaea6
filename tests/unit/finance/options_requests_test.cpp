// The JSON requests behind the finance.option_* actions: arguments in,
// results out, errors as Error{InvalidArgument} with hints.
#include <gtest/gtest.h>

#include "core/error.h"
#include "finance/options/option_requests.h"

namespace mlt::options {
namespace {

ErrorKind error_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.message() + " | " + e.hint();
    return e.kind();
  }
  ADD_FAILURE() << "no error";
  return ErrorKind::Internal;
}

TEST(OptionRequests, BsmPriceWithGreeks) {
  const Json r = option_price_request(
      Json{{"type", "call"}, {"spot", 42}, {"strike", 40}, {"expiry_years", 0.5}, {"rate", 0.1}, {"volatility", 0.2}},
      42);
  EXPECT_NEAR(r["price"].get<double>(), 4.76, 0.005);
  for (const char* g : {"delta", "gamma", "vega", "theta", "rho"}) EXPECT_TRUE(r["greeks"].contains(g)) << g;
  EXPECT_EQ(r["method"], "bsm");
}

TEST(OptionRequests, DatesGiveAnExplicitValuationDate) {
  const Json r = option_price_request(Json{{"type", "put"}, {"spot", 100}, {"strike", 100}, {"volatility", 0.2},
                                           {"valuation_date", "2025-01-01"}, {"expiry_date", "2026-01-01"}},
                                      42);
  EXPECT_DOUBLE_EQ(r["inputs"]["expiry_years"].get<double>(), 1.0);  // 365 days, ACT/365F
  std::string msg;
  EXPECT_EQ(error_of([] {
              option_price_request(Json{{"spot", 100}, {"strike", 100}, {"volatility", 0.2},
                                        {"valuation_date", "2025-01-01"}, {"expiry_date", "2024-01-01"}},
                                   42);
            }, &msg),
            ErrorKind::InvalidArgument);
  EXPECT_NE(msg.find("not after"), std::string::npos) << msg;
  EXPECT_EQ(error_of([] { option_price_request(Json{{"spot", 100}, {"strike", 100}, {"volatility", 0.2}}, 42); }),
            ErrorKind::InvalidArgument);
}

TEST(OptionRequests, AmericanBinomialReportsTheEarlyExercisePremium) {
  const Json args{{"type", "put"}, {"exercise", "american"}, {"method", "binomial"}, {"tree", "crr"}, {"steps", 5},
                  {"spot", 50}, {"strike", 50}, {"expiry_years", 5.0 / 12}, {"rate", 0.1}, {"volatility", 0.4}};
  const Json r = option_price_request(args, 42);
  EXPECT_NEAR(r["price"].get<double>(), 4.49, 0.005);
  EXPECT_NEAR(r["european_price"].get<double>(), 4.32, 0.005);
  EXPECT_GT(r["early_exercise_premium"].get<double>(), 0.1);
  Json bsm = args;
  bsm["method"] = "bsm";
  std::string msg;
  EXPECT_EQ(error_of([&] { option_price_request(bsm, 42); }, &msg), ErrorKind::InvalidArgument);
  EXPECT_NE(msg.find("binomial"), std::string::npos);
}

TEST(OptionRequests, SmallMonteCarloInlineLargeOnesRefusedWithAHint) {
  Json args{{"method", "mc"}, {"spot", 100}, {"strike", 100}, {"expiry_years", 1}, {"rate", 0.05},
            {"volatility", 0.2}, {"paths", 20000}, {"seed", 3}};
  const Json r = option_price_request(args, 42);
  EXPECT_NEAR(r["price"].get<double>(), r["black_scholes_price"].get<double>(), 4 * r["std_error"].get<double>());
  EXPECT_EQ(r["seed"], 3);
  args["paths"] = 50'000'000;
  std::string msg;
  EXPECT_EQ(error_of([&] { option_price_request(args, 42); }, &msg), ErrorKind::InvalidArgument);
  EXPECT_NE(msg.find("finance.option_mc"), std::string::npos);
}

TEST(OptionRequests, MonteCarloTrialWithBarrierAndSamplePaths) {
  const Json args{{"payoff", "barrier"}, {"barrier", {{"type", "up_and_out"}, {"level", 130}}}, {"fixings", 12},
                  {"spot", 100}, {"strike", 100}, {"expiry_years", 1}, {"rate", 0.05}, {"volatility", 0.2},
                  {"paths", 20000}, {"sample_paths", 3}};
  int progress_calls = 0;
  const Json r = option_mc_request(args, 42, [&](double) { ++progress_calls; });
  EXPECT_GT(progress_calls, 0);
  EXPECT_GT(r["price"].get<double>(), 0.0);
  EXPECT_GT(r["std_error"].get<double>(), 0.0);
  EXPECT_EQ(r["seed"], 42);  // the default seed is recorded
  EXPECT_EQ(r["sample_paths"]["spots"].size(), 3u);
  EXPECT_EQ(r["barrier"]["type"], "up_and_out");
}

TEST(OptionRequests, ImpliedVolAndItsBounds) {
  const Json r = implied_vol_request(
      Json{{"type", "call"}, {"price", 1.875}, {"spot", 21}, {"strike", 20}, {"expiry_years", 0.25}, {"rate", 0.1}});
  EXPECT_NEAR(r["implied_volatility"].get<double>(), 0.235, 0.0005);
  std::string msg;
  EXPECT_EQ(error_of([] {
              implied_vol_request(Json{{"type", "call"}, {"price", 0.5}, {"spot", 21}, {"strike", 20},
                                       {"expiry_years", 0.25}, {"rate", 0.1}});
            }, &msg),
            ErrorKind::InvalidArgument);
  EXPECT_NE(msg.find("no-arbitrage bounds"), std::string::npos) << msg;
}

TEST(OptionRequests, PayoffChartData) {
  const Json r = option_payoff_request(Json{{"type", "call"}, {"spot", 100}, {"strike", 105}, {"expiry_years", 0.5},
                                            {"rate", 0.03}, {"volatility", 0.25}, {"points", 51}});
  ASSERT_EQ(r["spots"].size(), 51u);
  ASSERT_EQ(r["value_today"].size(), 51u);
  EXPECT_EQ(r["payoff_at_expiry"][0], 0.0);
  for (std::size_t i = 0; i < 51; ++i)
    EXPECT_GE(r["value_today"][i].get<double>() + 1e-12, r["payoff_at_expiry"][i].get<double>() * std::exp(-0.015));
  EXPECT_GT(r["breakeven_at_expiry"].get<double>(), 105.0);
}

}  // namespace
}  // namespace mlt::options
