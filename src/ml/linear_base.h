// Shared machinery of the Eigen linear regressors (internal to src/ml):
// weighted standardisation, the sqrt-weight trick that turns weighted least
// squares into ordinary least squares, and a Model base class that predicts
// with coef·x + intercept and saves/loads as JSON. Subclasses implement
// fit_standardised(): find beta on standardised, centred, weighted rows.
#pragma once

#include <fmt/format.h>

#include <Eigen/Dense>
#include <string>

#include "core/error.h"
#include "ml/model.h"

namespace mlt::detail {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Z = sqrt(w_i / mean w) * (x - mean) / sd and yc likewise, so that OLS on
// (Z, yc) is weighted least squares on the standardised columns. A constant
// column gets sd 1 (its Z column is 0).
struct Standardised {
  Eigen::MatrixXd Z;
  Eigen::VectorXd yc;
  Eigen::RowVectorXd mean, sd;
  double ymean = 0.0;
  Eigen::VectorXd w;  // normalised weights (mean 1)
};
Standardised standardise(const Matrix& X, std::span<const double> y, std::span<const double> weights);

// A fitted linear score coef·x + intercept in the caller's units, with the
// coefficients on standardised columns (|std_coef| is the feature importance:
// the effect of a one-std move). Shared by the linear model bases; saved as
// JSON {model, coef, intercept, std_coef}.
struct LinearFit {
  std::vector<double> coef, std_coef;
  double intercept = 0.0;

  // Throws Error{InvalidArgument} when not fitted or X has another width.
  std::vector<double> score(const Matrix& X, const std::string& id) const;
  std::vector<double> importance() const;
  std::string save(const std::string& id) const;
  // Throws Error{InvalidArgument} for malformed bytes or another model's.
  void load(const std::string& bytes, const std::string& id);
};

class LinearRegressorBase : public Model {
 public:
  LinearRegressorBase(std::string id, Json params, std::uint64_t seed)
      : id_(std::move(id)), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) final;
  std::vector<double> predict(const Matrix& X) const final;
  // |standardised coefficient|: the effect of a one-std move in the feature.
  std::vector<double> feature_importance() const final;
  std::string save() const final;
  void load(const std::string& bytes) final;
  std::string name() const final { return id_; }
  Task task() const final { return Task::Regression; }
  Json params() const final { return params_with_seed(params_, seed_); }

 protected:
  // Returns beta for the standardised problem; throws Error on bad params.
  virtual Eigen::VectorXd fit_standardised(const Standardised& s) = 0;
  // Added to the intercept after fitting (models whose centre is not the mean).
  virtual double intercept_shift() const { return 0.0; }
  double param(const char* key, double fallback) const { return params_.value(key, fallback); }
  int int_param(const char* key, int fallback) const { return params_.value(key, fallback); }
  const std::string& id() const { return id_; }

 private:
  std::string id_;
  Json params_;
  std::uint64_t seed_;
  LinearFit fit_;
};

inline double soft_threshold(double x, double t) { return x > t ? x - t : x < -t ? x + t : 0.0; }

}  // namespace mlt::detail
