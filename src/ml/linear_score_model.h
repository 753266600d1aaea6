// Shared machinery of the Eigen linear models fitted by their own loops
// (SGD, passive-aggressive, perceptron, ridge classifier; internal to
// src/ml): the model is a score s = coef·x + intercept in the caller's
// units, and predict() maps s through a link — identity for regressors, a
// logistic or the modified-Huber ramp for classifiers. Saves/loads as JSON.
#pragma once

#include <Eigen/Dense>
#include <span>
#include <string>
#include <vector>

#include "ml/linear_base.h"
#include "ml/model.h"

namespace mlt::detail {

enum class ScoreLink {
  Identity,       // regression value
  Logistic,       // 1 / (1 + exp(-s))
  ModifiedHuber,  // (clip(s, -1, 1) + 1) / 2, scikit-learn's modified-Huber probability
};

// Columns scaled to weighted mean 0 and std 1 (a constant column gets std 1),
// with the weights normalised to mean 1 and kept apart from the rows.
struct ScaledRows {
  Eigen::MatrixXd Z;
  Eigen::RowVectorXd mean, sd;
  Eigen::VectorXd w;
};
ScaledRows scale_rows(const Matrix& X, std::span<const double> weights);

class LinearScoreModel : public Model {
 public:
  LinearScoreModel(std::string id, Task task, ScoreLink link, Json params, std::uint64_t seed)
      : id_(std::move(id)), task_(task), link_(link), params_(std::move(params)), seed_(seed) {}

  std::vector<double> predict(const Matrix& X) const final;
  // |coefficient on standardised columns|: the effect of a one-std move.
  std::vector<double> feature_importance() const final;
  std::string save() const final;
  void load(const std::string& bytes) final;
  std::string name() const final { return id_; }
  Task task() const final { return task_; }
  Json params() const final { return params_with_seed(params_, seed_); }

 protected:
  // beta and b are the score on scaled columns, scaled back by y_sd / y_mean
  // (regressors fitted on a standardised target; 1 and 0 otherwise).
  void set_scaled_fit(const ScaledRows& s, const Eigen::VectorXd& beta, double b, double y_mean, double y_sd);
  const Json& raw_params() const { return params_; }
  std::uint64_t seed() const { return seed_; }
  const std::string& id() const { return id_; }

 private:
  std::string id_;
  Task task_;
  ScoreLink link_;
  Json params_;
  std::uint64_t seed_;
  LinearFit fit_;
};

}  // namespace mlt::detail
