// Factories for the library adapters behind the Model interface. `params`
// are the effective parameters (the registry has merged defaults and
// overrides and checked the keys); `seed` fixes every random choice.
// Every model that can use threads takes them from its `nthread` parameter
// (default 1), so ml.compare can keep one global thread budget.
//
//   xgboost (xgboost_model.cpp): booster/objective/num_parallel_tree are
//     fixed by the variant (what makes a registry entry distinct); the
//     parameters are passed through (learning_rate -> eta, reg_lambda ->
//     lambda, reg_alpha -> alpha), n_estimators = boosting rounds.
//   liblinear (liblinear_models.cpp): one solver per entry; LIBLINEAR 2.30
//     has no instance weights, so unequal weights are refused. SVM
//     classifiers give no probability: predict() returns the logistic of
//     the margin (a monotone score in (0,1), not a calibrated probability).
//   eigen (ridge_eigen.cpp, linear_eigen*.cpp, discriminant_eigen.cpp):
//     closed forms and iterative solvers on standardised columns.
//   opencv (opencv_*.cpp): cv::ml trees, boosting, SVM, k-NN, EM mixtures.
//   xgboost binary:hinge gives hard 0/1 predictions: its "probability" is 0 or 1.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

struct XgbVariant {
  std::string id;  // registry id, also Model::name()
  Task task = Task::Classification;
  std::string booster = "gbtree";  // gbtree | dart | gblinear
  std::string objective;           // empty = binary:logistic / reg:squarederror
  int num_parallel_tree = 1;       // > 1 with one round = random forest
  std::string grow_policy;         // empty = depthwise; "lossguide" grows the best leaf first (as LightGBM)
};
std::unique_ptr<Model> make_xgboost_model(const XgbVariant& variant, const Json& params, std::uint64_t seed);

enum class LinearSolver {
  LogisticL2,     // L2R_LR: L2-regularised logistic regression
  LogisticL1,     // L1R_LR: L1-regularised (sparse) logistic regression
  SvcSquaredHinge,  // L2R_L2LOSS_SVC: L2 penalty, squared hinge loss (primal)
  SvcHinge,       // L2R_L1LOSS_SVC_DUAL: L2 penalty, hinge loss (dual)
  SvcL1Penalty,   // L1R_L2LOSS_SVC: L1 penalty, squared hinge loss
  SvrSquared,     // L2R_L2LOSS_SVR: squared epsilon-insensitive loss
  SvrAbsolute,    // L2R_L1LOSS_SVR_DUAL: epsilon-insensitive loss (dual)
};
std::unique_ptr<Model> make_liblinear_model(const std::string& id, LinearSolver solver, const Json& params,
                                            std::uint64_t seed);
inline std::unique_ptr<Model> make_logistic_liblinear(const Json& params, std::uint64_t seed) {
  return make_liblinear_model("logistic_l2", LinearSolver::LogisticL2, params, seed);
}

// Eigen linear family (regressors unless noted).
std::unique_ptr<Model> make_ridge_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_ols_eigen(const Json& params, std::uint64_t seed);
// Coordinate descent on 1/(2n)||y - Xb||^2 + alpha (l1_ratio |b|_1 + (1-l1_ratio)/2 |b|^2), as scikit-learn.
std::unique_ptr<Model> make_elastic_net_eigen(const std::string& id, const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_huber_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_quantile_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_bayesian_ridge_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_pls_eigen(const Json& params, std::uint64_t seed);
// Classifiers.
std::unique_ptr<Model> make_lda_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_qda_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_gaussian_nb_eigen(const Json& params, std::uint64_t seed);

// Sparse and robust Eigen regressors (linear_sparse_eigen.cpp, linear_robust_eigen.cpp):
// LARS, lasso by LARS, orthogonal matching pursuit, ARD; Theil-Sen and RANSAC
// (seeded; they refuse unequal weights).
std::unique_ptr<Model> make_lars_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_lasso_lars_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_omp_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_ard_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_theil_sen_eigen(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_ransac_eigen(const Json& params, std::uint64_t seed);
// Ridge on ±1 targets; predict() is the logistic of the decision value (ridge_classifier_eigen.cpp).
std::unique_ptr<Model> make_ridge_classifier_eigen(const Json& params, std::uint64_t seed);
// Kernel ridge regression on the most recent max_rows training rows (kernel_ridge_eigen.cpp).
enum class KernelRidgeKernel { Rbf, Poly, Laplacian };
std::unique_ptr<Model> make_kernel_ridge_eigen(const std::string& id, KernelRidgeKernel kernel, const Json& params,
                                               std::uint64_t seed);
// Stochastic gradient descent, passive-aggressive and perceptron (sgd_linear.cpp). Classifier
// losses give predict() = logistic of the margin (log loss: the probability; modified
// Huber: scikit-learn's (clip(margin, -1, 1) + 1) / 2).
enum class SgdLoss { Hinge, Log, ModifiedHuber, Perceptron, Squared, Huber, EpsilonInsensitive };
struct SgdVariant {
  std::string id;  // registry id, also Model::name()
  Task task = Task::Classification;
  SgdLoss loss = SgdLoss::Hinge;
  bool passive_aggressive = false;  // PA-I steps instead of a learning-rate schedule
};
std::unique_ptr<Model> make_sgd_linear(const SgdVariant& variant, const Json& params, std::uint64_t seed);

// OpenCV ml.
enum class OcvTree { DecisionTree, RandomTrees, BoostDiscrete, BoostReal, BoostLogit, BoostGentle };
std::unique_ptr<Model> make_opencv_tree(const std::string& id, OcvTree kind, Task task, const Json& params,
                                        std::uint64_t seed);
enum class OcvSvmType { CSvc, NuSvc, EpsSvr, NuSvr };
enum class OcvKernel { Linear, Poly, Rbf, Sigmoid, Chi2, Inter };
std::unique_ptr<Model> make_opencv_svm(const std::string& id, OcvSvmType type, OcvKernel kernel, const Json& params,
                                       std::uint64_t seed);
// The training rows and labels of a k-NN model saved by cv::ml::KNearest
// (YAML text), so models saved before k-NN was native still load.
Matrix read_opencv_knn_rows(const std::string& text, std::vector<double>& labels);

// Gaussian mixture per class (cv::ml::EM), Bayes rule with the class shares as priors (opencv_em.cpp).
std::unique_ptr<Model> make_opencv_gmm_classifier(const Json& params, std::uint64_t seed);

// Implemented here without a library ("native"; the Gaussian process uses Eigen):
// extra_trees.cpp, bernoulli_nb.cpp, neighbors_native.cpp, gaussian_process.cpp.
std::unique_ptr<Model> make_extra_trees(const std::string& id, Task task, const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_bernoulli_nb(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_nearest_centroid(const Json& params, std::uint64_t seed);
// CART decision trees and AdaBoost on them (cart_models.cpp).
std::unique_ptr<Model> make_decision_tree(const std::string& id, Task task, const Json& params, std::uint64_t seed);
enum class AdaBoostKind { Discrete, Real, Logit, Gentle };
std::unique_ptr<Model> make_adaboost(const std::string& id, AdaBoostKind kind, const Json& params, std::uint64_t seed);
enum class KnnWeighting { Uniform, Distance };
std::unique_ptr<Model> make_knn(const std::string& id, Task task, KnnWeighting weighting, const Json& params,
                                std::uint64_t seed);
std::unique_ptr<Model> make_gaussian_process_eigen(const Json& params, std::uint64_t seed);

// "1.7.4", "2.30", "3.4.0", "4.6.0": recorded with every result.
std::string xgboost_version();
std::string liblinear_version();
std::string eigen_version();
std::string opencv_version();

// OpenCV's thread pool (parallel_for_ inside SVM, random-trees and EM
// prediction) is process-wide and outside any thread budget. While at least
// one guard lives, OpenCV runs its work on the calling thread; the last
// guard to go restores the earlier setting. ml.compare holds one, so its
// workers are its only threads.
class OpenCvSequential {
 public:
  OpenCvSequential();
  ~OpenCvSequential();
  OpenCvSequential(const OpenCvSequential&) = delete;
  OpenCvSequential& operator=(const OpenCvSequential&) = delete;
};
// The number of threads OpenCV would use now (1: sequential).
int opencv_threads();
// {xgboost, liblinear, eigen, opencv, torch (when built)}.
Json library_versions();

}  // namespace mlt
