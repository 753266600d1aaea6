// OpenCV ml entries: random trees, SVMs
// (type x kernel: each kernel is a different similarity a user picks) and the per-class Gaussian-mixture (EM) classifier.
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
  const Json rt{{"n_estimators", 100}, {"max_depth", 8}, {"min_samples", 10}};
  t.push_back(tree("random_trees_classifier", OcvTree::RandomTrees, C,
                   "Random trees (OpenCV RTrees, 100 trees): averaged leaf shares of up moves.", rt));
  t.push_back(tree("random_trees_regressor", OcvTree::RandomTrees, R,
                   "Random trees (OpenCV RTrees, 100 trees), forward return.", rt));
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
