#include "finance/portfolio/risk_budgeting.h"

#include <cmath>
#include <functional>
#include <limits>

#include "core/error.h"

namespace mlt {
namespace {

void check_cov(const Eigen::MatrixXd& cov) {
  if (cov.rows() != cov.cols() || cov.rows() == 0)
    throw Error(ErrorKind::InvalidArgument, "covariance must be a non-empty square matrix");
  if (!(cov.diagonal().array() > 0).all() || !cov.allFinite())
    throw Error(ErrorKind::InvalidArgument, "covariance needs finite values and positive variances",
                "drop assets without price changes");
}

}  // namespace

Eigen::VectorXd equal_risk_contribution(const Eigen::MatrixXd& cov, double budget, int* iterations) {
  check_cov(cov);
  const Eigen::Index n = cov.rows();
  // Scaling S leaves the ERC weights unchanged but keeps Newton well conditioned.
  const Eigen::MatrixXd s = cov / cov.diagonal().mean();
  const double b = 1.0 / static_cast<double>(n);
  Eigen::VectorXd y = s.diagonal().cwiseSqrt().cwiseInverse();
  y *= std::sqrt(b / y.dot(s * y) * static_cast<double>(n));
  auto objective = [&](const Eigen::VectorXd& v) { return 0.5 * v.dot(s * v) - b * v.array().log().sum(); };
  int it = 0;
  for (; it < 200; ++it) {
    const Eigen::VectorXd grad = s * y - (b / y.array()).matrix();
    if (grad.cwiseAbs().maxCoeff() < 1e-15) break;
    Eigen::MatrixXd hess = s;
    hess.diagonal() += (b / y.array().square()).matrix();
    const Eigen::VectorXd step = hess.ldlt().solve(grad);
    // Backtrack to stay positive and decrease the objective.
    double t = 1.0;
    const double f0 = objective(y);
    Eigen::VectorXd next = y - step;
    while ((next.array() <= 0).any() || objective(next) > f0 + 1e-16 * std::fabs(f0)) {
      t *= 0.5;
      if (t < 1e-12) break;
      next = y - t * step;
    }
    if (t < 1e-12) break;  // no progress possible: at the optimum up to rounding
    y = next;
  }
  if (iterations) *iterations = it;
  const Eigen::VectorXd w = y / y.sum();
  const Eigen::VectorXd rc = w.array() * (s * w).array();
  if (rc.maxCoeff() - rc.minCoeff() > 1e-8 * rc.mean())
    throw Error(ErrorKind::Unavailable, "risk parity did not converge", "check the covariance for near-duplicates");
  return budget * w;
}

std::vector<LinkageStep> single_linkage(const Eigen::MatrixXd& distance) {
  const auto n = static_cast<int>(distance.rows());
  std::vector<int> id(static_cast<std::size_t>(n));  // cluster id of each active slot
  std::vector<bool> active(static_cast<std::size_t>(n), true);
  for (int i = 0; i < n; ++i) id[static_cast<std::size_t>(i)] = i;
  Eigen::MatrixXd d = distance;  // single linkage: merged row = elementwise min
  std::vector<LinkageStep> steps;
  for (int k = 0; k + 1 < n; ++k) {
    int bi = -1, bj = -1;
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < n; ++i) {
      if (!active[static_cast<std::size_t>(i)]) continue;
      for (int j = i + 1; j < n; ++j)
        if (active[static_cast<std::size_t>(j)] && d(i, j) < best) {
          best = d(i, j);
          bi = i;
          bj = j;
        }
    }
    const int a = id[static_cast<std::size_t>(bi)], b = id[static_cast<std::size_t>(bj)];
    steps.push_back(LinkageStep{std::min(a, b), std::max(a, b), best});
    for (int m = 0; m < n; ++m) d(bi, m) = d(m, bi) = std::min(d(bi, m), d(bj, m));
    active[static_cast<std::size_t>(bj)] = false;
    id[static_cast<std::size_t>(bi)] = n + k;
  }
  return steps;
}

Eigen::VectorXd hierarchical_risk_parity(const Eigen::MatrixXd& cov, std::vector<int>* order_out) {
  check_cov(cov);
  const Eigen::Index n = cov.rows();
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  Eigen::MatrixXd dist(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      const double corr = std::clamp(cov(i, j) / (sd[i] * sd[j]), -1.0, 1.0);
      dist(i, j) = std::sqrt(0.5 * (1.0 - corr));
    }
  // The paper's code links on the Euclidean distance between distance columns.
  Eigen::MatrixXd dd(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) dd(i, j) = (dist.col(i) - dist.col(j)).norm();
  std::vector<int> order;
  if (n == 1) {
    order = {0};
  } else {
    const std::vector<LinkageStep> steps = single_linkage(dd);
    const int nn = static_cast<int>(n);
    std::function<void(int)> leaves = [&](int c) {
      if (c < nn) {
        order.push_back(c);
        return;
      }
      const LinkageStep& s = steps[static_cast<std::size_t>(c - nn)];
      leaves(s.a);
      leaves(s.b);
    };
    leaves(2 * nn - 2);
  }
  // Recursive bisection of the quasi-diagonal order.
  Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
  auto cluster_variance = [&](const std::vector<int>& items) {
    Eigen::VectorXd ivp(static_cast<Eigen::Index>(items.size()));
    for (std::size_t k = 0; k < items.size(); ++k) ivp[static_cast<Eigen::Index>(k)] = 1.0 / cov(items[k], items[k]);
    ivp /= ivp.sum();
    double v = 0;
    for (std::size_t p = 0; p < items.size(); ++p)
      for (std::size_t q = 0; q < items.size(); ++q)
        v += ivp[static_cast<Eigen::Index>(p)] * ivp[static_cast<Eigen::Index>(q)] * cov(items[p], items[q]);
    return v;
  };
  std::vector<std::vector<int>> parts = {order};
  while (!parts.empty()) {
    std::vector<std::vector<int>> next;
    for (const auto& part : parts) {
      if (part.size() < 2) continue;
      const auto half = static_cast<std::ptrdiff_t>(part.size() / 2);
      std::vector<int> left(part.begin(), part.begin() + half), right(part.begin() + half, part.end());
      const double vl = cluster_variance(left), vr = cluster_variance(right);
      const double alpha = 1.0 - vl / (vl + vr);
      for (int i : left) w[i] *= alpha;
      for (int i : right) w[i] *= 1.0 - alpha;
      next.push_back(std::move(left));
      next.push_back(std::move(right));
    }
    parts = std::move(next);
  }
  if (order_out) *order_out = order;
  return w;
}

}  // namespace mlt
