#include "data/fred_vintages.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace mlt {
namespace {

struct Civil {
  int y;
  unsigned m, d;
};

// Howard Hinnant's civil_from_days (the inverse of days_from_civil).
Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

TimestampMs add_months(TimestampMs ms, int months) {
  const std::int64_t days = ms >= 0 ? ms / kMsPerDay : (ms - kMsPerDay + 1) / kMsPerDay;
  const Civil c = civil_from_days(days);
  const int total = c.y * 12 + static_cast<int>(c.m) - 1 + months;
  return days_from_civil(total / 12, static_cast<unsigned>(total % 12) + 1, c.d) * kMsPerDay;
}

}  // namespace

std::optional<KnownValue> value_known_at(const std::vector<FredObservation>& rows, TimestampMs as_of) {
  std::optional<KnownValue> best;
  for (const auto& r : rows) {
    if (r.realtime_start > as_of || r.realtime_end < as_of || std::isnan(r.value)) continue;
    if (!best || r.date > best->period) best = KnownValue{r.date, r.realtime_start, r.value};
  }
  return best;
}

Panel point_in_time_panel(const std::vector<FredObservation>& rows, const std::string& column) {
  std::set<TimestampMs> events;
  for (const auto& r : rows) events.insert(r.realtime_start);
  // Rows sorted by publication so each event only scans what was out by then.
  std::vector<FredObservation> sorted(rows);
  std::sort(sorted.begin(), sorted.end(),
            [](const FredObservation& a, const FredObservation& b) { return a.realtime_start < b.realtime_start; });
  Panel panel;
  panel.columns = {column};
  panel.values.resize(1);
  for (TimestampMs at : events) {
    std::optional<KnownValue> best;
    for (const auto& r : sorted) {
      if (r.realtime_start > at) break;
      if (r.realtime_end < at || std::isnan(r.value)) continue;
      if (!best || r.date > best->period) best = KnownValue{r.date, r.realtime_start, r.value};
    }
    panel.ts.push_back(at);
    panel.values[0].push_back(best ? best->value : std::numeric_limits<double>::quiet_NaN());
  }
  return panel;
}

char infer_frequency(const std::vector<TimestampMs>& dates) {
  if (dates.size() < 2) return 'M';
  std::vector<TimestampMs> gaps;
  for (std::size_t i = 1; i < dates.size(); ++i) gaps.push_back(dates[i] - dates[i - 1]);
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
  const double days = static_cast<double>(gaps[gaps.size() / 2]) / static_cast<double>(kMsPerDay);
  if (days < 4) return 'D';
  if (days < 20) return 'W';
  if (days < 60) return 'M';
  if (days < 120) return 'Q';
  if (days < 250) return 'S';
  return 'A';
}

TimestampMs publication_date(TimestampMs period_start, char frequency) {
  switch (frequency) {
    case 'D': return period_start + 2 * kMsPerDay;  // the day ends, plus 1 day
    case 'W': return period_start + 14 * kMsPerDay;
    case 'Q': return add_months(period_start, 3) + 30 * kMsPerDay;
    case 'S': return add_months(period_start, 6) + 45 * kMsPerDay;
    case 'A': return add_months(period_start, 12) + 90 * kMsPerDay;
    default: return add_months(period_start, 1) + 15 * kMsPerDay;  // monthly
  }
}

}  // namespace mlt
