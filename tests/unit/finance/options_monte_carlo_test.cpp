// Monte Carlo: agreement with closed forms within a few standard errors,
// variance reduction, reproducibility (seed, thread count), progress/cancel.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "core/error.h"
#include "finance/options/asian_geometric.h"
#include "finance/options/black_scholes.h"
#include "finance/options/monte_carlo.h"

namespace mlt::options {
namespace {

const MarketInputs kMarket{100.0, 0.05, 0.02, 0.25};

McSettings settings(std::uint64_t paths, std::uint64_t seed = 7) {
  McSettings s;
  s.paths = paths;
  s.seed = seed;
  return s;
}

// Continuous down-and-out call with H <= K, no rebate (Hull, "Barrier options").
double down_and_out_call(double S, double K, double H, double T, const MarketInputs& m) {
  const double sd = m.volatility * std::sqrt(T);
  const double lambda = (m.rate - m.dividend + 0.5 * m.volatility * m.volatility) / (m.volatility * m.volatility);
  const double y = std::log(H * H / (S * K)) / sd + lambda * sd;
  auto N = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  const double di = S * std::exp(-m.dividend * T) * std::pow(H / S, 2 * lambda) * N(y) -
                    K * std::exp(-m.rate * T) * std::pow(H / S, 2 * lambda - 2) * N(y - sd);
  return bsm_price(VanillaOption{OptionType::Call, K, T}, MarketInputs{S, m.rate, m.dividend, m.volatility}) - di;
}

TEST(MonteCarlo, EuropeanAgreesWithBlackScholesAndReportsAStandardError) {
  for (OptionType type : {OptionType::Call, OptionType::Put}) {
    const PathOption o{type, 105.0, 0.5, PathPayoff::European};
    const McResult r = monte_carlo_price(o, kMarket, settings(200000));
    const double bs = bsm_price(VanillaOption{type, 105.0, 0.5}, kMarket);
    EXPECT_GT(r.std_error, 0.0);
    EXPECT_NEAR(r.price, bs, 4.0 * r.std_error) << type_name(type);
    EXPECT_LT(r.std_error, 0.5 * r.plain_std_error);  // the terminal-spot control helps
    EXPECT_EQ(r.paths, 200000u);
    EXPECT_EQ(r.samples, 100000u);
  }
}

TEST(MonteCarlo, GeometricAsianAgreesWithItsClosedForm) {
  const PathOption o{OptionType::Call, 100.0, 1.0, PathPayoff::AsianGeometric, 12};
  const McResult r = monte_carlo_price(o, kMarket, settings(200000));
  EXPECT_NEAR(r.price, geometric_asian_price(OptionType::Call, 100.0, 1.0, 12, kMarket), 4.0 * r.std_error);
}

TEST(MonteCarlo, ArithmeticAsianWithTheGeometricControlIsMuchTighter) {
  const PathOption o{OptionType::Put, 100.0, 1.0, PathPayoff::AsianArithmetic, 12};
  const McResult r = monte_carlo_price(o, kMarket, settings(100000));
  EXPECT_LT(r.std_error, r.plain_std_error / 5.0);
  EXPECT_NEAR(r.price, r.plain_price, 4.0 * r.plain_std_error);
  EXPECT_EQ(r.control, "geometric Asian (closed form)");
  // An arithmetic average is at least the geometric one, so the call is worth more.
  const PathOption call{OptionType::Call, 100.0, 1.0, PathPayoff::AsianArithmetic, 12};
  EXPECT_GT(monte_carlo_price(call, kMarket, settings(100000)).price,
            geometric_asian_price(OptionType::Call, 100.0, 1.0, 12, kMarket));
}

TEST(MonteCarlo, BarrierWithBrownianBridgeMatchesTheContinuousFormula) {
  const double H = 92.0, K = 100.0, T = 0.5;
  PathOption out{OptionType::Call, K, T, PathPayoff::Barrier, 20, BarrierType::DownAndOut, H};
  const McResult cont = monte_carlo_price(out, kMarket, settings(200000));
  EXPECT_NEAR(cont.price, down_and_out_call(100.0, K, H, T, kMarket), 4.0 * cont.std_error);
  // Monitoring only at 20 dates misses crossings in between: worth more to the holder.
  McSettings discrete = settings(200000);
  discrete.brownian_bridge = false;
  EXPECT_GT(monte_carlo_price(out, kMarket, discrete).price, cont.price + 3.0 * cont.std_error);
  // In-out parity on the same paths (plain estimator): DO + DI = vanilla on those paths.
  PathOption in = out;
  in.barrier = BarrierType::DownAndIn;
  const McResult knock_in = monte_carlo_price(in, kMarket, settings(200000));
  const double vanilla = bsm_price(VanillaOption{OptionType::Call, K, T}, kMarket);
  EXPECT_NEAR(cont.price + knock_in.price, vanilla, 4.0 * (cont.std_error + knock_in.std_error));
}

TEST(MonteCarlo, SameSeedSameNumbersOnAnyThreadCount) {
  const PathOption o{OptionType::Call, 100.0, 1.0, PathPayoff::AsianArithmetic, 8};
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const McResult one = monte_carlo_price(o, kMarket, settings(50000, 123));
  omp_set_num_threads(std::max(2, threads));
  const McResult many = monte_carlo_price(o, kMarket, settings(50000, 123));
  omp_set_num_threads(threads);
  EXPECT_EQ(one.price, many.price);
  EXPECT_EQ(one.std_error, many.std_error);
  EXPECT_NE(monte_carlo_price(o, kMarket, settings(50000, 124)).price, one.price);
}

TEST(MonteCarlo, ReportsProgressAndStopsWhenTheCallbackThrows) {
  const PathOption o{OptionType::Call, 100.0, 1.0, PathPayoff::European};
  std::vector<double> seen;
  monte_carlo_price(o, kMarket, settings(300000), [&](double f) { seen.push_back(f); });
  ASSERT_FALSE(seen.empty());
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);
  int calls = 0;
  try {
    monte_carlo_price(o, kMarket, settings(300000), [&](double) {
      if (++calls == 2) throw Error(ErrorKind::Cancelled, "cancelled");
    });
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
  }
  EXPECT_EQ(calls, 2);
}

TEST(MonteCarlo, RefusesBadContracts) {
  PathOption knocked{OptionType::Call, 100.0, 1.0, PathPayoff::Barrier, 10, BarrierType::UpAndOut, 90.0};
  EXPECT_THROW(monte_carlo_price(knocked, kMarket, settings(1000)), Error);  // spot already above
  EXPECT_THROW(monte_carlo_price(PathOption{OptionType::Call, 100.0, 1.0}, kMarket, settings(10)), Error);
  PathOption no_dates{OptionType::Call, 100.0, 1.0, PathPayoff::AsianArithmetic, 0};
  EXPECT_THROW(monte_carlo_price(no_dates, kMarket, settings(1000)), Error);
  EXPECT_THROW(monte_carlo_price(PathOption{OptionType::Call, 100.0, 1.0}, MarketInputs{100, 0.05, 0, -0.1},
                                 settings(1000)),
               Error);
}

}  // namespace
}  // namespace mlt::options
