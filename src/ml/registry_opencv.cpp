// OpenCV ml entries: CART, random trees, the four AdaBoost variants, SVMs
// (type x kernel: each kernel is a different similarity a user picks), k-NN
// and the per-class Gaussian-mixture (EM) classifier.
#include <fmt/format.h>

#include "ml/adapters.h"
#include "ml/registry_tables.h"

namespace mlt {
namespace {

ModelSpec tree(std::string id, OcvTree kind, Task task, std::string summary, Json defaults) {
  return {.id = id,
          .family = Family::Trees,
          .task = task,
          .library = "opencv",
          .summary = std::move(summary),
          .defaults = std::move(defaults),
          .make = [id, kind, task](const Json& p, std::uint64_t s) { return make_opencv_tree(id, kind, task, p, s); }};
}

}  // namespace

void add_opencv_models(std::vector<ModelSpec>& t) {
  const auto C = Task::Classification, R = Task::Regression;
  const Json dt{{"max_depth", 5}, {"min_samples", 20}};
  t.push_back(tree("decision_tree_classifier", OcvTree::DecisionTree, C,
                   "Single CART decision tree (OpenCV), depth 5: leaf share of up moves.", dt));
  t.push_back(tree("decision_tree_regressor", OcvTree::DecisionTree, R,
                   "Single CART regression tree (OpenCV), depth 5, forward return.", dt));
  const Json rt{{"n_estimators", 100}, {"max_depth", 8}, {"min_samples", 10}};
  t.push_back(tree("random_trees_classifier", OcvTree::RandomTrees, C,
                   "Random trees (OpenCV RTrees, 100 trees): averaged leaf shares of up moves.", rt));
  t.push_back(tree("random_trees_regressor", OcvTree::RandomTrees, R,
                   "Random trees (OpenCV RTrees, 100 trees), forward return.", rt));
  const Json boost{{"n_estimators", 100}, {"max_depth", 1}, {"min_samples", 10}, {"weight_trim_rate", 0.95}};
  t.push_back(tree("adaboost_discrete", OcvTree::BoostDiscrete, C,
                   "Discrete AdaBoost of stumps (OpenCV): weak learners vote -1/+1.", boost));
  t.push_back(tree("adaboost_real", OcvTree::BoostReal, C,
                   "Real AdaBoost of stumps (OpenCV): weak learners give class-probability log-ratios.", boost));
  t.push_back(tree("adaboost_logit", OcvTree::BoostLogit, C,
                   "LogitBoost of stumps (OpenCV): Newton steps on the logistic loss.", boost));
  t.push_back(tree("adaboost_gentle", OcvTree::BoostGentle, C,
                   "Gentle AdaBoost of stumps (OpenCV): bounded Newton steps, robust to noisy labels.", boost));

  struct Kind {
    OcvSvmType type;
    const char* name;
    Task task;
    const char* what;
  };
  const Kind kinds[] = {{OcvSvmType::CSvc, "svc", C, "C-SVC classifier"},
                        {OcvSvmType::NuSvc, "nu_svc", C, "nu-SVC classifier"},
                        {OcvSvmType::EpsSvr, "svr", R, "epsilon-SVR regressor"},
                        {OcvSvmType::NuSvr, "nu_svr", R, "nu-SVR regressor"}};
  struct Kern {
    OcvKernel kernel;
    const char* name;
    const char* what;
  };
  const Kern kernels[] = {{OcvKernel::Linear, "linear", "linear kernel"},
                          {OcvKernel::Poly, "poly", "cubic polynomial kernel"},
                          {OcvKernel::Rbf, "rbf", "RBF (Gaussian) kernel"},
                          {OcvKernel::Sigmoid, "sigmoid", "sigmoid (tanh) kernel"},
                          {OcvKernel::Chi2, "chi2", "chi-squared kernel on [0,1]-scaled features"},
                          {OcvKernel::Inter, "inter", "histogram-intersection kernel on [0,1]-scaled features"}};
  for (const auto& k : kinds)
    for (const auto& kern : kernels) {
      const std::string id = fmt::format("{}_{}", k.name, kern.name);
      Json d{{"C", 1.0}, {"gamma", 0.0}, {"tol", 1e-3}, {"max_iter", 100000}};
      if (k.type == OcvSvmType::NuSvc || k.type == OcvSvmType::NuSvr) d["nu"] = 0.5;
      if (k.type == OcvSvmType::EpsSvr) d["epsilon"] = 0.001;
      if (kern.kernel == OcvKernel::Poly) d["degree"] = 3.0;
      if (kern.kernel == OcvKernel::Poly || kern.kernel == OcvKernel::Sigmoid) d["coef0"] = kern.kernel == OcvKernel::Poly ? 1.0 : 0.0;
      if (kern.kernel == OcvKernel::Linear || kern.kernel == OcvKernel::Inter) d.erase("gamma");
      const OcvSvmType type = k.type;
      const OcvKernel kernel = kern.kernel;
      t.push_back({.id = id,
                   .family = Family::Kernel,
                   .task = k.task,
                   .library = "opencv",
                   .summary = fmt::format("SVM {} with a {} (OpenCV ml).", k.what, kern.what),
                   .defaults = d,
                   .make = [id, type, kernel](const Json& p, std::uint64_t s) {
                     return make_opencv_svm(id, type, kernel, p, s);
                   }});
    }

  const auto knn = [](std::string id, Task task, std::string summary) {
    return ModelSpec{.id = id,
                     .family = Family::Neighbors,
                     .task = task,
                     .library = "opencv",
                     .summary = std::move(summary),
                     .defaults = Json{{"k", 50}},
                     .make = [id, task](const Json& p, std::uint64_t s) { return make_opencv_knn(id, task, p, s); }};
  };
  t.push_back(knn("knn_classifier", C, "k nearest neighbours (OpenCV, k = 50): share of up moves among them."));
  t.push_back(knn("knn_regressor", R, "k nearest neighbours (OpenCV, k = 50): mean forward return among them."));

  t.push_back({.id = "gaussian_mixture_classifier",
               .family = Family::Bayes,
               .task = C,
               .library = "opencv",
               .summary = "One Gaussian mixture per class (OpenCV EM, 3 diagonal components), Bayes rule with the "
                          "class shares as priors.",
               .defaults = Json{{"n_components", 3}, {"covariance", "diagonal"}, {"max_iter", 100}},
               .make = make_opencv_gmm_classifier});
}

}  // namespace mlt
