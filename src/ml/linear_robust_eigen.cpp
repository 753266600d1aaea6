// Robust Eigen linear regressors on standardised columns (linear_base.h),
// both seeded and both with a free intercept fitted as an extra column:
//   theil_sen  multivariate Theil–Sen (as scikit-learn's): exact least-squares
//              fits on max_subpopulation random subsets of n_subsamples rows
//              (0 = columns + 1, the most robust choice), combined by their
//              spatial median (modified Weiszfeld). Breakdown point about
//              1 - 0.5^(1/n_subsamples) of the rows.
//   ransac     RANSAC with a least-squares base estimator: max_trials random
//              subsets of min_samples rows (0 = columns + 1, as scikit-learn:
//              small subsets are the likeliest to be free of outliers; a
//              fraction of the rows when < 1), the fit whose residuals are
//              within residual_threshold (0 = the median absolute deviation
//              of y) on the most rows wins (ties: the smaller inlier residual
//              sum of squares), and the model is least squares refitted on
//              those inliers, then locally optimised (LO-RANSAC, Chum et al.
//              2003): the inliers of the refit replace the set until it is
//              stable.
// Neither has a weighted form, so unequal weights are refused.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "ml/adapters.h"
#include "ml/linear_base.h"

namespace mlt {
namespace {

using detail::Standardised;
using Index = Eigen::Index;

void refuse_unequal_weights(const Standardised& s, const std::string& id) {
  if ((s.w.array() - 1.0).abs().maxCoeff() > 1e-9)
    throw Error(ErrorKind::InvalidArgument, fmt::format("{}: sample weights are not supported", id),
                "fit without weights or use huber / quantile for weighted robust regression");
}

// k distinct row indices out of n (partial Fisher–Yates).
std::vector<Index> draw_rows(std::vector<Index>& pool, Index k, std::mt19937_64& rng) {
  const auto n = pool.size();
  for (std::size_t i = 0; i < static_cast<std::size_t>(k); ++i) std::swap(pool[i], pool[i + rng() % (n - i)]);
  return {pool.begin(), pool.begin() + k};
}

// Least squares with an intercept column on the given rows: [beta; intercept].
Eigen::VectorXd ls_with_intercept(const Standardised& s, const std::vector<Index>& rows, const Eigen::VectorXd& y) {
  const Index p = s.Z.cols(), m = static_cast<Index>(rows.size());
  Eigen::MatrixXd A(m, p + 1);
  Eigen::VectorXd b(m);
  for (Index r = 0; r < m; ++r) {
    A.row(r).head(p) = s.Z.row(rows[static_cast<std::size_t>(r)]);
    A(r, p) = 1.0;
    b(r) = y(rows[static_cast<std::size_t>(r)]);
  }
  return A.colPivHouseholderQr().solve(b);
}

// Spatial (geometric) median of the columns of P: Vardi & Zhang's modified
// Weiszfeld iteration, which stays well defined at a data point.
Eigen::VectorXd spatial_median(const Eigen::MatrixXd& P, int max_iter, double tol) {
  Eigen::VectorXd y(P.rows());
  for (Index r = 0; r < P.rows(); ++r) {  // start from the coordinate-wise median
    std::vector<double> v(static_cast<std::size_t>(P.cols()));
    for (Index c = 0; c < P.cols(); ++c) v[static_cast<std::size_t>(c)] = P(r, c);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    y(r) = v[v.size() / 2];
  }
  for (int it = 0; it < max_iter; ++it) {
    Eigen::VectorXd num = Eigen::VectorXd::Zero(P.rows()), pull = num;
    double denom = 0.0;
    bool at_point = false;
    for (Index c = 0; c < P.cols(); ++c) {
      const Eigen::VectorXd d = P.col(c) - y;
      const double dist = d.norm();
      if (dist == 0.0) {
        at_point = true;
        continue;
      }
      num += P.col(c) / dist;
      pull += d / dist;
      denom += 1.0 / dist;
    }
    Eigen::VectorXd next = num / denom;
    if (at_point) {
      const double r = pull.norm(), rinv = r > 0 ? 1.0 / r : 0.0;
      next = std::max(0.0, 1.0 - rinv) * next + std::min(1.0, rinv) * y;
    }
    const double step = (next - y).norm();
    y = next;
    if (step < tol) break;
  }
  return y;
}

class TheilSen final : public detail::LinearRegressorBase {
 public:
  TheilSen(Json params, std::uint64_t seed) : LinearRegressorBase("theil_sen", std::move(params), seed), seed_(seed) {}
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    refuse_unequal_weights(s, id());
    const Index n = s.Z.rows(), p = s.Z.cols();
    Index m = int_param("n_subsamples", 0);
    if (m == 0) m = p + 1;
    const int subsets = int_param("max_subpopulation", 2000);
    if (m < p + 1 || m > n || subsets < 1)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("theil_sen: n_subsamples must lie in {}..{} (0 = {}) and max_subpopulation >= 1", p + 1,
                              n, p + 1),
                  "use more training rows or fewer features");
    // On a unit-variance target the spatial-median tolerance is scale free.
    const double y_sd = std::max(std::sqrt(s.yc.squaredNorm() / static_cast<double>(n)), 1e-300);
    const Eigen::VectorXd ys = s.yc / y_sd;
    std::mt19937_64 rng(seed_);
    std::vector<Index> pool(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) pool[static_cast<std::size_t>(i)] = i;
    Eigen::MatrixXd solutions(p + 1, subsets);
    for (int k = 0; k < subsets; ++k) solutions.col(k) = ls_with_intercept(s, draw_rows(pool, m, rng), ys);
    const Eigen::VectorXd med = spatial_median(solutions, int_param("max_iter", 300), param("tol", 1e-6));
    shift_ = med(p) * y_sd;
    return med.head(p) * y_sd;
  }
  double intercept_shift() const override { return shift_; }

 private:
  std::uint64_t seed_;
  double shift_ = 0.0;
};

double median_of(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

class Ransac final : public detail::LinearRegressorBase {
 public:
  Ransac(Json params, std::uint64_t seed) : LinearRegressorBase("ransac", std::move(params), seed), seed_(seed) {}
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    refuse_unequal_weights(s, id());
    const Index n = s.Z.rows(), p = s.Z.cols();
    const double min_samples = param("min_samples", 0.0);
    const auto m = min_samples == 0.0 ? p + 1
                   : min_samples < 1.0 ? static_cast<Index>(std::ceil(min_samples * static_cast<double>(n)))
                                       : static_cast<Index>(std::round(min_samples));
    const int trials = int_param("max_trials", 100);
    if (!(min_samples >= 0) || m < p + 1 || m > n || trials < 1)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("ransac: min_samples must give {}..{} rows and max_trials must be >= 1", p + 1, n),
                  "min_samples below 1 is a fraction of the training rows");
    std::vector<double> yv(s.yc.data(), s.yc.data() + n);
    double threshold = param("residual_threshold", 0.0);
    if (threshold == 0.0) {
      const double med = median_of(yv);
      for (double& v : yv) v = std::abs(v - med);
      threshold = median_of(yv);
    }
    if (!(threshold > 0)) throw Error(ErrorKind::InvalidArgument, "ransac: residual_threshold must be > 0");
    std::mt19937_64 rng(seed_);
    std::vector<Index> pool(static_cast<std::size_t>(n)), best;
    for (Index i = 0; i < n; ++i) pool[static_cast<std::size_t>(i)] = i;
    double best_rss = 0.0;
    for (int k = 0; k < trials; ++k) {
      const Eigen::VectorXd b = ls_with_intercept(s, draw_rows(pool, m, rng), s.yc);
      const Eigen::VectorXd r = s.yc - s.Z * b.head(p) - Eigen::VectorXd::Constant(n, b(p));
      std::vector<Index> inliers;
      double rss = 0.0;
      for (Index i = 0; i < n; ++i)
        if (std::abs(r(i)) <= threshold) {
          inliers.push_back(i);
          rss += r(i) * r(i);
        }
      if (inliers.size() > best.size() || (inliers.size() == best.size() && rss < best_rss)) {
        best = std::move(inliers);
        best_rss = rss;
      }
    }
    if (static_cast<Index>(best.size()) < p + 1)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("ransac: no trial found {} inliers within residual_threshold {}", p + 1, threshold),
                  "raise residual_threshold or max_trials");
    // Local optimisation: refit on the consensus set until it stops changing,
    // so the answer depends on the data more than on which trial won.
    Eigen::VectorXd b = ls_with_intercept(s, best, s.yc);
    for (int round = 0; round < 50; ++round) {
      const Eigen::VectorXd r = s.yc - s.Z * b.head(p) - Eigen::VectorXd::Constant(n, b(p));
      std::vector<Index> inliers;
      for (Index i = 0; i < n; ++i)
        if (std::abs(r(i)) <= threshold) inliers.push_back(i);
      if (inliers == best || static_cast<Index>(inliers.size()) < p + 1) break;
      best = std::move(inliers);
      b = ls_with_intercept(s, best, s.yc);
    }
    shift_ = b(p);
    return b.head(p);
  }
  double intercept_shift() const override { return shift_; }

 private:
  std::uint64_t seed_;
  double shift_ = 0.0;
};

}  // namespace

std::unique_ptr<Model> make_theil_sen_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<TheilSen>(params, seed);
}
std::unique_ptr<Model> make_ransac_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Ransac>(params, seed);
}

}  // namespace mlt
