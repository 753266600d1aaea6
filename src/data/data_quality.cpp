#include "data/data_quality.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace mlt {
namespace {

constexpr std::size_t kMaxPerKind = 3;

double days(TimestampMs ms) { return static_cast<double>(ms) / static_cast<double>(kMsPerDay); }

// Median spacing of the timestamps in days (1 for fewer than two).
double median_spacing_days(const std::vector<TimestampMs>& ts) {
  if (ts.size() < 2) return 1;
  std::vector<TimestampMs> gaps;
  for (std::size_t i = 1; i < ts.size(); ++i) gaps.push_back(ts[i] - ts[i - 1]);
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
  return days(gaps[gaps.size() / 2]);
}

// Slack before a missing stretch is worth mentioning: daily data has
// weekends and holiday weekends; slower series miss a period at most.
double slack_days(double spacing) { return spacing < 2 ? 5 : spacing * 1.6; }

void add_capped(std::vector<std::string>& out, std::size_t& count, std::string line) {
  if (count++ < kMaxPerKind) out.push_back(std::move(line));
}

void add_overflow(std::vector<std::string>& out, std::size_t count, std::string_view what) {
  if (count > kMaxPerKind) out.push_back(fmt::format("... and {} more {}", count - kMaxPerKind, what));
}

void check_series(const std::string& label, const std::vector<TimestampMs>& ts, const std::vector<double>& x,
                  bool check_moves, bool check_stale, const AnomalyThresholds& th, std::vector<std::string>& out) {
  std::size_t moves = 0, stale = 0;
  int run = 1;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(x[i - 1])) {
      run = 1;
      continue;
    }
    if (check_moves && x[i - 1] != 0) {
      const double move = x[i] / x[i - 1] - 1;
      if (std::abs(move) > th.max_move)
        add_capped(out, moves,
                   fmt::format("{} moved {:+.0f}% on {} ({} -> {}): an unadjusted split or a bad value?", label,
                               move * 100, format_timestamp(ts[i]), x[i - 1], x[i]));
    }
    run = x[i] == x[i - 1] ? run + 1 : 1;
    if (check_stale && run == th.stale_run)
      add_capped(out, stale,
                 fmt::format("{} repeats the value {} for {}+ rows ending {}: stale data?", label, x[i], th.stale_run,
                             format_timestamp(ts[i])));
  }
  add_overflow(out, moves, label + " moves");
  add_overflow(out, stale, label + " stale runs");
}

}  // namespace

std::vector<std::string> coverage_warnings(const Dataset& ds, std::optional<TimestampMs> from,
                                           std::optional<TimestampMs> to, TimestampMs now) {
  std::vector<std::string> out;
  const auto& ts = ds.timestamps();
  if (ts.empty()) {
    out.push_back("no rows came back for the requested range");
    return out;
  }
  const double spacing = median_spacing_days(ts);
  const double slack = slack_days(spacing);
  if (from && days(ts.front() - *from) > slack)
    out.push_back(fmt::format("data starts {}, {:.0f} days after the requested {}", format_timestamp(ts.front()),
                              days(ts.front() - *from), format_date(*from)));
  const TimestampMs end = to ? std::min(*to, now) : now;
  // Without a requested end, allow one more period plus a month of publication lag.
  if (days(end - ts.back()) > slack + (to ? 0 : spacing + 30))
    out.push_back(fmt::format("data ends {}, {:.0f} days before {}", format_timestamp(ts.back()), days(end - ts.back()),
                              to && *to <= now ? "the requested " + format_date(*to) : std::string("today")));
  std::size_t gaps = 0;
  for (std::size_t i = 1; i < ts.size(); ++i) {
    const double gap = days(ts[i] - ts[i - 1]);
    if (gap > std::max(slack, spacing * 3))
      add_capped(out, gaps,
                 fmt::format("gap of {:.0f} days between {} and {}", gap, format_timestamp(ts[i - 1]),
                             format_timestamp(ts[i])));
  }
  add_overflow(out, gaps, "gaps");
  return out;
}

std::vector<std::string> anomaly_warnings(const Dataset& ds, const AnomalyThresholds& th) {
  std::vector<std::string> out;
  const bool daily_or_faster = median_spacing_days(ds.timestamps()) < 4;
  if (ds.kind() == DatasetKind::Bars) {
    const Bars& b = ds.bars();
    check_series(ds.name() + " close", b.ts, b.close, true, daily_or_faster, th, out);
    const bool has_volume = std::any_of(b.volume.begin(), b.volume.end(), [](double v) { return v > 0; });
    std::size_t runs = 0;
    int run = 0;
    for (std::size_t i = 0; has_volume && i < b.size(); ++i) {
      run = b.volume[i] == 0 ? run + 1 : 0;
      if (run == th.zero_volume_run)
        add_capped(out, runs,
                   fmt::format("{} has zero volume for {}+ bars ending {}: a halted or stale feed?", ds.name(),
                               th.zero_volume_run, format_timestamp(b.ts[i])));
    }
    add_overflow(out, runs, "zero-volume runs");
    return out;
  }
  const Panel& p = ds.panel();
  const bool macro = ds.provenance().source == Source::Fred;
  for (std::size_t c = 0; c < p.columns.size(); ++c)
    check_series(ds.name() + "." + p.columns[c], p.ts, p.values[c], !macro, daily_or_faster && !macro, th, out);
  return out;
}

}  // namespace mlt
