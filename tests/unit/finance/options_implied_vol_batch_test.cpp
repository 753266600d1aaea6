// Batch implied volatility: the SIMD lanes agree with the scalar solver on a
// wide grid (wings, hours to 30 years, 1%-500% vol, negative rates); the
// scalar fallback is taken where it must be; bad quotes are reported one by
// one with the scalar path's message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "finance/options/black_scholes.h"
#include "finance/options/implied_volatility.h"

namespace mlt::options {
namespace {

struct Quotes {
  OptionBatch options;
  std::vector<double> prices, true_vols;
  void add(const VanillaOption& o, const MarketInputs& m, double price) {
    options.push_back(o, m);
    prices.push_back(price);
    true_vols.push_back(m.volatility);
  }
};

// Compares lane i with implied_volatility(): same refusal, or both within
// the scalar tests' tolerances (repricing 1e-12 of max(1, price); where vega
// is material the volatilities agree to 1e-8 relative).
void expect_matches_scalar(const Quotes& qs, const ImpliedVolBatch& out, std::size_t i, double* worst) {
  const OptionBatch& b = qs.options;
  const VanillaOption o{b.type[i], b.strike[i], b.expiry[i]};
  MarketInputs m{b.spot[i], b.rate[i], b.dividend[i], 0.0};
  const double price = qs.prices[i];
  const std::string where = std::string(type_name(o.type)) + " S=" + std::to_string(m.spot) +
                            " K=" + std::to_string(o.strike) + " T=" + std::to_string(o.expiry) +
                            " r=" + std::to_string(m.rate) + " q=" + std::to_string(m.dividend) +
                            " vol=" + std::to_string(qs.true_vols[i]);
  double scalar = 0.0;
  try {
    scalar = implied_volatility(o, price, m).volatility;
  } catch (const Error& e) {
    EXPECT_TRUE(std::isnan(out.volatility[i])) << where;
    const auto it = std::find_if(out.failures.begin(), out.failures.end(),
                                 [&](const ImpliedVolFailure& f) { return f.index == i; });
    ASSERT_NE(it, out.failures.end()) << where;
    EXPECT_EQ(it->message, "option " + std::to_string(i) + ": " + e.message());
    EXPECT_EQ(it->hint, e.hint());
    return;
  }
  const double vol = out.volatility[i];
  ASSERT_TRUE(std::isfinite(vol)) << where;
  m.volatility = vol;
  const double err = std::fabs(bsm_price(o, m) - price) / std::max(1.0, price);
  *worst = std::max(*worst, err);
  EXPECT_LE(err, 1e-12) << where << " batch=" << vol << " scalar=" << scalar;
  m.volatility = scalar;
  if (bsm_greeks(o, m).vega > 1e-3) {
    EXPECT_NEAR(vol, scalar, 1e-8 * std::max(1.0, scalar)) << where;
  }
}

TEST(ImpliedVolBatch, AgreesWithScalarSolverOnAWideGrid) {
  Quotes qs;
  for (double K : {5.0, 20.0, 50.0, 80.0, 95.0, 100.0, 105.0, 125.0, 200.0, 400.0, 2000.0})
    for (double T : {1.0 / (365 * 24), 1.0 / 365, 7.0 / 365, 0.1, 0.5, 2.0, 10.0, 30.0})
      for (double vol : {0.01, 0.05, 0.15, 0.3, 0.8, 2.0, 5.0})
        for (double r : {-0.01, 0.04})
          for (double q : {0.0, 0.03})
            for (OptionType type : {OptionType::Call, OptionType::Put}) {
              const VanillaOption o{type, K, T};
              const MarketInputs m{100.0, r, q, vol};
              const double price = bsm_price(o, m);
              const PriceBounds b = no_arbitrage_bounds(o, m);
              // As the scalar round-trip test: quotes whose time value is above
              // the double-precision noise of the intrinsic value.
              if (price - b.lower < 1e-10 * std::max(1.0, b.lower) || b.upper - price < 1e-10 * b.upper) continue;
              qs.add(o, m, price);
            }
  ImpliedVolBatch out;
  implied_volatility_batch(qs.options, qs.prices, out);
  ASSERT_EQ(out.size(), qs.prices.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < out.size(); ++i) expect_matches_scalar(qs, out, i, &worst);
  std::printf("%zu quotes, %zu by the scalar solver, %zu refused; worst repricing error %.2e\n", out.size(),
              out.scalar_solves, out.failures.size(), worst);
  EXPECT_GT(out.size(), 2500u);
  EXPECT_LT(out.scalar_solves, out.size() / 10);
}

TEST(ImpliedVolBatch, TypicalQuotesStayOnTheVectorPath) {
  // The scalar solver's two-step grid (strikes 50-200% of spot, a week to five
  // years, 5%-150% vol): Jäckel's guess plus kBatchSteps steps converge in
  // every lane, so none takes the scalar path. Large enough for OpenMP.
  Quotes qs;
  for (int rep = 0; rep < 3; ++rep)
    for (double K : {50.0, 70.0, 85.0, 95.0, 100.0, 105.0, 115.0, 140.0, 200.0})
      for (double T : {7.0 / 365, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0})
        for (double vol : {0.05, 0.1, 0.2, 0.35, 0.6, 1.0, 1.5})
          for (OptionType type : {OptionType::Call, OptionType::Put}) {
            const VanillaOption o{type, K, T};
            const MarketInputs m{100.0 + rep, 0.03, 0.01, vol};
            const double price = bsm_price(o, m);
            const PriceBounds b = no_arbitrage_bounds(o, m);
            if (price < 1e-6 || price - b.lower < 1e-8 * price) continue;  // no quotable time value
            qs.add(o, m, price);
          }
  ASSERT_GE(qs.prices.size(), kParallelImpliedVol);
  ImpliedVolBatch out;
  implied_volatility_batch(qs.options, qs.prices, out);
  double worst = 0.0;
  for (std::size_t i = 0; i < out.size(); ++i) expect_matches_scalar(qs, out, i, &worst);
  EXPECT_EQ(out.scalar_solves, 0u);
  EXPECT_TRUE(out.failures.empty());
}

TEST(ImpliedVolBatch, HardLanesTakeTheScalarSolver) {
  Quotes qs;
  const MarketInputs m{100.0, 0.02, 0.0, 0.3};
  qs.add({OptionType::Call, 100.0, 1.0}, m, bsm_price({OptionType::Call, 100.0, 1.0}, m));  // easy
  // Deep wing: 4x spot, a day, 30% vol (normalised time value ~1e-300 and below).
  const MarketInputs wing{100.0, 0.02, 0.0, 3.0};
  qs.add({OptionType::Call, 400.0, 1.0 / 365}, wing, bsm_price({OptionType::Call, 400.0, 1.0 / 365}, wing));
  // Extreme moneyness: |ln F/K| beyond the fast path's range.
  const MarketInputs far{1e-200, 0.0, 0.0, 2.0};
  qs.add({OptionType::Put, 1e100, 2.0}, far, 1e100 * (1.0 - 1e-12));
  // An expiry of a few microseconds.
  const MarketInputs tiny_t{100.0, 0.01, 0.0, 0.2};
  qs.add({OptionType::Call, 100.0, 1e-13}, tiny_t, bsm_price({OptionType::Call, 100.0, 1e-13}, tiny_t));
  // Tiny time value on a deep in-the-money put: beta at the cancellation limit.
  const MarketInputs itm{100.0, 0.0, 0.0, 0.05};
  qs.add({OptionType::Put, 130.0, 0.1}, itm, bsm_price({OptionType::Put, 130.0, 0.1}, itm));
  ImpliedVolBatch out;
  implied_volatility_batch(qs.options, qs.prices, out);
  EXPECT_GE(out.scalar_solves, 3u);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const OptionBatch& b = qs.options;
    const VanillaOption o{b.type[i], b.strike[i], b.expiry[i]};
    try {
      const double scalar = implied_volatility(o, qs.prices[i], {b.spot[i], b.rate[i], b.dividend[i], 0.0}).volatility;
      // Fallback lanes are the scalar solver itself; vector lanes agree closely.
      EXPECT_NEAR(out.volatility[i], scalar, 1e-8 * std::max(1.0, scalar)) << i;
    } catch (const Error& e) {
      EXPECT_TRUE(std::isnan(out.volatility[i])) << i;
      ASSERT_FALSE(out.failures.empty());
    }
  }
}

TEST(ImpliedVolBatch, ReportsEachQuoteOutsideTheBounds) {
  const MarketInputs m{120.0, 0.05, 0.02, 0.25};
  const VanillaOption call{OptionType::Call, 100.0, 1.0}, put{OptionType::Put, 100.0, 1.0};
  const PriceBounds cb = no_arbitrage_bounds(call, m), pb = no_arbitrage_bounds(put, m);
  Quotes qs;
  qs.add(call, m, bsm_price(call, m));                             // 0 ok
  qs.add(call, m, cb.lower - 0.01);                                // 1 below the forward intrinsic value
  qs.add(put, m, bsm_price(put, m));                               // 2 ok
  qs.add(call, m, cb.upper + 0.01);                                // 3 above S e^-qT
  qs.add(put, m, pb.upper);                                        // 4 at K e^-rT
  qs.add(call, m, std::numeric_limits<double>::quiet_NaN());       // 5
  qs.add(put, m, -1.0);                                            // 6
  qs.add(call, {-5.0, 0.05, 0.02, 0.25}, 3.0);                     // 7 invalid spot
  for (int i = 0; i < 20; ++i) qs.add(put, m, bsm_price(put, m));  // 8.. ok (a full SIMD width)
  ImpliedVolBatch out;
  implied_volatility_batch(qs.options, qs.prices, out);
  std::vector<std::size_t> failed;
  for (const auto& f : out.failures) failed.push_back(f.index);
  EXPECT_EQ(failed, (std::vector<std::size_t>{1, 3, 4, 5, 6, 7}));
  for (std::size_t i : {0u, 2u, 8u, 27u}) EXPECT_NEAR(out.volatility[i], 0.25, 1e-10) << i;
  for (std::size_t i : failed) EXPECT_TRUE(std::isnan(out.volatility[i])) << i;
  ASSERT_EQ(out.failures.size(), 6u);
  const ImpliedVolFailure& first = out.failures[0];
  EXPECT_EQ(first.message.rfind("option 1: call price", 0), 0u) << first.message;
  EXPECT_NE(first.message.find("no-arbitrage bounds"), std::string::npos) << first.message;
  char lower[32];
  std::snprintf(lower, sizeof lower, "%.10g", cb.lower);
  EXPECT_NE(first.message.find(lower), std::string::npos) << first.message;
  EXPECT_FALSE(first.hint.empty());
  EXPECT_NE(out.failures[5].message.find("spot"), std::string::npos) << out.failures[5].message;
  try {
    out.throw_if_failed();
    ADD_FAILURE() << "did not throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_EQ(e.message().rfind(first.message, 0), 0u) << e.message();
    EXPECT_NE(e.message().find("and 5 more"), std::string::npos) << e.message();
    EXPECT_EQ(e.hint(), first.hint);
  }
}

TEST(ImpliedVolBatch, BadQuotesAnywhereInALongBatchAreReportedInPlace) {
  // The vector path works through the batch in blocks of lanes; bad quotes
  // at the first and last lane, around block-sized offsets and in a short
  // final block must each be reported at their own index, and every other
  // quote solved.
  const MarketInputs m{100.0, 0.03, 0.01, 0.3};
  Quotes qs;
  const std::size_t n = 1000;  // below kParallelImpliedVol: one thread walks every block
  std::vector<std::size_t> bad = {0, 127, 128, 129, 255, 256, 511, 512, 640, 999};
  for (std::size_t i = 0; i < n; ++i) {
    const VanillaOption o{i % 3 ? OptionType::Put : OptionType::Call, 60.0 + static_cast<double>(i % 81), 0.25};
    const double price = bsm_price(o, m);
    const bool is_bad = std::find(bad.begin(), bad.end(), i) != bad.end();
    qs.add(o, m, is_bad ? no_arbitrage_bounds(o, m).upper * 1.5 : price);
  }
  ImpliedVolBatch out;
  implied_volatility_batch(qs.options, qs.prices, out);
  std::vector<std::size_t> failed;
  for (const auto& f : out.failures) failed.push_back(f.index);
  EXPECT_EQ(failed, bad);
  EXPECT_EQ(out.scalar_solves, bad.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < n; ++i) expect_matches_scalar(qs, out, i, &worst);
}

TEST(ImpliedVolBatch, RefusesColumnsOfDifferentLengths) {
  Quotes qs;
  const MarketInputs m{100.0, 0.05, 0.0, 0.2};
  qs.add({OptionType::Call, 100.0, 1.0}, m, 10.0);
  qs.prices.push_back(11.0);
  ImpliedVolBatch out;
  EXPECT_THROW(implied_volatility_batch(qs.options, qs.prices, out), Error);
  ImpliedVolBatch empty;
  implied_volatility_batch(OptionBatch{}, {}, empty);
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_NO_THROW(empty.throw_if_failed());
}

}  // namespace
}  // namespace mlt::options
