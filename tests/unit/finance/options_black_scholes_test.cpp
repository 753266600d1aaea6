// Black-Scholes-Merton: put-call parity, Greeks against central finite
// differences, batch == scalar, refusals of bad input (never an abort).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "finance/options/black_scholes.h"

namespace mlt::options {
namespace {

// A grid of textbook-style parameters across moneyness, maturity, vol, rates and carry.
template <class F>
void for_grid(F f) {
  for (double K : {60.0, 90.0, 100.0, 115.0, 160.0})
    for (double T : {0.02, 0.25, 1.0, 5.0})
      for (double vol : {0.05, 0.2, 0.6})
        for (double r : {-0.01, 0.03, 0.1})
          for (double q : {0.0, 0.04})
            for (OptionType type : {OptionType::Call, OptionType::Put})
              f(VanillaOption{type, K, T, ExerciseStyle::European}, MarketInputs{100.0, r, q, vol});
}

TEST(BlackScholes, PutCallParity) {
  for_grid([](const VanillaOption& o, const MarketInputs& m) {
    if (o.type == OptionType::Put) return;
    const VanillaOption put{OptionType::Put, o.strike, o.expiry};
    const double lhs = bsm_price(o, m) - bsm_price(put, m);
    const double rhs = m.spot * std::exp(-m.dividend * o.expiry) - o.strike * std::exp(-m.rate * o.expiry);
    EXPECT_NEAR(lhs, rhs, 1e-11 * m.spot) << "K=" << o.strike << " T=" << o.expiry;
  });
}

TEST(BlackScholes, GreeksMatchCentralFiniteDifferences) {
  for_grid([](const VanillaOption& o, const MarketInputs& m) {
    // Beyond ~8 standard deviations from the money the Greeks are zero to
    // machine precision and a finite difference measures only rounding.
    const double moneyness = std::log(m.spot / o.strike) + (m.rate - m.dividend) * o.expiry;
    if (std::fabs(moneyness) > 8.0 * m.volatility * std::sqrt(o.expiry)) return;
    const Greeks g = bsm_greeks(o, m);
    // Steps scale with the distribution's width so short and long expiries are both resolved.
    const double width = m.spot * m.volatility * std::sqrt(o.expiry);
    const double hd = 1e-5 * width, hg = 1e-3 * width, hv = 1e-6, hr = 1e-6, ht = 1e-7 * o.expiry;
    auto at = [&](double dS, double dv, double dr, double dT) {
      return bsm_price(VanillaOption{o.type, o.strike, o.expiry + dT},
                       MarketInputs{m.spot + dS, m.rate + dr, m.dividend, m.volatility + dv});
    };
    auto near = [](double analytic, double fd, double rel, double abs_floor) {
      return std::fabs(analytic - fd) <= rel * std::fabs(analytic) + abs_floor;
    };
    const std::string where = "K=" + std::to_string(o.strike) + " T=" + std::to_string(o.expiry) +
                              " vol=" + std::to_string(m.volatility) + " " + std::string(type_name(o.type));
    EXPECT_TRUE(near(g.delta, (at(hd, 0, 0, 0) - at(-hd, 0, 0, 0)) / (2 * hd), 1e-6, 1e-8)) << where;
    EXPECT_TRUE(near(g.gamma, (at(hg, 0, 0, 0) - 2 * g.price + at(-hg, 0, 0, 0)) / (hg * hg), 1e-4, 1e-8)) << where;
    EXPECT_TRUE(near(g.vega, (at(0, hv, 0, 0) - at(0, -hv, 0, 0)) / (2 * hv), 1e-6, 1e-7)) << where;
    EXPECT_TRUE(near(g.rho, (at(0, 0, hr, 0) - at(0, 0, -hr, 0)) / (2 * hr), 1e-6, 1e-7)) << where;
    // Theta is the derivative as calendar time passes: minus d/dT.
    EXPECT_TRUE(near(g.theta, -(at(0, 0, 0, ht) - at(0, 0, 0, -ht)) / (2 * ht), 1e-5, 1e-6)) << where;
  });
}

// The batch uses its own vectorised exp/log/Phi (vector_math.h), so it agrees
// with the scalar API to a few ulps rather than bit for bit: relative 1e-13 on
// every output, or 1e-15 of the spot/strike scale for values that are tiny
// differences of larger terms (far out-of-the-money prices and their Greeks).
TEST(BlackScholes, BatchMatchesScalarOnBothSidesOfTheParallelThreshold) {
  for (std::size_t n : {std::size_t{7}, kParallelBatch + 3}) {
    OptionBatch batch;
    std::vector<std::pair<VanillaOption, MarketInputs>> items;
    std::size_t i = 0;
    while (items.size() < n) {
      for_grid([&](const VanillaOption& o, const MarketInputs& m) {
        if (items.size() < n)
          items.emplace_back(
              o, MarketInputs{m.spot + 0.01 * static_cast<double>(i++ % 97), m.rate, m.dividend, m.volatility});
      });
    }
    for (const auto& [o, m] : items) batch.push_back(o, m);
    GreeksBatch out;
    bsm_greeks_batch(batch, out);
    ASSERT_EQ(out.size(), n);
    double worst_rel = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      const Greeks g = bsm_greeks(items[k].first, items[k].second);
      const Greeks b = out.at(k);
      const double scale = 1e-15 * (items[k].second.spot + items[k].first.strike);
      const double got[] = {b.price, b.delta, b.gamma, b.vega, b.theta, b.rho};
      const double want[] = {g.price, g.delta, g.gamma, g.vega, g.theta, g.rho};
      for (int j = 0; j < 6; ++j) {
        const double diff = std::fabs(got[j] - want[j]);
        if (diff > scale) worst_rel = std::max(worst_rel, diff / std::fabs(want[j]));
        EXPECT_LE(diff, std::max(1e-13 * std::fabs(want[j]), scale)) << "option " << k << " output " << j;
      }
    }
    RecordProperty("worst_relative_difference_" + std::to_string(n), std::to_string(worst_rel));
  }
}

TEST(BlackScholes, RefusesBadInputWithInvalidArgumentAndHint) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const VanillaOption ok{OptionType::Call, 100.0, 1.0};
  const MarketInputs mk{100.0, 0.05, 0.0, 0.2};
  auto refuses = [](const VanillaOption& o, const MarketInputs& m, const std::string& field) {
    try {
      bsm_greeks(o, m);
      ADD_FAILURE() << "accepted " << field;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
      EXPECT_NE(e.message().find(field), std::string::npos) << e.message();
      EXPECT_FALSE(e.hint().empty());
    }
  };
  refuses(ok, MarketInputs{100.0, 0.05, 0.0, -0.2}, "volatility");
  refuses(ok, MarketInputs{100.0, 0.05, 0.0, nan}, "volatility");
  refuses(VanillaOption{OptionType::Call, 100.0, 0.0}, mk, "expiry");
  refuses(VanillaOption{OptionType::Call, 100.0, -1.0}, mk, "expiry");
  refuses(VanillaOption{OptionType::Call, nan, 1.0}, mk, "strike");
  refuses(ok, MarketInputs{0.0, 0.05, 0.0, 0.2}, "spot");
  refuses(ok, MarketInputs{100.0, 5.0, 0.0, 0.2}, "rate");  // 5 means 500%: a units mistake
  OptionBatch batch;
  batch.push_back(ok, mk);
  batch.push_back(ok, MarketInputs{100.0, 0.05, 0.0, nan});
  GreeksBatch out;
  try {
    bsm_greeks_batch(batch, out);
    ADD_FAILURE() << "batch accepted NaN";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("option 1"), std::string::npos) << e.message();
  }
}

TEST(BlackScholes, ExtremeButValidInputsStayFinite) {
  for (double K : {1e-3, 1e4})
    for (double T : {1e-6, 50.0})
      for (double vol : {1e-4, 5.0}) {
        const Greeks g = bsm_greeks(VanillaOption{OptionType::Put, K, T}, MarketInputs{100.0, 0.02, 0.01, vol});
        EXPECT_TRUE(std::isfinite(g.price) && std::isfinite(g.delta) && std::isfinite(g.gamma) &&
                    std::isfinite(g.vega) && std::isfinite(g.theta) && std::isfinite(g.rho))
            << "K=" << K << " T=" << T << " vol=" << vol;
        EXPECT_GE(g.price, 0.0);
      }
}

// The batch shares e^{-d^2/2} between d1 and d2 through min(F/K, K/F); where
// one of them is deep in a tail (or underflows) and the other is not, it must
// still agree with the scalar kernel.
TEST(BlackScholes, BatchAgreesWithScalarWhereOneTailUnderflows) {
  OptionBatch batch;
  std::vector<std::pair<VanillaOption, MarketInputs>> items;
  for (double K : {1e-280, 1e-3, 1.0, 40.0, 100.0, 250.0, 1e4, 1e280})
    for (double T : {1e-6, 0.01, 1.0, 50.0})
      for (double vol : {1e-4, 0.02, 0.3, 5.0, 10.0})
        for (OptionType type : {OptionType::Call, OptionType::Put}) {
          items.emplace_back(VanillaOption{type, K, T}, MarketInputs{100.0, 0.02, 0.01, vol});
          batch.push_back(items.back().first, items.back().second);
        }
  GreeksBatch out;
  bsm_greeks_batch(batch, out);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Greeks g = bsm_greeks(items[k].first, items[k].second);
    const Greeks b = out.at(k);
    const double scale = 1e-15 * (items[k].second.spot + items[k].first.strike);
    const double got[] = {b.price, b.delta, b.gamma, b.vega, b.theta, b.rho};
    const double want[] = {g.price, g.delta, g.gamma, g.vega, g.theta, g.rho};
    for (int j = 0; j < 6; ++j)
      EXPECT_LE(std::fabs(got[j] - want[j]), std::max(1e-13 * std::fabs(want[j]), scale))
          << "K=" << items[k].first.strike << " T=" << items[k].first.expiry << " vol=" << items[k].second.volatility
          << " output " << j;
  }
}

}  // namespace
}  // namespace mlt::options
