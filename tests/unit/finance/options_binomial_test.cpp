// Binomial trees: convergence to Black-Scholes, American >= European,
// early-exercise premium, Leisen-Reimer's odd steps, refusals.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "finance/options/binomial_tree.h"
#include "finance/options/black_scholes.h"

namespace mlt::options {
namespace {

TEST(BinomialTree, EuropeanConvergesToBlackScholes) {
  for (OptionType type : {OptionType::Call, OptionType::Put})
    for (double K : {80.0, 100.0, 125.0}) {
      const VanillaOption o{type, K, 0.75};
      const MarketInputs m{100.0, 0.06, 0.02, 0.3};
      const Greeks bs = bsm_greeks(o, m);
      const TreeResult lr = binomial_price(o, m, TreeMethod::LeisenReimer, 301);
      const TreeResult crr = binomial_price(o, m, TreeMethod::CoxRossRubinstein, 2000);
      EXPECT_NEAR(lr.price, bs.price, 2e-4) << type_name(type) << " K=" << K;  // LR: O(1/n^2)
      EXPECT_NEAR(crr.price, bs.price, 2e-2) << type_name(type) << " K=" << K;  // CRR: O(1/n), oscillating
      EXPECT_NEAR(lr.delta, bs.delta, 1e-3);
      EXPECT_NEAR(lr.gamma, bs.gamma, 1e-3);
      EXPECT_NEAR(lr.theta, bs.theta, 5e-2);  // from tree delta/gamma via the PDE
      EXPECT_EQ(lr.early_exercise_premium, 0.0);
    }
}

TEST(BinomialTree, AmericanPutCarriesAnEarlyExercisePremium) {
  const VanillaOption put{OptionType::Put, 110.0, 1.0, ExerciseStyle::American};
  const MarketInputs m{100.0, 0.08, 0.0, 0.25};
  for (TreeMethod method : {TreeMethod::CoxRossRubinstein, TreeMethod::LeisenReimer}) {
    const TreeResult r = binomial_price(put, m, method, 501);
    EXPECT_GT(r.early_exercise_premium, 0.1) << tree_name(method);
    EXPECT_NEAR(r.price - r.european_price, r.early_exercise_premium, 1e-15);
    EXPECT_GE(r.price, 10.0);  // never below immediate exercise
    EXPECT_NEAR(r.european_price, bsm_price(VanillaOption{OptionType::Put, 110.0, 1.0}, m), 5e-3);
  }
}

TEST(BinomialTree, AmericanCallWithoutDividendsIsNeverExercisedEarly) {
  const VanillaOption call{OptionType::Call, 100.0, 1.0, ExerciseStyle::American};
  const TreeResult r = binomial_price(call, MarketInputs{100.0, 0.05, 0.0, 0.2}, TreeMethod::LeisenReimer, 401);
  EXPECT_NEAR(r.early_exercise_premium, 0.0, 1e-12);
  const TreeResult with_div = binomial_price(call, MarketInputs{100.0, 0.05, 0.08, 0.2}, TreeMethod::LeisenReimer, 401);
  EXPECT_GT(with_div.early_exercise_premium, 0.01);
}

TEST(BinomialTree, LeisenReimerRoundsStepsUpToOdd) {
  const VanillaOption o{OptionType::Call, 100.0, 1.0};
  const MarketInputs m{100.0, 0.05, 0.0, 0.2};
  EXPECT_EQ(binomial_price(o, m, TreeMethod::LeisenReimer, 100).steps, 101);
  EXPECT_EQ(binomial_price(o, m, TreeMethod::LeisenReimer, 101).steps, 101);
  EXPECT_EQ(binomial_price(o, m, TreeMethod::CoxRossRubinstein, 100).steps, 100);
}

TEST(BinomialTree, RefusesBadStepsAndNegativeProbabilities) {
  const VanillaOption o{OptionType::Call, 100.0, 1.0};
  EXPECT_THROW(binomial_price(o, MarketInputs{100, 0.05, 0, 0.2}, TreeMethod::LeisenReimer, 1), Error);
  EXPECT_THROW(binomial_price(o, MarketInputs{100, 0.05, 0, 0.2}, TreeMethod::LeisenReimer, 100000), Error);
  // Carry 0.9 a year with 1% vol on 2 steps: p > 1 on a CRR tree.
  try {
    binomial_price(VanillaOption{OptionType::Call, 100.0, 1.0}, MarketInputs{100, 0.9, 0, 0.01},
                   TreeMethod::CoxRossRubinstein, 2);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.hint().find("steps"), std::string::npos);
  }
}

}  // namespace
}  // namespace mlt::options
