// Implied volatility: round trips across moneyness, maturity and volatility,
// to ~1e-12 in price; refusals name the no-arbitrage bounds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/error.h"
#include "finance/options/black_scholes.h"
#include "finance/options/implied_volatility.h"

namespace mlt::options {
namespace {

TEST(ImpliedVol, RoundTripsAcrossMoneynessMaturityAndVolatility) {
  int cases = 0;
  double worst = 0.0;
  for (double K : {20.0, 50.0, 80.0, 95.0, 100.0, 105.0, 125.0, 200.0, 400.0})
    for (double T : {1.0 / 365, 0.1, 0.5, 2.0, 10.0})
      for (double vol : {0.01, 0.05, 0.15, 0.3, 0.8, 2.0})
        for (double q : {0.0, 0.03})
          for (OptionType type : {OptionType::Call, OptionType::Put}) {
            const VanillaOption o{type, K, T};
            const MarketInputs m{100.0, 0.04, q, vol};
            const double price = bsm_price(o, m);
            const PriceBounds b = no_arbitrage_bounds(o, m);
            // Only quotes that carry information about vol: time value above the
            // double-precision noise of the intrinsic value.
            if (price - b.lower < 1e-10 * std::max(1.0, b.lower) || b.upper - price < 1e-10 * b.upper) continue;
            const ImpliedVol iv = implied_volatility(o, price, m);
            ++cases;
            const double err = std::fabs(iv.repricing_error) / std::max(1.0, price);
            worst = std::max(worst, err);
            EXPECT_LE(err, 1e-12) << type_name(type) << " K=" << K << " T=" << T << " vol=" << vol
                                  << " implied=" << iv.volatility << " iterations=" << iv.iterations;
            EXPECT_LE(iv.iterations, 40) << type_name(type) << " K=" << K << " T=" << T << " vol=" << vol;
            // Where vega is material the volatility itself is recovered.
            MarketInputs at = m;
            at.volatility = vol;
            if (bsm_greeks(o, at).vega > 1e-3) {
              EXPECT_NEAR(iv.volatility, vol, 1e-8 * std::max(1.0, vol));
            }
          }
  EXPECT_GT(cases, 600);
  RecordProperty("worst_relative_repricing_error", std::to_string(worst));
}

TEST(ImpliedVol, TypicalQuotesConvergeInTwoIterations) {
  // Jäckel's rational-cubic initial guess plus Householder(3): strikes 50-200%
  // of spot, a week to five years, 5%-150% vol. Wider grids (above) may take
  // a third step; this grid may not.
  int histogram[8] = {};
  for (double K : {50.0, 70.0, 85.0, 95.0, 100.0, 105.0, 115.0, 140.0, 200.0})
    for (double T : {7.0 / 365, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0})
      for (double vol : {0.05, 0.1, 0.2, 0.35, 0.6, 1.0, 1.5})
        for (OptionType type : {OptionType::Call, OptionType::Put}) {
          const VanillaOption o{type, K, T};
          const MarketInputs m{100.0, 0.03, 0.01, vol};
          const double price = bsm_price(o, m);
          const PriceBounds b = no_arbitrage_bounds(o, m);
          if (price < 1e-6 || price - b.lower < 1e-8 * price) continue;  // no quotable time value
          const ImpliedVol iv = implied_volatility(o, price, m);
          ++histogram[std::min(iv.iterations, 7)];
          EXPECT_LE(iv.iterations, 2) << type_name(type) << " K=" << K << " T=" << T << " vol=" << vol;
          EXPECT_LE(std::fabs(iv.repricing_error), 1e-12 * std::max(1.0, price));
        }
  std::printf("iterations histogram (0..7+):");
  for (int h : histogram) std::printf(" %d", h);
  std::printf("\n");
  EXPECT_GT(histogram[1] + histogram[2], 700);
}

TEST(ImpliedVol, NormalisedInverseIsExactOnItsOwnGrid) {
  for (double x : {-8.0, -2.0, -0.5, -1e-3, 0.0})
    for (double s : {0.05, 0.3, 1.0, 3.0, 8.0}) {
      const double beta = normalised_black_call(x, s);
      if (!(beta > 1e-300) || beta >= std::exp(0.5 * x) * (1 - 1e-15)) continue;
      const double back = normalised_total_deviation(x, beta);
      // Far out of the money b(x, s) itself is ill-conditioned (two nearly equal
      // tails): one ulp in s moves it by ~1e-11 relative, so that is the floor.
      EXPECT_NEAR(normalised_black_call(x, back), beta, 1e-10 * beta) << "x=" << x << " s=" << s;
    }
}

TEST(ImpliedVol, RefusesPricesOutsideTheBoundsAndNamesThem) {
  const VanillaOption call{OptionType::Call, 100.0, 1.0};
  const VanillaOption put{OptionType::Put, 100.0, 1.0};
  const MarketInputs m{120.0, 0.05, 0.02, 0.0};
  const PriceBounds cb = no_arbitrage_bounds(call, m);
  EXPECT_NEAR(cb.lower, 120.0 * std::exp(-0.02) - 100.0 * std::exp(-0.05), 1e-12);
  EXPECT_NEAR(cb.upper, 120.0 * std::exp(-0.02), 1e-12);
  auto refuses = [&](const VanillaOption& o, double price) {
    try {
      implied_volatility(o, price, m);
      ADD_FAILURE() << "accepted price " << price;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
      EXPECT_NE(e.message().find("no-arbitrage bounds"), std::string::npos) << e.message();
      EXPECT_FALSE(e.hint().empty());
    }
  };
  refuses(call, cb.lower - 0.01);  // below the forward intrinsic value
  refuses(call, cb.upper + 0.01);  // above the discounted spot
  refuses(call, 0.0);
  refuses(call, -1.0);
  refuses(call, std::numeric_limits<double>::quiet_NaN());
  refuses(put, 100.0);  // above K e^-rT
  try {
    implied_volatility(call, 20.0, m);
    ADD_FAILURE();
  } catch (const Error& e) {
    char lower[32];
    std::snprintf(lower, sizeof lower, "%.10g", cb.lower);
    EXPECT_NE(e.message().find(lower), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace mlt::options
