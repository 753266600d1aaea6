// Linear entries: LIBLINEAR (logistic, linear SVM/SVR by loss and penalty)
// and the Eigen family (least squares, penalised, robust, Bayesian, PLS,
// discriminant analysis, naive Bayes). Regularisation defaults suit daily
// returns (target std about 0.01) on standardised features.
#include "ml/adapters.h"
#include "ml/registry_tables.h"

namespace mlt {
namespace {

ModelSpec liblinear(std::string id, LinearSolver solver, Task task, std::string summary, Json defaults) {
  return {.id = id,
          .family = Family::Linear,
          .task = task,
          .library = "liblinear",
          .summary = std::move(summary),
          .defaults = std::move(defaults),
          .make = [id, solver](const Json& p, std::uint64_t s) { return make_liblinear_model(id, solver, p, s); }};
}

ModelSpec eigen(std::string id, Family family, Task task, std::string summary, Json defaults,
                std::function<std::unique_ptr<Model>(const Json&, std::uint64_t)> make) {
  return {.id = std::move(id),
          .family = family,
          .task = task,
          .library = "eigen",
          .summary = std::move(summary),
          .defaults = std::move(defaults),
          .make = std::move(make)};
}

}  // namespace

void add_linear_models(std::vector<ModelSpec>& t) {
  const auto C = Task::Classification, R = Task::Regression;
  const Json lr{{"C", 1.0}, {"eps", 0.01}, {"bias", 1.0}};
  t.push_back(liblinear("logistic_l2", LinearSolver::LogisticL2, C,
                        "L2-regularised logistic regression (LIBLINEAR), probability that the price rises.", lr));
  t.push_back(liblinear("logistic_l1", LinearSolver::LogisticL1, C,
                        "L1-regularised (sparse) logistic regression (LIBLINEAR): selects features.", lr));
  t.push_back(liblinear("linear_svc_squared_hinge", LinearSolver::SvcSquaredHinge, C,
                        "Linear SVM, L2 penalty, squared hinge (L2) loss (LIBLINEAR primal); margin score.", lr));
  t.push_back(liblinear("linear_svc_hinge", LinearSolver::SvcHinge, C,
                        "Linear SVM, L2 penalty, hinge (L1) loss (LIBLINEAR dual); margin score.", lr));
  t.push_back(liblinear("linear_svc_l1", LinearSolver::SvcL1Penalty, C,
                        "Linear SVM with an L1 (sparse) penalty and squared hinge loss (LIBLINEAR).", lr));
  const Json svr{{"C", 1.0}, {"eps", 0.001}, {"bias", 1.0}, {"epsilon", 0.0}};
  t.push_back(liblinear("linear_svr_squared", LinearSolver::SvrSquared, R,
                        "Linear SVR with the squared epsilon-insensitive loss (LIBLINEAR primal).", svr));
  t.push_back(liblinear("linear_svr_absolute", LinearSolver::SvrAbsolute, R,
                        "Linear SVR with the epsilon-insensitive (absolute) loss (LIBLINEAR dual).", svr));

  t.push_back(eigen("ols", Family::Linear, R, "Ordinary least squares (Eigen, pivoted QR), no penalty.", Json::object(),
                    make_ols_eigen));
  t.push_back(eigen("ridge", Family::Linear, R, "Ridge regression in closed form (Eigen), forecast of the forward return.",
                    Json{{"alpha", 1.0}}, make_ridge_eigen));
  t.push_back(eigen("lasso", Family::Linear, R, "Lasso (L1) regression by coordinate descent (Eigen): sparse.",
                    Json{{"alpha", 1e-4}, {"max_iter", 1000}, {"tol", 1e-7}},
                    [](const Json& p, std::uint64_t s) { return make_elastic_net_eigen("lasso", p, s); }));
  t.push_back(eigen("elastic_net", Family::Linear, R,
                    "Elastic net (L1 + L2) by coordinate descent (Eigen): sparse yet stable with correlated features.",
                    Json{{"alpha", 2e-4}, {"l1_ratio", 0.5}, {"max_iter", 1000}, {"tol", 1e-7}},
                    [](const Json& p, std::uint64_t s) { return make_elastic_net_eigen("elastic_net", p, s); }));
  t.push_back(eigen("huber", Family::Linear, R, "Huber regression by IRLS (Eigen): least squares robust to outliers.",
                    Json{{"epsilon", 1.35}, {"alpha", 1e-4}, {"max_iter", 100}}, make_huber_eigen));
  t.push_back(eigen("quantile", Family::Linear, R,
                    "Linear quantile regression by IRLS (Eigen); the median by default.",
                    Json{{"quantile", 0.5}, {"alpha", 1e-4}, {"max_iter", 200}}, make_quantile_eigen));
  t.push_back(eigen("bayesian_ridge", Family::Linear, R,
                    "Bayesian ridge (Eigen): the penalty is learned by evidence maximisation.",
                    Json{{"max_iter", 300}, {"tol", 1e-6}}, make_bayesian_ridge_eigen));
  t.push_back(eigen("pls", Family::Linear, R,
                    "Partial least squares regression (Eigen, NIPALS): a few latent factors.",
                    Json{{"n_components", 2}}, make_pls_eigen));
  t.push_back(eigen("lda", Family::Linear, C,
                    "Linear discriminant analysis (Eigen): Gaussian classes with a shared covariance.",
                    Json{{"shrinkage", 1e-6}}, make_lda_eigen));
  t.push_back(eigen("qda", Family::Bayes, C,
                    "Quadratic discriminant analysis (Eigen): one Gaussian covariance per class.",
                    Json{{"reg_param", 0.01}}, make_qda_eigen));
  t.push_back(eigen("gaussian_nb", Family::Bayes, C,
                    "Gaussian naive Bayes (Eigen): independent Gaussian features per class.",
                    Json{{"var_smoothing", 1e-9}}, make_gaussian_nb_eigen));
}

}  // namespace mlt
