// FeatureMatrix: the model-ready table of causal features, one row per bar
// that has every feature defined (warm-up rows are dropped, never filled).
//
// values are row-major: values[r * cols() + c] is feature c at ts[r].
// source_row[r] is the index of that row in the series the features were
// computed from, so labels (which look forward) can be aligned afterwards.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace mlt {

struct FeatureMatrix {
  std::vector<TimestampMs> ts;
  std::vector<std::size_t> source_row;
  std::vector<std::string> names;
  std::vector<double> values;

  std::size_t rows() const { return ts.size(); }
  std::size_t cols() const { return names.size(); }
  double at(std::size_t r, std::size_t c) const { return values[r * names.size() + c]; }
  // Index of a feature, or -1.
  int column_index(std::string_view name) const;
  // One feature as a vector over all rows.
  std::vector<double> column(std::size_t c) const;
  // Appends a column (size must equal rows(); throws Error{InvalidArgument}).
  void add_column(std::string name, const std::vector<double>& column_values);
};

// Named feature columns aligned to the full input series (NaN during warm-up).
struct FeatureColumns {
  std::vector<TimestampMs> ts;
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;  // columns[c][t]
};

// Keeps the rows where every column is finite. Row order is preserved;
// source_row records each kept row's index in `all`.
FeatureMatrix drop_incomplete_rows(const FeatureColumns& all);

}  // namespace mlt
