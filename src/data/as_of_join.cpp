#include "data/as_of_join.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "data/fred.h"
#include "data/fred_vintages.h"

namespace mlt {

AsOfColumn as_of_values(const Dataset& macro, const std::string& column, const std::vector<TimestampMs>& at,
                        AsOfQuantity quantity) {
  const Panel& panel = macro.panel();
  const int c = panel.column_index(column);
  if (c < 0)
    throw Error(ErrorKind::NotFound, fmt::format("dataset '{}' has no column '{}'", macro.name(), column),
                fmt::format("its columns are: {}", fmt::join(panel.columns, ", ")));
  const auto& raw = panel.values[static_cast<std::size_t>(c)];
  // (known_from, value) pairs, sorted by known_from.
  std::vector<std::pair<TimestampMs, double>> known;
  AsOfColumn out{column, {}, "vintages"};
  if (is_point_in_time(macro)) {
    for (std::size_t r = 0; r < panel.ts.size(); ++r)
      if (std::isfinite(raw[r])) known.emplace_back(panel.ts[r], raw[r]);
  } else {
    std::vector<TimestampMs> dates;
    for (std::size_t r = 0; r < panel.ts.size(); ++r)
      if (std::isfinite(raw[r])) dates.push_back(panel.ts[r]);
    const char freq = infer_frequency(dates);
    out.rule = fmt::format("publication lag, frequency {}", freq);
    for (std::size_t r = 0; r < panel.ts.size(); ++r)
      if (std::isfinite(raw[r])) known.emplace_back(publication_date(panel.ts[r], freq), raw[r]);
    // Publication dates keep the period order, but be safe about ties.
    std::stable_sort(known.begin(), known.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  if (quantity == AsOfQuantity::Change) {
    // Each change becomes known with the later of its two values.
    std::vector<std::pair<TimestampMs, double>> changes;
    for (std::size_t i = 1; i < known.size(); ++i)
      changes.emplace_back(known[i].first, known[i - 1].second != 0 ? known[i].second / known[i - 1].second - 1
                                                                     : std::numeric_limits<double>::quiet_NaN());
    known = std::move(changes);
  }
  out.values.reserve(at.size());
  for (TimestampMs t : at) {
    auto it = std::upper_bound(known.begin(), known.end(), t,
                               [](TimestampMs v, const std::pair<TimestampMs, double>& k) { return v < k.first; });
    out.values.push_back(it == known.begin() ? std::numeric_limits<double>::quiet_NaN() : std::prev(it)->second);
  }
  return out;
}

}  // namespace mlt
