// StandardScaler: (x - mean) / std per column, with the statistics taken
// from the rows it is fitted on. The pipeline fits it on each training fold
// only, so test rows never inform the transform (no look-ahead).
// A constant column gets std 1, so it maps to 0 rather than NaN.
#pragma once

#include <utility>
#include <vector>

#include "ml/matrix.h"

namespace mlt {

class StandardScaler {
 public:
  // Population std (n denominator), as scikit-learn does.
  void fit(const Matrix& X);
  // Throws Error{InvalidArgument} if not fitted or the width differs.
  Matrix transform(const Matrix& X) const;
  // The same, scaling a matrix the caller no longer needs in place (one
  // fold-sized allocation fewer).
  Matrix transform(Matrix&& X) const;
  Matrix fit_transform(const Matrix& X) {
    fit(X);
    return transform(X);
  }
  Matrix fit_transform(Matrix&& X) {
    fit(X);
    return transform(std::move(X));
  }
  bool fitted() const { return !mean_.empty(); }
  const std::vector<double>& mean() const { return mean_; }
  const std::vector<double>& scale() const { return scale_; }
  // Reinstates statistics saved with a model artifact. Throws
  // Error{InvalidArgument} if the sizes differ or a scale is not positive.
  void restore(std::vector<double> mean, std::vector<double> scale);

 private:
  std::vector<double> mean_, scale_;
};

}  // namespace mlt
