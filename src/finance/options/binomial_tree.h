// Binomial-tree engine for European and American vanilla options.
//
//   VanillaOption put{OptionType::Put, 50.0, 5.0 / 12.0, ExerciseStyle::American};
//   TreeResult r = binomial_price(put, MarketInputs{50.0, 0.10, 0.0, 0.40}, TreeMethod::CoxRossRubinstein, 5);
//   // r.price ~= 4.49, r.european_price ~= 4.32 (Hull's worked example)
//
// Trees:
//   CoxRossRubinstein  u = e^{sigma sqrt(dt)}, d = 1/u, p = (e^{(r-q)dt} - d)/(u - d)
//                      (the textbook tree: the risk-neutral drift is exact).
//                      QuantLib's CoxRossRubinstein uses p = 1/2 + (r-q-sigma^2/2) sqrt(dt)/(2 sigma)
//                      instead, so the two differ by O(1/steps).
//   LeisenReimer       Peizer-Pratt method-2 inversion; steps are rounded up to
//                      an odd number (the method needs it), smooth O(1/n^2) convergence.
// Greeks come from the tree (Hull): delta from the two nodes at step 1, gamma
// from the three at step 2; theta from the Black-Scholes PDE,
// theta = r V - (r - q) S delta - sigma^2 S^2 gamma / 2 (as QuantLib does), vega
// and rho are not produced by a tree (NaN).
// For American contracts the European value on the same tree is rolled back
// too, and early_exercise_premium = price - european_price (the tree's
// discretisation error largely cancels in the difference).
//
// Throws Error{InvalidArgument} for invalid inputs, steps outside [2, 20000],
// or (CRR) a time step so coarse that p leaves [0, 1]. O(steps^2) time,
// O(steps) memory. C++17-clean.
#pragma once

#include "finance/options/option_types.h"

namespace mlt::options {

enum class TreeMethod { CoxRossRubinstein, LeisenReimer };
std::string_view tree_name(TreeMethod method);  // "crr" / "lr"
TreeMethod parse_tree_method(std::string_view name);

struct TreeResult {
  Real price = 0.0;                   // for the contract's exercise style
  Real european_price = 0.0;          // same tree, European exercise
  Real early_exercise_premium = 0.0;  // price - european_price (0 for European contracts)
  Real delta = 0.0;
  Real gamma = 0.0;
  Real theta = 0.0;  // per year
  int steps = 0;     // steps actually used (LR rounds up to odd)
};

TreeResult binomial_price(const VanillaOption& option, const MarketInputs& market, TreeMethod method, int steps);

}  // namespace mlt::options
