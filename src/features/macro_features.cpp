#include "features/macro_features.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "data/as_of_join.h"

namespace mlt {

FeatureMatrix macro_features_as_of(const FeatureMatrix& fm, const Dataset& macro, const MacroJoinOptions& options) {
  if (macro.kind() != DatasetKind::Panel)
    throw Error(ErrorKind::InvalidArgument, fmt::format("dataset '{}' holds bars, not economic series", macro.name()),
                "join a FRED dataset (data.fetch_fred) or a macro panel");
  const std::vector<std::string> columns = options.columns.empty() ? macro.panel().columns : options.columns;
  std::vector<std::string> names;
  std::vector<std::vector<double>> added;
  for (const auto& column : columns) {
    const AsOfColumn level = as_of_values(macro, column, fm.ts);
    names.push_back(options.prefix + column);
    added.push_back(level.values);
    if (options.add_change) {
      std::vector<double> chg = as_of_values(macro, column, fm.ts, AsOfQuantity::Change).values;
      names.push_back(options.prefix + column + "_chg");
      added.push_back(std::move(chg));
    }
  }
  FeatureMatrix out;
  out.names = fm.names;
  out.names.insert(out.names.end(), names.begin(), names.end());
  for (std::size_t r = 0; r < fm.rows(); ++r) {
    bool complete = true;
    for (const auto& col : added) complete = complete && std::isfinite(col[r]);
    if (!complete) continue;
    out.ts.push_back(fm.ts[r]);
    out.source_row.push_back(fm.source_row[r]);
    for (std::size_t c = 0; c < fm.cols(); ++c) out.values.push_back(fm.at(r, c));
    for (const auto& col : added) out.values.push_back(col[r]);
  }
  if (out.rows() == 0 && fm.rows() > 0)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("no feature row has a published value of {} from '{}'", fmt::join(columns, ", "), macro.name()),
                "the macro series starts after the market data ends, or was published later; choose overlapping ranges");
  return out;
}

}  // namespace mlt
