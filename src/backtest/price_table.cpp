#include "backtest/price_table.h"

#include <cmath>

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {
namespace {

bool in_range(TimestampMs t, TimestampMs from, TimestampMs to) { return (from == 0 || t >= from) && (to == 0 || t <= to); }

}  // namespace

std::vector<std::vector<double>> simple_returns(const std::vector<std::vector<double>>& close) {
  std::vector<std::vector<double>> out(close.size());
  for (std::size_t a = 0; a < close.size(); ++a) {
    const auto& c = close[a];
    out[a].assign(c.size(), 0.0);
    for (std::size_t t = 1; t < c.size(); ++t)
      if (std::isfinite(c[t]) && std::isfinite(c[t - 1]) && c[t - 1] > 0) out[a][t] = c[t] / c[t - 1] - 1.0;
  }
  return out;
}

PriceTable price_table(const Dataset& ds, const std::vector<std::string>& columns, TimestampMs from, TimestampMs to) {
  PriceTable out;
  const auto& all_ts = ds.timestamps();
  std::vector<std::size_t> keep;
  for (std::size_t r = 0; r < all_ts.size(); ++r)
    if (in_range(all_ts[r], from, to)) keep.push_back(r);
  if (keep.size() < 3)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("dataset '{}' has {} rows in the requested range; a backtest needs at least 3", ds.name(),
                            keep.size()),
                "widen the date range");
  for (std::size_t r : keep) out.ts.push_back(all_ts[r]);
  auto pick = [&](const std::vector<double>& col) {
    std::vector<double> v;
    v.reserve(keep.size());
    for (std::size_t r : keep) v.push_back(col[r]);
    return v;
  };

  if (ds.kind() == DatasetKind::Bars) {
    if (!columns.empty() && !(columns.size() == 1 && columns[0] == "close"))
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("dataset '{}' is one instrument's bars; it has no asset columns", ds.name()),
                  "omit 'columns' for bar datasets");
    const Bars& b = ds.bars();
    out.assets = {ds.name()};
    out.open = {pick(b.open)};
    out.close = {pick(b.close)};
    out.close_returns = simple_returns(out.close);
    return out;
  }
  const Panel& p = ds.panel();
  const std::vector<std::string>& names = columns.empty() ? p.columns : columns;
  for (const auto& name : names) {
    const int c = p.column_index(name);
    if (c < 0)
      throw Error(ErrorKind::NotFound, fmt::format("dataset '{}' has no column '{}'", ds.name(), name),
                  "see data.describe for its columns");
    out.assets.push_back(name);
    out.close.push_back(pick(p.values[static_cast<std::size_t>(c)]));
  }
  out.close_returns = simple_returns(out.close);
  return out;
}

}  // namespace mlt
