#include "features/feature_matrix.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace mlt {

int FeatureMatrix::column_index(std::string_view name) const {
  for (std::size_t c = 0; c < names.size(); ++c)
    if (names[c] == name) return static_cast<int>(c);
  return -1;
}

std::vector<double> FeatureMatrix::column(std::size_t c) const {
  std::vector<double> out(rows());
  for (std::size_t r = 0; r < rows(); ++r) out[r] = at(r, c);
  return out;
}

void FeatureMatrix::add_column(std::string name, const std::vector<double>& column_values) {
  if (column_values.size() != rows())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("feature '{}' has {} values for {} rows", name, column_values.size(), rows()));
  const std::size_t old_cols = cols();
  std::vector<double> widened;
  widened.reserve(rows() * (old_cols + 1));
  for (std::size_t r = 0; r < rows(); ++r) {
    widened.insert(widened.end(), values.begin() + static_cast<std::ptrdiff_t>(r * old_cols),
                   values.begin() + static_cast<std::ptrdiff_t>((r + 1) * old_cols));
    widened.push_back(column_values[r]);
  }
  values = std::move(widened);
  names.push_back(std::move(name));
}

FeatureMatrix drop_incomplete_rows(const FeatureColumns& all) {
  FeatureMatrix m;
  m.names = all.names;
  const std::size_t n = all.ts.size();
  for (std::size_t t = 0; t < n; ++t) {
    bool complete = true;
    for (const auto& col : all.columns) complete = complete && std::isfinite(col[t]);
    if (!complete) continue;
    m.ts.push_back(all.ts[t]);
    m.source_row.push_back(t);
    for (const auto& col : all.columns) m.values.push_back(col[t]);
  }
  return m;
}

}  // namespace mlt
