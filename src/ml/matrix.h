// Matrix: a dense row-major block of doubles, the input type of every model.
#pragma once

#include <cstddef>
#include <vector>

namespace mlt {

struct Matrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> data;  // data[r * cols + c]

  Matrix() = default;
  Matrix(std::size_t r, std::size_t c) : rows(r), cols(c), data(r * c, 0.0) {}
  double operator()(std::size_t r, std::size_t c) const { return data[r * cols + c]; }
  double& operator()(std::size_t r, std::size_t c) { return data[r * cols + c]; }
  const double* row(std::size_t r) const { return data.data() + r * cols; }
};

}  // namespace mlt
