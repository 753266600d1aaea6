// Sparse Eigen linear regressors on standardised columns (linear_base.h):
//   lars        least-angle regression (Efron et al. 2004): variables enter
//               one at a time and the fit moves equiangularly; stops when
//               n_nonzero_coefs have entered (0 = the whole path, which ends
//               at the least-squares fit)
//   lasso_lars  the LARS path with the lasso modification (a variable whose
//               coefficient crosses zero leaves), stopped at the penalty
//               alpha: the exact lasso solution of
//               1/(2n)|y - Xb|^2 + alpha |b|_1, as the `lasso` entry
//   orthogonal_matching_pursuit  greedy: add the column most correlated
//               with the residual, refit least squares on the chosen ones
//   ard_regression  automatic relevance determination: one Gaussian prior
//               precision per coefficient, learned by evidence maximisation;
//               coefficients whose precision exceeds threshold_lambda are
//               pruned to exactly 0. The target is scaled to unit variance
//               first so threshold_lambda means the same for any return scale.
// All are least squares on rows scaled by sqrt(weight), so weights are exact.
#include <algorithm>
#include <cmath>
#include <vector>

#include "ml/adapters.h"
#include "ml/linear_base.h"

namespace mlt {
namespace {

using detail::Standardised;
using Index = Eigen::Index;

Eigen::MatrixXd sub_gram(const Eigen::MatrixXd& G, const std::vector<Index>& a) {
  const auto k = static_cast<Index>(a.size());
  Eigen::MatrixXd out(k, k);
  for (Index r = 0; r < k; ++r)
    for (Index c = 0; c < k; ++c) out(r, c) = G(a[static_cast<std::size_t>(r)], a[static_cast<std::size_t>(c)]);
  return out;
}

// True when column j is (numerically) a combination of the active columns:
// entering it would make the active Gram matrix singular.
bool is_dependent(const Eigen::MatrixXd& G, const std::vector<Index>& active, Index j) {
  if (!(G(j, j) > 1e-12 * std::max(1.0, G.diagonal().maxCoeff()))) return true;
  if (active.empty()) return false;
  Eigen::VectorXd g(static_cast<Index>(active.size()));
  for (std::size_t k = 0; k < active.size(); ++k) g(static_cast<Index>(k)) = G(active[k], j);
  const double schur = G(j, j) - g.dot(sub_gram(G, active).ldlt().solve(g));
  return schur < 1e-10 * G(j, j);
}

struct LarsOptions {
  Index max_active;     // stop once this many variables have entered
  double alpha_stop;    // lasso: stop when max|corr|/n falls to this (< 0: never)
  bool lasso;           // drop a variable whose coefficient crosses zero
  int max_steps;
};

Eigen::VectorXd lars_path_end(const Standardised& s, const LarsOptions& o) {
  const Index p = s.Z.cols();
  const double n = static_cast<double>(s.Z.rows());
  const Eigen::MatrixXd G = s.Z.transpose() * s.Z;
  const Eigen::VectorXd Xty = s.Z.transpose() * s.yc;
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  std::vector<char> in(static_cast<std::size_t>(p), 0), skip(static_cast<std::size_t>(p), 0);
  std::vector<Index> active;
  Index enter = -1;
  Eigen::VectorXd c = Xty;
  c.cwiseAbs().maxCoeff(&enter);
  for (int step = 0; step < o.max_steps; ++step) {
    if (enter >= 0) {  // the entering variable, unless collinear with the active set
      if (is_dependent(G, active, enter)) {
        skip[static_cast<std::size_t>(enter)] = 1;
      } else {
        active.push_back(enter);
        in[static_cast<std::size_t>(enter)] = 1;
      }
      enter = -1;
    }
    if (active.empty()) break;
    c = Xty - G * beta;
    double C = 0;
    for (Index j : active) C = std::max(C, std::abs(c(j)));
    if (o.alpha_stop >= 0 && C / n <= o.alpha_stop) break;
    if (!(C > 1e-14 * (1.0 + Xty.cwiseAbs().maxCoeff()))) break;  // residual orthogonal to every column
    const auto k = static_cast<Index>(active.size());
    Eigen::VectorXd sign(k);
    for (Index a = 0; a < k; ++a) sign(a) = c(active[static_cast<std::size_t>(a)]) >= 0 ? 1.0 : -1.0;
    const Eigen::VectorXd gs = sub_gram(G, active).ldlt().solve(sign);
    const double AA = 1.0 / std::sqrt(sign.dot(gs));
    const Eigen::VectorXd dir = AA * gs;  // equiangular direction on the active coefficients
    Eigen::VectorXd a_all = Eigen::VectorXd::Zero(p);
    for (Index a = 0; a < k; ++a) a_all += G.col(active[static_cast<std::size_t>(a)]) * dir(a);
    double gamma = C / AA;  // all the way to least squares on the active set
    const double tiny = 1e-12 * gamma;
    Index candidate = -1, drop = -1;
    for (Index j = 0; j < p; ++j) {
      if (in[static_cast<std::size_t>(j)] || skip[static_cast<std::size_t>(j)]) continue;
      for (const double g : {(C - c(j)) / (AA - a_all(j)), (C + c(j)) / (AA + a_all(j))})
        if (g > tiny && g < gamma) {
          gamma = g;
          candidate = j;
        }
    }
    if (o.lasso)
      for (Index a = 0; a < k; ++a) {
        const Index j = active[static_cast<std::size_t>(a)];
        if (dir(a) == 0.0) continue;
        const double g = -beta(j) / dir(a);
        if (g > tiny && g < gamma) {
          gamma = g;
          drop = a;
          candidate = -1;
        }
      }
    bool stop = false;
    if (o.alpha_stop >= 0) {
      const double g_stop = (C - n * o.alpha_stop) / AA;  // max|corr| falls linearly with the step
      if (g_stop < gamma) {
        gamma = g_stop;
        drop = candidate = -1;
        stop = true;
      }
    }
    for (Index a = 0; a < k; ++a) beta(active[static_cast<std::size_t>(a)]) += gamma * dir(a);
    if (drop >= 0) {
      const Index j = active[static_cast<std::size_t>(drop)];
      beta(j) = 0.0;
      in[static_cast<std::size_t>(j)] = 0;
      active.erase(active.begin() + drop);
      continue;
    }
    if (stop || candidate < 0 || k >= o.max_active) break;
    enter = candidate;
  }
  return beta;
}

class Lars final : public detail::LinearRegressorBase {
 public:
  Lars(std::string id, bool lasso, Json params, std::uint64_t seed)
      : LinearRegressorBase(std::move(id), std::move(params), seed), lasso_(lasso) {}
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    const int max_iter = int_param("max_iter", 500);
    if (max_iter < 1) throw Error(ErrorKind::InvalidArgument, fmt::format("{}: max_iter must be >= 1", id()));
    LarsOptions o{s.Z.cols(), -1.0, lasso_, max_iter};
    if (lasso_) {
      o.alpha_stop = param("alpha", 1e-4);
      if (!(o.alpha_stop >= 0)) throw Error(ErrorKind::InvalidArgument, "lasso_lars: alpha must be >= 0");
    } else {
      const int k = int_param("n_nonzero_coefs", 10);
      if (k < 0) throw Error(ErrorKind::InvalidArgument, "lars: n_nonzero_coefs must be >= 0 (0 = the whole path)");
      if (k > 0) o.max_active = std::min<Index>(k, s.Z.cols());
    }
    return lars_path_end(s, o);
  }

 private:
  bool lasso_;
};

class Omp final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    const Index p = s.Z.cols();
    int k = int_param("n_nonzero_coefs", 0);
    if (k < 0 || k > p)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("orthogonal_matching_pursuit: n_nonzero_coefs must lie in 0..{} (0 = 10% of columns)", p));
    if (k == 0) k = std::max(1, static_cast<int>(std::lround(0.1 * static_cast<double>(p))));
    const Eigen::MatrixXd G = s.Z.transpose() * s.Z;
    const Eigen::VectorXd Xty = s.Z.transpose() * s.yc;
    std::vector<Index> chosen;
    std::vector<char> excluded(static_cast<std::size_t>(p), 0);
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
    while (static_cast<int>(chosen.size()) < k) {
      const Eigen::VectorXd corr = Xty - G * beta;
      Index best = -1;
      for (Index j = 0; j < p; ++j)
        if (!excluded[static_cast<std::size_t>(j)] && (best < 0 || std::abs(corr(j)) > std::abs(corr(best)))) best = j;
      if (best < 0 || !(std::abs(corr(best)) > 1e-14 * (1.0 + Xty.cwiseAbs().maxCoeff()))) break;
      excluded[static_cast<std::size_t>(best)] = 1;
      if (is_dependent(G, chosen, best)) continue;  // adds nothing the chosen columns do not span
      chosen.push_back(best);
      Eigen::VectorXd rhs(static_cast<Index>(chosen.size()));
      for (std::size_t a = 0; a < chosen.size(); ++a) rhs(static_cast<Index>(a)) = Xty(chosen[a]);
      const Eigen::VectorXd b = sub_gram(G, chosen).ldlt().solve(rhs);
      beta.setZero();
      for (std::size_t a = 0; a < chosen.size(); ++a) beta(chosen[a]) = b(static_cast<Index>(a));
    }
    return beta;
  }
};

class Ard final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    constexpr double a1 = 1e-6, a2 = 1e-6, l1 = 1e-6, l2 = 1e-6;  // scikit-learn's gamma priors
    const double threshold = param("threshold_lambda", 1e4), tol = param("tol", 1e-3);
    const int max_iter = int_param("max_iter", 300);
    if (!(threshold > 0) || max_iter < 1)
      throw Error(ErrorKind::InvalidArgument, "ard_regression: need threshold_lambda > 0 and max_iter >= 1");
    const Index p = s.Z.cols();
    const double n = static_cast<double>(s.Z.rows());
    const double y_sd = std::max(std::sqrt(s.yc.squaredNorm() / n), 1e-300);
    const Eigen::VectorXd ys = s.yc / y_sd;
    const Eigen::MatrixXd G = s.Z.transpose() * s.Z;
    const Eigen::VectorXd Xty = s.Z.transpose() * ys;
    Eigen::VectorXd lambda = Eigen::VectorXd::Ones(p), beta = Eigen::VectorXd::Zero(p);
    std::vector<char> keep(static_cast<std::size_t>(p), 1);
    double alpha = 1.0;  // noise precision of the unit-variance target
    auto solve = [&](Eigen::VectorXd& out, Eigen::VectorXd& sigma_diag, std::vector<Index>& kept) {
      kept.clear();
      for (Index j = 0; j < p; ++j)
        if (keep[static_cast<std::size_t>(j)]) kept.push_back(j);
      out.setZero(p);
      sigma_diag.setZero(p);
      if (kept.empty()) return;
      Eigen::MatrixXd A = alpha * sub_gram(G, kept);
      Eigen::VectorXd rhs(static_cast<Index>(kept.size()));
      for (std::size_t a = 0; a < kept.size(); ++a) {
        A(static_cast<Index>(a), static_cast<Index>(a)) += lambda(kept[a]);
        rhs(static_cast<Index>(a)) = Xty(kept[a]);
      }
      const Eigen::MatrixXd sigma = A.ldlt().solve(Eigen::MatrixXd::Identity(A.rows(), A.cols()));
      const Eigen::VectorXd b = alpha * sigma * rhs;
      for (std::size_t a = 0; a < kept.size(); ++a) {
        out(kept[a]) = b(static_cast<Index>(a));
        sigma_diag(kept[a]) = sigma(static_cast<Index>(a), static_cast<Index>(a));
      }
    };
    Eigen::VectorXd next, sigma_diag;
    std::vector<Index> kept;
    for (int it = 0; it < max_iter; ++it) {
      solve(next, sigma_diag, kept);
      const double rss = (ys - s.Z * next).squaredNorm();
      double gamma_sum = 0;
      for (Index j : kept) {
        const double gamma = 1.0 - lambda(j) * sigma_diag(j);
        gamma_sum += gamma;
        lambda(j) = (gamma + 2 * l1) / (next(j) * next(j) + 2 * l2);
      }
      alpha = (n - gamma_sum + 2 * a1) / (rss + 2 * a2);
      for (Index j : kept)
        if (lambda(j) >= threshold) keep[static_cast<std::size_t>(j)] = 0;
      const double change = (next - beta).cwiseAbs().sum();
      beta = next;
      if (it > 0 && change < tol) break;
    }
    solve(beta, sigma_diag, kept);  // the final coefficients on the surviving columns
    return beta * y_sd;
  }
};

}  // namespace

std::unique_ptr<Model> make_lars_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Lars>("lars", false, params, seed);
}
std::unique_ptr<Model> make_lasso_lars_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Lars>("lasso_lars", true, params, seed);
}
std::unique_ptr<Model> make_omp_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Omp>("orthogonal_matching_pursuit", params, seed);
}
std::unique_ptr<Model> make_ard_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Ard>("ard_regression", params, seed);
}

}  // namespace mlt
