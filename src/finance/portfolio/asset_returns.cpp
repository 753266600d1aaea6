#include "finance/portfolio/asset_returns.h"

#include <cmath>

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {

AssetReturns asset_returns(const Dataset& ds, const std::vector<std::string>& columns, TimestampMs from,
                           TimestampMs to, std::size_t min_rows) {
  AssetReturns out;
  std::vector<const std::vector<double>*> cols;
  if (ds.kind() == DatasetKind::Bars) {
    if (!columns.empty() && !(columns.size() == 1 && columns[0] == ds.name()) &&
        !(columns.size() == 1 && columns[0] == "close"))
      throw Error(ErrorKind::InvalidArgument, fmt::format("dataset '{}' is one instrument's bars", ds.name()),
                  "omit the asset list for bar datasets");
    out.assets = {ds.name()};
    cols.push_back(&ds.bars().close);
  } else {
    const Panel& p = ds.panel();
    out.assets = columns.empty() ? p.columns : columns;
    for (const auto& name : out.assets) {
      const int c = p.column_index(name);
      if (c < 0)
        throw Error(ErrorKind::NotFound, fmt::format("dataset '{}' has no column '{}'", ds.name(), name),
                    "see data.describe for its columns");
      cols.push_back(&p.values[static_cast<std::size_t>(c)]);
    }
  }
  const auto& ts = ds.timestamps();
  std::vector<double> row(cols.size());
  std::vector<double> flat;
  for (std::size_t t = 1; t < ts.size(); ++t) {
    if ((from != 0 && ts[t - 1] < from) || (to != 0 && ts[t] > to)) continue;
    bool complete = true;
    for (std::size_t i = 0; i < cols.size() && complete; ++i) {
      const double p0 = (*cols[i])[t - 1], p1 = (*cols[i])[t];
      complete = std::isfinite(p0) && std::isfinite(p1) && p0 > 0;
      row[i] = complete ? p1 / p0 - 1.0 : 0.0;
    }
    if (!complete) continue;
    out.ts.push_back(ts[t]);
    flat.insert(flat.end(), row.begin(), row.end());
  }
  if (out.ts.size() < min_rows)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("dataset '{}' has {} complete return rows in the range; at least {} are needed",
                            ds.name(), out.ts.size(), min_rows),
                "widen the date range or choose columns with fewer gaps");
  out.values = Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      flat.data(), static_cast<Eigen::Index>(out.ts.size()), static_cast<Eigen::Index>(cols.size()));
  return out;
}

Eigen::VectorXd portfolio_returns(const AssetReturns& r, const Eigen::VectorXd& weights) {
  if (static_cast<std::size_t>(weights.size()) != r.n_assets())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} weights for {} assets", weights.size(), r.n_assets()));
  return r.values * weights;
}

}  // namespace mlt
