// Internal to the OpenCV adapters (include only from opencv_*.cpp: the
// OpenCV headers warn under C++20 and are added as system headers there).
// Conversions between our Matrix and cv::Mat, in-memory (de)serialisation
// of cv::ml models, and the shared Model plumbing.
#pragma once

#include <fmt/format.h>

#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "ml/model.h"

namespace mlt::detail {

inline cv::Mat to_mat(const Matrix& X) {
  cv::Mat m(static_cast<int>(X.rows), static_cast<int>(X.cols), CV_32F);
  for (std::size_t r = 0; r < X.rows; ++r)
    for (std::size_t c = 0; c < X.cols; ++c) m.at<float>(static_cast<int>(r), static_cast<int>(c)) = static_cast<float>(X(r, c));
  return m;
}

inline cv::Mat to_col(std::span<const double> v, int type) {
  cv::Mat m(static_cast<int>(v.size()), 1, type);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (type == CV_32S) m.at<int>(static_cast<int>(i)) = v[i] > 0.5 ? 1 : 0;
    else m.at<float>(static_cast<int>(i)) = static_cast<float>(v[i]);
  }
  return m;
}

// The model as YAML text, the format cv::Algorithm::save writes to files.
inline std::string save_cv(const cv::Ptr<cv::ml::StatModel>& m) {
  cv::FileStorage fs(".yml", cv::FileStorage::WRITE | cv::FileStorage::MEMORY);
  fs << m->getDefaultName() << "{";
  m->write(fs);
  fs << "}";
  return fs.releaseAndGetString();
}

template <class T>
cv::Ptr<T> load_cv(const std::string& text) {
  cv::Ptr<T> m = cv::Algorithm::loadFromString<T>(text);
  if (!m || !m->isTrained()) throw Error(ErrorKind::InvalidArgument, "the saved OpenCV model could not be read");
  return m;
}

inline void refuse_weights(std::span<const double> weights, const std::string& id) {
  for (double w : weights)
    if (w != weights.front())
      throw Error(ErrorKind::InvalidArgument, fmt::format("{} (OpenCV) cannot use unequal sample weights", id),
                  "drop the weights or use a tree model");
}

// Runs an OpenCV call, turning cv::Exception into Error{Internal}.
template <class F>
auto cv_call(const std::string& id, F&& f) {
  try {
    return f();
  } catch (const cv::Exception& e) {
    throw Error(ErrorKind::Internal, fmt::format("{}: OpenCV failed: {}", id, e.what()));
  }
}

// Orientation of a raw two-class score: +1 when larger raw values mean
// class 1 on the training rows (OpenCV's sign convention depends on the
// label order it saw), -1 otherwise.
inline double raw_orientation(const std::vector<double>& raw, std::span<const double> y) {
  double s1 = 0, s0 = 0, n1 = 0, n0 = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (y[i] > 0.5) {
      s1 += raw[i];
      n1 += 1;
    } else {
      s0 += raw[i];
      n0 += 1;
    }
  }
  return (n1 > 0 && n0 > 0 && s1 / n1 < s0 / n0) ? -1.0 : 1.0;
}

inline void check_width(std::size_t expected, std::size_t got) {
  if (expected != got)
    throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", expected, got));
}

}  // namespace mlt::detail
