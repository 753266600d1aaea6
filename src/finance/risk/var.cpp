#include "finance/risk/var.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.h"
#include "finance/risk/monte_carlo.h"
#include "finance/risk/normal.h"

namespace mlt {
namespace {

struct Moments {
  double mean = 0, sd = 0, skew = 0, excess_kurtosis = 0;
};

// Sample std (n-1); skew and kurtosis from central moments (population form).
Moments moments(const Eigen::VectorXd& x) {
  Moments m;
  const double n = static_cast<double>(x.size());
  m.mean = x.mean();
  double m2 = 0, m3 = 0, m4 = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double d = x[i] - m.mean;
    m2 += d * d / n;
    m3 += d * d * d / n;
    m4 += d * d * d * d / n;
  }
  m.sd = std::sqrt(m2 * n / (n - 1));
  if (m2 > 0) {
    m.skew = m3 / std::pow(m2, 1.5);
    m.excess_kurtosis = m4 / (m2 * m2) - 3.0;
  }
  return m;
}

// VaR and CVaR of X = mu + sd * g(Z), g the Cornish-Fisher polynomial; the
// tail mean uses E[Z^k | Z < a] of the standard normal (k = 1..3).
std::pair<double, double> cornish_fisher_var(double mu, double sd, double skew, double kurt, double confidence) {
  const double a = -normal_quantile(confidence);  // lower-tail normal quantile
  const double tail = normal_cdf(a), pdf = normal_pdf(a);
  const double m1 = -pdf / tail, m2 = 1.0 - a * pdf / tail, m3 = -(a * a + 2.0) * pdf / tail;
  const double eg = m1 + (m2 - 1.0) * skew / 6.0 + (m3 - 3.0 * m1) * kurt / 24.0 - (2.0 * m3 - 5.0 * m1) * skew * skew / 36.0;
  return {-(mu + sd * cornish_fisher_z(a, skew, kurt)), -(mu + sd * eg)};
}

void check_spec(const VarSpec& spec) {
  if (!(spec.confidence > 0.5 && spec.confidence < 1.0))
    throw Error(ErrorKind::InvalidArgument, "confidence must lie in (0.5, 1)", "e.g. 0.95 or 0.99");
  if (spec.horizon < 1 || spec.horizon > 260)
    throw Error(ErrorKind::InvalidArgument, "horizon must be 1..260 days");
  if (spec.method == VarMethod::MonteCarlo && (spec.simulations < 100 || spec.simulations > 1'000'000))
    throw Error(ErrorKind::InvalidArgument, "simulations must be 100..1000000");
}

}  // namespace

VarMethod parse_var_method(const std::string& name) {
  if (name == "historical") return VarMethod::Historical;
  if (name == "normal") return VarMethod::Normal;
  if (name == "cornish_fisher") return VarMethod::CornishFisher;
  if (name == "monte_carlo") return VarMethod::MonteCarlo;
  throw Error(ErrorKind::InvalidArgument, "unknown VaR method '" + name + "'",
              "use historical, normal, cornish_fisher or monte_carlo");
}

const char* var_method_name(VarMethod m) {
  switch (m) {
    case VarMethod::Historical: return "historical";
    case VarMethod::Normal: return "normal";
    case VarMethod::CornishFisher: return "cornish_fisher";
    case VarMethod::MonteCarlo: return "monte_carlo";
  }
  return "?";
}

Json VarResult::to_json() const {
  return Json{{"method", var_method_name(method)}, {"confidence", confidence}, {"horizon_days", horizon},
              {"var", var},  {"cvar", cvar},  {"observations", observations},  {"details", details}};
}

std::pair<double, double> empirical_var_cvar(std::vector<double> returns, double confidence) {
  if (returns.empty()) throw Error(ErrorKind::InvalidArgument, "no returns to take a quantile of");
  std::vector<double> losses(returns.size());
  std::transform(returns.begin(), returns.end(), losses.begin(), [](double r) { return -r; });
  std::sort(losses.begin(), losses.end());
  const std::size_t m = losses.size();
  auto k = static_cast<std::size_t>(std::ceil(confidence * static_cast<double>(m)));
  k = std::clamp<std::size_t>(k, 1, m);  // 1-based rank of the VaR order statistic
  double tail = 0;
  for (std::size_t i = k - 1; i < m; ++i) tail += losses[i];
  return {losses[k - 1], tail / static_cast<double>(m - k + 1)};
}

double cornish_fisher_z(double z, double skew, double kurt) {
  return z + (z * z - 1) * skew / 6.0 + (z * z * z - 3 * z) * kurt / 24.0 - (2 * z * z * z - 5 * z) * skew * skew / 36.0;
}

std::vector<double> overlapping_returns(const Eigen::VectorXd& daily, int horizon) {
  const auto h = static_cast<Eigen::Index>(horizon);
  std::vector<double> out;
  if (daily.size() < h) return out;
  for (Eigen::Index t = h - 1; t < daily.size(); ++t) {
    double g = 1;
    for (Eigen::Index k = t - h + 1; k <= t; ++k) g *= 1 + daily[k];
    out.push_back(g - 1);
  }
  return out;
}

VarResult value_at_risk(const AssetReturns& returns, const Eigen::VectorXd& weights, const VarSpec& spec,
                        SimulatedScenarios* scenarios) {
  check_spec(spec);
  const Eigen::VectorXd daily = portfolio_returns(returns, weights);
  if (daily.size() < spec.horizon + 20)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} daily returns are too few for a {}-day VaR", daily.size(), spec.horizon),
                "use a longer date range");
  VarResult r;
  r.method = spec.method;
  r.confidence = spec.confidence;
  r.horizon = spec.horizon;
  r.observations = static_cast<std::size_t>(daily.size());
  const Moments m = moments(daily);
  const double h = spec.horizon, mu_h = m.mean * h, sd_h = m.sd * std::sqrt(h);
  r.details = Json{{"daily_mean", m.mean}, {"daily_std", m.sd}, {"skew", m.skew}, {"excess_kurtosis", m.excess_kurtosis}};
  switch (spec.method) {
    case VarMethod::Historical: {
      const auto windows = overlapping_returns(daily, spec.horizon);
      std::tie(r.var, r.cvar) = empirical_var_cvar(windows, spec.confidence);
      r.observations = windows.size();
      r.details["scaling"] = "overlapping h-day compounded returns";
      break;
    }
    case VarMethod::Normal: {
      const double z = normal_quantile(spec.confidence);
      r.var = z * sd_h - mu_h;
      r.cvar = sd_h * normal_pdf(z) / (1 - spec.confidence) - mu_h;
      r.details["z"] = z;
      r.details["scaling"] = "mean * h, std * sqrt(h)";
      break;
    }
    case VarMethod::CornishFisher: {
      const double s_h = m.skew / std::sqrt(h), k_h = m.excess_kurtosis / h;
      std::tie(r.var, r.cvar) = cornish_fisher_var(mu_h, sd_h, s_h, k_h, spec.confidence);
      r.details["z_cf"] = cornish_fisher_z(-normal_quantile(spec.confidence), s_h, k_h);
      r.details["scaling"] = "mean * h, std * sqrt(h), skew / sqrt(h), excess kurtosis / h";
      break;
    }
    case VarMethod::MonteCarlo: {
      SimulatedScenarios sims = simulate_portfolio_paths(returns, weights, spec.horizon, spec.simulations, spec.seed);
      std::tie(r.var, r.cvar) = empirical_var_cvar(sims.returns, spec.confidence);
      r.details["simulations"] = spec.simulations;
      r.details["seed"] = spec.seed;
      r.details["model"] = "multivariate normal daily asset returns, compounded over the horizon";
      if (scenarios) *scenarios = std::move(sims);
      break;
    }
  }
  return r;
}

}  // namespace mlt
