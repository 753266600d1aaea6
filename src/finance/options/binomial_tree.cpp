#include "finance/options/binomial_tree.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <vector>

#include "core/error.h"

namespace mlt::options {

std::string_view tree_name(TreeMethod method) { return method == TreeMethod::CoxRossRubinstein ? "crr" : "lr"; }

TreeMethod parse_tree_method(std::string_view name) {
  if (name == "crr") return TreeMethod::CoxRossRubinstein;
  if (name == "lr") return TreeMethod::LeisenReimer;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown binomial tree '{}'", name),
              "use \"crr\" (Cox-Ross-Rubinstein) or \"lr\" (Leisen-Reimer)");
}

namespace {

struct Lattice {
  double up = 0.0, down = 0.0, p_up = 0.0, discount = 0.0;
  int steps = 0;
};

// Peizer-Pratt method 2: the binomial probability that matches Phi(z) for n steps.
double peizer_pratt_2(double z, int n) {
  const double nn = static_cast<double>(n);
  double t = z / (nn + 1.0 / 3.0 + 0.1 / (nn + 1.0));
  t = std::exp(-t * t * (nn + 1.0 / 6.0));
  return 0.5 + (z > 0.0 ? 0.5 : -0.5) * std::sqrt(1.0 - t);
}

Lattice make_lattice(const VanillaOption& o, const MarketInputs& m, TreeMethod method, int steps) {
  Lattice l;
  l.steps = method == TreeMethod::LeisenReimer && steps % 2 == 0 ? steps + 1 : steps;
  const double dt = o.expiry / l.steps;
  const double growth = std::exp((m.rate - m.dividend) * dt);
  l.discount = std::exp(-m.rate * dt);
  if (method == TreeMethod::CoxRossRubinstein) {
    l.up = std::exp(m.volatility * std::sqrt(dt));
    l.down = 1.0 / l.up;
    l.p_up = (growth - l.down) / (l.up - l.down);
    if (!(l.p_up >= 0.0 && l.p_up <= 1.0))
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("CRR tree with {} steps has up-probability {} outside [0, 1]", l.steps, l.p_up),
                  "increase steps (the carry r - q is large relative to volatility * sqrt(dt)) or use tree \"lr\"");
  } else {
    const double sd = m.volatility * std::sqrt(o.expiry);
    const double d1 = (std::log(m.spot / o.strike) + (m.rate - m.dividend) * o.expiry) / sd + 0.5 * sd;
    l.p_up = peizer_pratt_2(d1 - sd, l.steps);
    const double p_dash = peizer_pratt_2(d1, l.steps);
    l.up = growth * p_dash / l.p_up;
    l.down = (growth - l.p_up * l.up) / (1.0 - l.p_up);
  }
  return l;
}

struct Rollback {
  double value0 = 0.0;
  double v1[2] = {0, 0}, v2[3] = {0, 0, 0};
};

// Backward induction. Node j at step i has spot S u^j d^(i-j); spots are
// updated by one division per node per step instead of pow() calls.
Rollback roll_back(const VanillaOption& o, const MarketInputs& m, const Lattice& l, bool american) {
  const int n = l.steps;
  const double w = omega(o.type), K = o.strike;
  std::vector<double> spot(n + 1), value(n + 1);
  for (int j = 0; j <= n; ++j) {
    spot[j] = m.spot * std::pow(l.up, j) * std::pow(l.down, n - j);
    value[j] = std::max(w * (spot[j] - K), 0.0);
  }
  const double pu = l.discount * l.p_up, pd = l.discount * (1.0 - l.p_up), inv_down = 1.0 / l.down;
  Rollback out;
  for (int i = n - 1; i >= 0; --i) {
    double* v = value.data();
    double* s = spot.data();
    if (american) {
      for (int j = 0; j <= i; ++j) {
        s[j] *= inv_down;
        v[j] = std::max(pu * v[j + 1] + pd * v[j], w * (s[j] - K));
      }
    } else {
      for (int j = 0; j <= i; ++j) v[j] = pu * v[j + 1] + pd * v[j];
    }
    if (i == 2) std::copy(v, v + 3, out.v2);
    if (i == 1) std::copy(v, v + 2, out.v1);
  }
  out.value0 = value[0];
  return out;
}

}  // namespace

TreeResult binomial_price(const VanillaOption& option, const MarketInputs& market, TreeMethod method, int steps) {
  validate(option, market);
  if (steps < 2 || steps > 20000)
    throw Error(ErrorKind::InvalidArgument, fmt::format("steps = {} is out of range", steps),
                "use between 2 and 20000 time steps (a few hundred is usual)");
  const Lattice l = make_lattice(option, market, method, steps);
  const bool american = option.exercise == ExerciseStyle::American;
  const Rollback main = roll_back(option, market, l, american);
  TreeResult r;
  r.steps = l.steps;
  r.price = main.value0;
  r.european_price = american ? roll_back(option, market, l, false).value0 : main.value0;
  r.early_exercise_premium = r.price - r.european_price;
  const double S = market.spot, u = l.up, d = l.down;
  r.delta = (main.v1[1] - main.v1[0]) / (S * u - S * d);
  const double s2u = S * u * u, s2m = S * u * d, s2d = S * d * d;
  const double delta_up = (main.v2[2] - main.v2[1]) / (s2u - s2m);
  const double delta_down = (main.v2[1] - main.v2[0]) / (s2m - s2d);
  r.gamma = (delta_up - delta_down) / (0.5 * (s2u - s2d));
  r.theta = market.rate * r.price - (market.rate - market.dividend) * S * r.delta -
            0.5 * market.volatility * market.volatility * S * S * r.gamma;
  return r;
}

}  // namespace mlt::options
