#include "ml/scaler.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace mlt {

void StandardScaler::fit(const Matrix& X) {
  if (X.rows == 0) throw Error(ErrorKind::InvalidArgument, "cannot fit a scaler on zero rows");
  mean_.assign(X.cols, 0.0);
  scale_.assign(X.cols, 0.0);
  const auto n = static_cast<double>(X.rows);
  for (std::size_t r = 0; r < X.rows; ++r)
    for (std::size_t c = 0; c < X.cols; ++c) mean_[c] += X(r, c);
  for (double& m : mean_) m /= n;
  for (std::size_t r = 0; r < X.rows; ++r)
    for (std::size_t c = 0; c < X.cols; ++c) scale_[c] += (X(r, c) - mean_[c]) * (X(r, c) - mean_[c]);
  for (double& s : scale_) {
    s = std::sqrt(s / n);
    if (!(s > 0.0)) s = 1.0;
  }
}

void StandardScaler::restore(std::vector<double> mean, std::vector<double> scale) {
  if (mean.size() != scale.size() || mean.empty())
    throw Error(ErrorKind::InvalidArgument, "saved scaler statistics are empty or of different sizes");
  for (double s : scale)
    if (!(s > 0.0)) throw Error(ErrorKind::InvalidArgument, "saved scaler has a non-positive scale");
  mean_ = std::move(mean);
  scale_ = std::move(scale);
}

Matrix StandardScaler::transform(const Matrix& X) const {
  return transform(Matrix(X));
}

Matrix StandardScaler::transform(Matrix&& X) const {
  if (!fitted()) throw Error(ErrorKind::InvalidArgument, "the scaler has not been fitted");
  if (X.cols != mean_.size())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("scaler fitted on {} columns, input has {}", mean_.size(), X.cols));
  for (std::size_t r = 0; r < X.rows; ++r)
    for (std::size_t c = 0; c < X.cols; ++c) X(r, c) = (X(r, c) - mean_[c]) / scale_[c];
  return std::move(X);
}

}  // namespace mlt
