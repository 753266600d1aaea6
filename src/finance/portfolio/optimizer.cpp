#include "finance/portfolio/optimizer.h"

#include <cmath>

#include <fmt/format.h>
#include <nlopt.hpp>

#include "core/error.h"
#include "finance/portfolio/bounds.h"
#include "finance/portfolio/risk_budgeting.h"

namespace mlt {
namespace {

struct Problem {
  const Eigen::MatrixXd* cov;
  const Eigen::VectorXd* excess;  // mu (mean-variance) or mu - rf (max Sharpe)
  PortfolioObjective objective;
  double risk_aversion;
  double target;
};

Eigen::Map<const Eigen::VectorXd> as_vec(unsigned n, const double* x) {
  return Eigen::Map<const Eigen::VectorXd>(x, static_cast<Eigen::Index>(n));
}

double objective(unsigned n, const double* x, double* grad, void* data) {
  const auto& p = *static_cast<const Problem*>(data);
  const auto w = as_vec(n, x);
  const Eigen::VectorXd sw = *p.cov * w;
  const double var = w.dot(sw);
  Eigen::Map<Eigen::VectorXd> g(grad, grad ? static_cast<Eigen::Index>(n) : 0);
  switch (p.objective) {
    case PortfolioObjective::MeanVariance:
      if (!std::isnan(p.target)) break;
      if (grad) g = p.risk_aversion * sw - *p.excess;
      return 0.5 * p.risk_aversion * var - p.excess->dot(w);
    case PortfolioObjective::MaxSharpe: {
      const double sd = std::sqrt(std::max(var, 1e-300)), ex = p.excess->dot(w);
      if (grad) g = -(*p.excess / sd - ex * sw / (sd * sd * sd));
      return -ex / sd;
    }
    default:
      break;
  }
  if (grad) g = 2.0 * sw;  // minimum variance (also with a target return)
  return var;
}

double budget_constraint(unsigned n, const double* x, double* grad, void* data) {
  if (grad) std::fill(grad, grad + n, 1.0);
  return as_vec(n, x).sum() - *static_cast<const double*>(data);
}

double return_constraint(unsigned n, const double* x, double* grad, void* data) {
  const auto& p = *static_cast<const Problem*>(data);
  if (grad) Eigen::Map<Eigen::VectorXd>(grad, static_cast<Eigen::Index>(n)) = *p.excess;
  return p.excess->dot(as_vec(n, x)) - p.target;
}

PortfolioResult solve_slsqp(const PortfolioInputs& in, const OptimizeSpec& spec) {
  const auto n = static_cast<unsigned>(in.mean.size());
  const Bounds b = resolve_bounds(spec.constraints, n);
  // Scaling the covariance keeps objective values near 1 for SLSQP's tolerances.
  const double scale = in.cov.diagonal().mean();
  const Eigen::MatrixXd cov = in.cov / scale;
  Eigen::VectorXd excess = in.mean;
  if (spec.objective == PortfolioObjective::MaxSharpe) excess.array() -= spec.risk_free;
  if (spec.objective == PortfolioObjective::MeanVariance && !spec.target_return) excess /= scale;
  const double target = spec.objective == PortfolioObjective::MeanVariance && spec.target_return ? *spec.target_return
                                                                                                 : std::nan("");
  if (!std::isnan(target)) check_target_reachable(in.mean, b, spec.constraints.budget, target);
  Problem p{&cov, &excess, spec.objective, spec.risk_aversion, target};
  double budget = spec.constraints.budget;

  nlopt::opt opt(nlopt::LD_SLSQP, n);
  opt.set_lower_bounds(b.lower);
  opt.set_upper_bounds(b.upper);
  opt.set_min_objective(objective, &p);
  opt.add_equality_constraint(budget_constraint, &budget, 1e-12);
  if (!std::isnan(target)) opt.add_equality_constraint(return_constraint, &p, 1e-12);
  opt.set_xtol_rel(1e-12);
  opt.set_ftol_rel(1e-15);
  opt.set_maxeval(5000);
  std::vector<double> x = feasible_start(b, spec.constraints.budget);
  double f = 0;
  try {
    opt.optimize(x, f);
  } catch (const nlopt::roundoff_limited&) {
    // Converged as far as floating point allows; the checks below decide.
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Unavailable, fmt::format("the optimiser failed: {}", e.what()),
                "relax the bounds or the target return");
  }
  const Eigen::VectorXd w = Eigen::Map<Eigen::VectorXd>(x.data(), n);
  if (std::fabs(w.sum() - spec.constraints.budget) > 1e-6 ||
      (!std::isnan(target) && std::fabs(in.mean.dot(w) - target) > 1e-6))
    throw Error(ErrorKind::Unavailable, "the optimiser stopped at an infeasible point",
                "relax the bounds or the target return");
  PortfolioResult r = evaluate_portfolio(in, w, spec.risk_free);
  r.solver = "nlopt_slsqp";
  r.iterations = opt.get_numevals();
  return r;
}

}  // namespace

PortfolioInputs portfolio_inputs(const AssetReturns& returns, CovarianceMethod method, int periods_per_year) {
  const CovarianceEstimate c = estimate_covariance(returns.values, method);
  PortfolioInputs in;
  in.assets = returns.assets;
  in.mean = returns.values.colwise().mean().transpose() * periods_per_year;
  in.cov = c.matrix * periods_per_year;
  in.shrinkage = c.shrinkage;
  in.method = method;
  return in;
}

PortfolioObjective parse_portfolio_objective(const std::string& name) {
  if (name == "min_variance") return PortfolioObjective::MinVariance;
  if (name == "mean_variance") return PortfolioObjective::MeanVariance;
  if (name == "max_sharpe") return PortfolioObjective::MaxSharpe;
  if (name == "risk_parity") return PortfolioObjective::RiskParity;
  if (name == "hrp") return PortfolioObjective::Hrp;
  throw Error(ErrorKind::InvalidArgument, "unknown objective '" + name + "'",
              "use min_variance, mean_variance, max_sharpe, risk_parity or hrp");
}

const char* portfolio_objective_name(PortfolioObjective o) {
  switch (o) {
    case PortfolioObjective::MinVariance: return "min_variance";
    case PortfolioObjective::MeanVariance: return "mean_variance";
    case PortfolioObjective::MaxSharpe: return "max_sharpe";
    case PortfolioObjective::RiskParity: return "risk_parity";
    case PortfolioObjective::Hrp: return "hrp";
  }
  return "?";
}

PortfolioResult evaluate_portfolio(const PortfolioInputs& in, const Eigen::VectorXd& w, double risk_free) {
  if (w.size() != in.mean.size())
    throw Error(ErrorKind::InvalidArgument, fmt::format("{} weights for {} assets", w.size(), in.mean.size()));
  PortfolioResult r;
  r.weights = w;
  const Eigen::VectorXd sw = in.cov * w;
  const double var = w.dot(sw);
  r.expected_return = in.mean.dot(w);
  r.volatility = std::sqrt(std::max(var, 0.0));
  r.sharpe = r.volatility > 0 ? (r.expected_return - risk_free * w.sum()) / r.volatility : 0.0;
  r.risk_contributions = var > 0 ? Eigen::VectorXd(w.array() * sw.array() / var) : Eigen::VectorXd::Zero(w.size());
  return r;
}

PortfolioResult optimize_portfolio(const PortfolioInputs& in, const OptimizeSpec& spec) {
  if (in.mean.size() == 0 || in.cov.rows() != in.mean.size() || in.cov.cols() != in.mean.size())
    throw Error(ErrorKind::InvalidArgument, "portfolio inputs: mean and covariance sizes differ");
  if (spec.objective == PortfolioObjective::RiskParity || spec.objective == PortfolioObjective::Hrp) {
    if (!(spec.constraints.budget > 0))
      throw Error(ErrorKind::InvalidArgument, "risk parity and HRP need a positive budget");
    int it = 0;
    const bool erc = spec.objective == PortfolioObjective::RiskParity;
    const Eigen::VectorXd w =
        erc ? equal_risk_contribution(in.cov, spec.constraints.budget, &it)
            : Eigen::VectorXd(hierarchical_risk_parity(in.cov) * spec.constraints.budget);
    PortfolioResult r = evaluate_portfolio(in, w, spec.risk_free);
    r.solver = erc ? "newton_spinu" : "hrp_recursive_bisection";
    r.iterations = it;
    return r;
  }
  if (spec.objective == PortfolioObjective::MeanVariance && !spec.target_return && !(spec.risk_aversion > 0))
    throw Error(ErrorKind::InvalidArgument, "risk_aversion must be > 0", "or give a target_return");
  return solve_slsqp(in, spec);
}

Json PortfolioResult::to_json(const std::vector<std::string>& assets) const {
  Json w = Json::object(), rc = Json::object();
  for (std::size_t i = 0; i < assets.size(); ++i) {
    w[assets[i]] = weights[static_cast<Eigen::Index>(i)];
    rc[assets[i]] = risk_contributions[static_cast<Eigen::Index>(i)];
  }
  return Json{{"weights", w},          {"risk_contributions", rc}, {"expected_return", expected_return},
              {"volatility", volatility}, {"sharpe", sharpe},      {"solver", solver},
              {"iterations", iterations}};
}

}  // namespace mlt
