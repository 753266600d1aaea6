// Monte Carlo and Asian/barrier prices against QuantLib 1.29. Monte Carlo
// agreement is statistical: |d| <= 4 combined standard errors.
//   MC European vs MCEuropeanEngine<PseudoRandom> (and the analytic price)
//   geometric Asian closed form vs AnalyticDiscreteGeometricAveragePriceAsianEngine: 1e-10
//   arithmetic Asian MC vs MCDiscreteArithmeticAPEngine (control variate)
//   barrier MC with Brownian bridge vs AnalyticBarrierEngine (continuous, no rebate)
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "finance/options/asian_geometric.h"
#include "finance/options/monte_carlo.h"
#include "quantlib_market.h"

namespace mlt::qlref {
namespace {

using options::OptionType;

options::McSettings paths(std::uint64_t n) {
  options::McSettings s;
  s.paths = n;
  s.seed = 2024;
  return s;
}

TEST(QuantLibMonteCarlo, EuropeanAgreesWithQuantLibsMonteCarloAndAnalytic) {
  QlMarket qm;
  for (OptionType type : {OptionType::Call, OptionType::Put})
    for (double K : {90.0, 110.0}) {
      const options::MarketInputs m{100.0, 0.05, 0.02, 0.3};
      qm.set(m);
      auto opt = qm.vanilla(type, K, 365);
      opt->setPricingEngine(ql::MakeMCEuropeanEngine<ql::PseudoRandom>(qm.process)
                                .withSteps(1)
                                .withSamples(5000)
                                .withAntitheticVariate()
                                .withSeed(42));
      const double ql_price = opt->NPV(), ql_se = opt->errorEstimate();
      opt->setPricingEngine(ql::ext::make_shared<ql::AnalyticEuropeanEngine>(qm.process));
      const options::McResult r =
          options::monte_carlo_price(options::PathOption{type, K, 1.0}, m, paths(200000));
      EXPECT_NEAR(r.price, ql_price, 4.0 * std::hypot(r.std_error, ql_se));
      EXPECT_NEAR(r.price, opt->NPV(), 4.0 * r.std_error);
    }
}

TEST(QuantLibAsian, GeometricClosedFormMatchesAndArithmeticMonteCarloAgrees) {
  QlMarket qm;
  const options::MarketInputs m{100.0, 0.05, 0.01, 0.25};
  qm.set(m);
  const int fixings = 12, step_days = 30;  // dates t_k = 30k days: T = 360/365
  std::vector<ql::Date> dates;
  for (int k = 1; k <= fixings; ++k) dates.push_back(qm.today + k * step_days);
  const double T = years(fixings * step_days);
  for (OptionType type : {OptionType::Call, OptionType::Put}) {
    auto payoff = ql::ext::make_shared<ql::PlainVanillaPayoff>(QlMarket::type(type), 100.0);
    auto exercise = ql::ext::make_shared<ql::EuropeanExercise>(dates.back());
    ql::DiscreteAveragingAsianOption geometric(ql::Average::Geometric, 1.0, 0, dates, payoff, exercise);
    geometric.setPricingEngine(ql::ext::make_shared<ql::AnalyticDiscreteGeometricAveragePriceAsianEngine>(qm.process));
    EXPECT_NEAR(options::geometric_asian_price(type, 100.0, T, fixings, m), geometric.NPV(), 1e-10);

    ql::DiscreteAveragingAsianOption arithmetic(ql::Average::Arithmetic, 0.0, 0, dates, payoff, exercise);
    arithmetic.setPricingEngine(ql::MakeMCDiscreteArithmeticAPEngine<ql::PseudoRandom>(qm.process)
                                    .withSamples(5000)
                                    .withControlVariate(true)
                                    .withSeed(42));
    const options::McResult r = options::monte_carlo_price(
        options::PathOption{type, 100.0, T, options::PathPayoff::AsianArithmetic, fixings}, m, paths(200000));
    EXPECT_NEAR(r.price, arithmetic.NPV(), 4.0 * std::hypot(r.std_error, arithmetic.errorEstimate()));
  }
}

TEST(QuantLibBarrier, BrownianBridgeMonteCarloMatchesContinuousAnalytic) {
  QlMarket qm;
  const options::MarketInputs m{100.0, 0.05, 0.02, 0.25};
  qm.set(m);
  struct Case {
    options::BarrierType ours;
    ql::Barrier::Type theirs;
    double level;
  };
  const Case cases[] = {{options::BarrierType::DownAndOut, ql::Barrier::DownOut, 90.0},
                        {options::BarrierType::DownAndIn, ql::Barrier::DownIn, 90.0},
                        {options::BarrierType::UpAndOut, ql::Barrier::UpOut, 125.0},
                        {options::BarrierType::UpAndIn, ql::Barrier::UpIn, 125.0}};
  for (const Case& c : cases)
    for (OptionType type : {OptionType::Call, OptionType::Put}) {
      auto payoff = ql::ext::make_shared<ql::PlainVanillaPayoff>(QlMarket::type(type), 100.0);
      ql::BarrierOption barrier(c.theirs, c.level, 0.0, payoff,
                                ql::ext::make_shared<ql::EuropeanExercise>(qm.today + 182));
      barrier.setPricingEngine(ql::ext::make_shared<ql::AnalyticBarrierEngine>(qm.process));
      const options::McResult r = options::monte_carlo_price(
          options::PathOption{type, 100.0, years(182), options::PathPayoff::Barrier, 26, c.ours, c.level}, m,
          paths(100000));
      EXPECT_NEAR(r.price, barrier.NPV(), 4.0 * r.std_error + 1e-6)
          << options::barrier_name(c.ours) << " " << options::type_name(type);
    }
}

}  // namespace
}  // namespace mlt::qlref
