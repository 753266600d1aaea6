#include "features/labels.h"

#include <cmath>
#include <limits>

namespace mlt {

std::vector<double> direction_labels(const std::vector<double>& close, int horizon) {
  std::vector<double> out(close.size(), std::numeric_limits<double>::quiet_NaN());
  const auto h = static_cast<std::size_t>(horizon);
  for (std::size_t t = 0; t + h < close.size(); ++t)
    if (std::isfinite(close[t]) && std::isfinite(close[t + h])) out[t] = close[t + h] > close[t] ? 1.0 : 0.0;
  return out;
}

std::vector<double> forward_returns(const std::vector<double>& close, int horizon) {
  std::vector<double> out(close.size(), std::numeric_limits<double>::quiet_NaN());
  const auto h = static_cast<std::size_t>(horizon);
  for (std::size_t t = 0; t + h < close.size(); ++t)
    if (close[t] != 0.0) out[t] = close[t + h] / close[t] - 1.0;
  return out;
}

LabeledRows join_labels(const FeatureMatrix& X, const std::vector<std::vector<double>>& labels_by_source_row) {
  LabeledRows out;
  out.X.names = X.names;
  out.labels.resize(labels_by_source_row.size());
  for (std::size_t r = 0; r < X.rows(); ++r) {
    const std::size_t src = X.source_row[r];
    bool ok = true;
    for (const auto& lab : labels_by_source_row) ok = ok && src < lab.size() && std::isfinite(lab[src]);
    if (!ok) continue;
    out.X.ts.push_back(X.ts[r]);
    out.X.source_row.push_back(src);
    for (std::size_t c = 0; c < X.cols(); ++c) out.X.values.push_back(X.at(r, c));
    for (std::size_t k = 0; k < labels_by_source_row.size(); ++k) out.labels[k].push_back(labels_by_source_row[k][src]);
  }
  return out;
}

}  // namespace mlt
