#include "ml/clustering_model.h"

#include <fmt/format.h>

#include "core/error.h"
#include "ml/clustering_internal.h"

namespace mlt {
namespace {

class ClusteringModel final : public Model {
 public:
  ClusteringModel(std::string id, std::string method, Json params, std::uint64_t seed)
      : id_(std::move(id)), method_(std::move(method)), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Clustering);
    if (!weights.empty())
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: clustering takes no sample weights", id_),
                  "omit the weights");
    ClusterFit f = fit_clusters(X, method_, params_, seed_);
    assigner_ = std::move(f.assigner);
    n_clusters_ = f.result.n_clusters;
    cols_ = X.cols;
    fitted_ = true;
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (!fitted_)
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: predict before fit", id_), "fit or load the model first");
    if (X.cols != cols_)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("{}: fitted on {} columns, asked to label rows of {}", id_, cols_, X.cols));
    const auto labels = assigner_.assign(X);
    return {labels.begin(), labels.end()};
  }

  std::string save() const override {
    return Json{{"model", id_}, {"cols", cols_}, {"n_clusters", n_clusters_}, {"assign", assigner_.to_json()}}.dump();
  }

  void load(const std::string& bytes) override {
    Json j;
    try {
      j = Json::parse(bytes);
      if (j.at("model").get<std::string>() != id_)
        throw Error(ErrorKind::InvalidArgument,
                    fmt::format("saved model is '{}', not '{}'", j.at("model").get<std::string>(), id_));
      cols_ = j.at("cols").get<std::size_t>();
      n_clusters_ = j.at("n_clusters").get<int>();
    } catch (const Json::exception& e) {
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: saved bytes are not a clustering model: {}", id_, e.what()),
                  "train the model again");
    }
    assigner_ = ClusterAssigner::from_json(j.at("assign"));
    const std::size_t width = assigner_.rule == ClusterAssigner::Rule::MostProbableComponent
                                  ? assigner_.mixture.means.cols
                                  : assigner_.points.cols;
    if (width != cols_)
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: saved clustering has inconsistent widths", id_),
                  "train the model again");
    fitted_ = true;
  }

  std::string name() const override { return id_; }
  Task task() const override { return Task::Clustering; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  std::string id_, method_;
  Json params_;
  std::uint64_t seed_;
  ClusterAssigner assigner_;
  int n_clusters_ = 0;
  std::size_t cols_ = 0;
  bool fitted_ = false;
};

}  // namespace

std::unique_ptr<Model> make_clustering_model(std::string id, std::string method, Json params, std::uint64_t seed) {
  return std::make_unique<ClusteringModel>(std::move(id), std::move(method), std::move(params), seed);
}

}  // namespace mlt
