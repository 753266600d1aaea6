// Linear entries: LIBLINEAR (logistic, linear SVM/SVR by loss and penalty)
// and the Eigen family (least squares, penalised, robust, Bayesian, PLS,
// discriminant analysis, naive Bayes, sparse LARS/OMP/ARD, robust Theil-Sen/
// RANSAC, kernel ridge, SGD / passive-aggressive / perceptron, ridge
// classifier). Regularisation defaults suit daily
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

void add_kernel_ridge_models(std::vector<ModelSpec>& t) {
  const auto R = Task::Regression;
  auto kr = [&](std::string id, KernelRidgeKernel kernel, std::string summary, Json defaults) {
    t.push_back(eigen(id, Family::Kernel, R, std::move(summary), std::move(defaults),
                      [id, kernel](const Json& p, std::uint64_t s) { return make_kernel_ridge_eigen(id, kernel, p, s); }));
  };
  kr("kernel_ridge_rbf", KernelRidgeKernel::Rbf,
     "Kernel ridge regression with a Gaussian (RBF) kernel (Eigen) on the latest max_rows training rows.",
     Json{{"alpha", 1.0}, {"gamma", 0.0}, {"max_rows", 2000}});
  kr("kernel_ridge_poly", KernelRidgeKernel::Poly,
     "Kernel ridge regression with a polynomial kernel (Eigen): feature interactions up to `degree`.",
     Json{{"alpha", 1.0}, {"gamma", 0.0}, {"degree", 3}, {"coef0", 1.0}, {"max_rows", 2000}});
  kr("kernel_ridge_laplacian", KernelRidgeKernel::Laplacian,
     "Kernel ridge regression with a Laplacian (L1-distance) kernel (Eigen): sharper, more local than RBF.",
     Json{{"alpha", 1.0}, {"gamma", 0.0}, {"max_rows", 2000}});
}

void add_sgd_models(std::vector<ModelSpec>& t) {
  const auto C = Task::Classification, R = Task::Regression;
  auto sgd = [&](SgdVariant v, std::string summary, Json defaults) {
    t.push_back(eigen(v.id, Family::Linear, v.task, std::move(summary), std::move(defaults),
                      [v](const Json& p, std::uint64_t s) { return make_sgd_linear(v, p, s); }));
  };
  // Averaged SGD by default: the last iterate of plain SGD on noisy daily
  // returns wanders; the running mean of the iterates is far steadier.
  const Json stop{{"max_iter", 1000}, {"tol", 1e-3}, {"n_iter_no_change", 5}, {"average", true}};
  Json cls = stop;
  cls.update(Json{{"alpha", 1e-4}, {"learning_rate", "optimal"}, {"eta0", 0.01}, {"power_t", 0.5}});
  Json reg = stop;
  reg.update(Json{{"alpha", 1e-4}, {"learning_rate", "invscaling"}, {"eta0", 0.01}, {"power_t", 0.25}});
  Json huber = reg, eps = reg, pa_reg = stop;
  huber["epsilon"] = 1.35;
  eps["epsilon"] = 0.1;
  // The classic online algorithms keep their last iterate unless asked.
  Json pa_cls = stop, perceptron = stop;
  pa_cls.update(Json{{"C", 1.0}, {"average", false}});
  pa_reg.update(Json{{"C", 1.0}, {"epsilon", 0.1}, {"average", false}});
  perceptron.update(
      Json{{"alpha", 0.0}, {"learning_rate", "constant"}, {"eta0", 1.0}, {"power_t", 0.5}, {"average", false}});
  sgd({"sgd_classifier_hinge", C, SgdLoss::Hinge, false},
      "Linear SVM trained by SGD (hinge loss, L2 penalty); seeded shuffles, margin score.", cls);
  sgd({"sgd_classifier_log", C, SgdLoss::Log, false},
      "Logistic regression trained by SGD (log loss, L2 penalty): probability that the price rises.", cls);
  sgd({"sgd_classifier_modified_huber", C, SgdLoss::ModifiedHuber, false},
      "SGD classifier with the modified Huber loss: outlier-tolerant, with a clipped probability.", cls);
  sgd({"sgd_regressor_squared", R, SgdLoss::Squared, false},
      "Ridge-like least squares trained by SGD, forecast of the forward return.", reg);
  sgd({"sgd_regressor_huber", R, SgdLoss::Huber, false},
      "SGD regression with the Huber loss (epsilon in target std units): robust to outlier days.", huber);
  sgd({"sgd_regressor_epsilon_insensitive", R, SgdLoss::EpsilonInsensitive, false},
      "Linear SVR trained by SGD (epsilon-insensitive loss, epsilon in target std units).", eps);
  sgd({"passive_aggressive_classifier", C, SgdLoss::Hinge, true},
      "Passive-aggressive classifier (PA-I): online hinge-loss updates capped by C; margin score.", pa_cls);
  sgd({"passive_aggressive_regressor", R, SgdLoss::EpsilonInsensitive, true},
      "Passive-aggressive regressor (PA-I): online epsilon-insensitive updates capped by C.", pa_reg);
  sgd({"perceptron", C, SgdLoss::Perceptron, false},
      "Rosenblatt perceptron (online mistake-driven updates); margin score, not a probability.", perceptron);
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

  t.push_back(eigen("lars", Family::Linear, R,
                    "Least-angle regression (Eigen): features enter one at a time; stops after n_nonzero_coefs "
                    "(0 = full path, ending at least squares).",
                    Json{{"n_nonzero_coefs", 10}, {"max_iter", 500}}, make_lars_eigen));
  t.push_back(eigen("lasso_lars", Family::Linear, R,
                    "Lasso solved exactly along the LARS path (Eigen): same objective as lasso, better with "
                    "correlated features.",
                    Json{{"alpha", 1e-4}, {"max_iter", 500}}, make_lasso_lars_eigen));
  t.push_back(eigen("orthogonal_matching_pursuit", Family::Linear, R,
                    "Orthogonal matching pursuit (Eigen): greedily picks n_nonzero_coefs features (0 = 10%) and "
                    "refits least squares on them.",
                    Json{{"n_nonzero_coefs", 0}}, make_omp_eigen));
  t.push_back(eigen("ard_regression", Family::Linear, R,
                    "ARD regression (Eigen): Bayesian ridge with one learned prior per feature, pruning the "
                    "irrelevant ones to zero.",
                    Json{{"threshold_lambda", 1e4}, {"max_iter", 300}, {"tol", 1e-3}}, make_ard_eigen));
  t.push_back(eigen("theil_sen", Family::Linear, R,
                    "Theil-Sen regression (Eigen, seeded): spatial median of many small exact fits, robust to "
                    "outlier days.",
                    Json{{"n_subsamples", 0}, {"max_subpopulation", 2000}, {"max_iter", 300}, {"tol", 1e-6}},
                    make_theil_sen_eigen));
  t.push_back(eigen("ransac", Family::Linear, R,
                    "RANSAC (Eigen, seeded): least squares refitted on the largest consensus set of rows, "
                    "ignoring outlier days.",
                    Json{{"min_samples", 0.0}, {"max_trials", 100}, {"residual_threshold", 0.0}}, make_ransac_eigen));
  t.push_back(eigen("ridge_classifier", Family::Linear, C,
                    "Ridge regression on +-1 direction labels (Eigen); score is the logistic of the decision value.",
                    Json{{"alpha", 1.0}}, make_ridge_classifier_eigen));
  add_kernel_ridge_models(t);
  add_sgd_models(t);
}

}  // namespace mlt
