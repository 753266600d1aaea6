#include "finance/risk/monte_carlo.h"

#include <cmath>
#include <random>

#include "core/error.h"

namespace mlt {
namespace {

class NormalStream {
 public:
  explicit NormalStream(std::uint64_t seed) : rng_(seed) {}
  double next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    // Uniforms in (0, 1]: 53 random bits, never 0 so log() is finite.
    const double u1 = (static_cast<double>(rng_() >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    const double r = std::sqrt(-2.0 * std::log(u1)), a = 2.0 * M_PI * u2;
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  std::mt19937_64 rng_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace

SimulatedScenarios simulate_portfolio_paths(const AssetReturns& returns, const Eigen::VectorXd& weights, int horizon,
                                            std::size_t paths, std::uint64_t seed) {
  const Eigen::MatrixXd& x = returns.values;
  const Eigen::VectorXd mean = x.colwise().mean();
  const Eigen::MatrixXd centered = x.rowwise() - mean.transpose();
  const Eigen::MatrixXd cov = centered.transpose() * centered / static_cast<double>(x.rows() - 1);
  // Daily rebalancing means a path only needs w' r_d, which under the
  // multivariate normal is exactly N(w' mu, w' Sigma w): one draw per day.
  const double mu_p = weights.dot(mean);
  const double var_p = weights.dot(cov * weights);
  if (!(var_p >= 0) || !std::isfinite(var_p))
    throw Error(ErrorKind::DataError, "the sample covariance is not positive semi-definite");
  const double sd_p = std::sqrt(var_p);
  SimulatedScenarios out;
  out.seed = seed;
  out.horizon = horizon;
  out.returns.resize(paths);
  NormalStream z(seed);
  for (std::size_t p = 0; p < paths; ++p) {
    double g = 1;
    for (int d = 0; d < horizon; ++d) g *= 1.0 + mu_p + sd_p * z.next();
    out.returns[p] = g - 1.0;
  }
  return out;
}

}  // namespace mlt
