#include "data/dataset_summary.h"

#include <algorithm>
#include <cmath>

namespace mlt {

namespace {

Json number_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

// The dataset's columns as (name, values) pairs, bars included.
std::vector<std::pair<std::string, const std::vector<double>*>> value_columns(const Dataset& ds) {
  std::vector<std::pair<std::string, const std::vector<double>*>> out;
  if (ds.kind() == DatasetKind::Bars) {
    const Bars& b = ds.bars();
    out = {{"open", &b.open}, {"high", &b.high}, {"low", &b.low}, {"close", &b.close}, {"volume", &b.volume}};
  } else {
    const Panel& p = ds.panel();
    for (std::size_t c = 0; c < p.columns.size(); ++c) out.emplace_back(p.columns[c], &p.values[c]);
  }
  return out;
}

// Linear interpolation between closest ranks (pandas' default).
double quantile(const std::vector<double>& sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Json column_stats(const std::string& name, const std::vector<double>& values) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values)
    if (!std::isnan(x)) v.push_back(x);
  Json j{{"name", name}, {"count", v.size()}, {"missing", values.size() - v.size()}};
  if (v.empty()) {
    for (const char* key : {"mean", "std", "min", "25%", "50%", "75%", "max"}) j[key] = nullptr;
    return j;
  }
  double sum = 0;
  for (double x : v) sum += x;
  const double mean = sum / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  std::sort(v.begin(), v.end());
  j["mean"] = number_or_null(mean);
  j["std"] = v.size() > 1 ? number_or_null(std::sqrt(ss / static_cast<double>(v.size() - 1))) : Json(nullptr);
  j["min"] = v.front();
  j["25%"] = quantile(v, 0.25);
  j["50%"] = quantile(v, 0.50);
  j["75%"] = quantile(v, 0.75);
  j["max"] = v.back();
  return j;
}

std::string frequency_name(double median_days) {
  if (median_days < 1) return "intraday";
  if (median_days <= 4) return "daily";
  if (median_days <= 10) return "weekly";
  if (median_days <= 45) return "monthly";
  if (median_days <= 120) return "quarterly";
  return "annual";
}

Json gaps_and_frequency(const std::vector<TimestampMs>& ts, Json& out) {
  std::vector<TimestampMs> spacing;
  for (std::size_t i = 1; i < ts.size(); ++i) spacing.push_back(ts[i] - ts[i - 1]);
  if (spacing.empty()) {
    out["frequency"] = nullptr;
    return Json{{"threshold_days", nullptr}, {"count", 0}, {"largest", Json::array()}};
  }
  std::vector<TimestampMs> sorted = spacing;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const double median_days = static_cast<double>(sorted[sorted.size() / 2]) / static_cast<double>(kMsPerDay);
  const std::string freq = frequency_name(median_days);
  out["frequency"] = freq;
  const double threshold_days = (freq == "intraday" || freq == "daily") ? 4.0 : 1.5 * median_days;
  std::vector<std::size_t> gaps;  // index i: gap between ts[i] and ts[i+1]
  for (std::size_t i = 0; i < spacing.size(); ++i)
    if (static_cast<double>(spacing[i]) > threshold_days * static_cast<double>(kMsPerDay)) gaps.push_back(i);
  std::stable_sort(gaps.begin(), gaps.end(), [&](std::size_t a, std::size_t b) { return spacing[a] > spacing[b]; });
  Json largest = Json::array();
  for (std::size_t k = 0; k < std::min<std::size_t>(5, gaps.size()); ++k) {
    const std::size_t i = gaps[k];
    largest.push_back({{"after", format_timestamp(ts[i])},
                       {"before", format_timestamp(ts[i + 1])},
                       {"days", static_cast<double>(spacing[i]) / static_cast<double>(kMsPerDay)}});
  }
  return Json{{"threshold_days", threshold_days}, {"count", gaps.size()}, {"largest", largest}};
}

Json row_json(const Dataset& ds, const std::vector<std::pair<std::string, const std::vector<double>*>>& cols,
              std::size_t r) {
  Json row = Json::array({format_timestamp(ds.timestamps()[r])});
  for (const auto& [name, values] : cols) row.push_back(number_or_null((*values)[r]));
  return row;
}

}  // namespace

Json describe_dataset(const Dataset& ds) {
  const auto& ts = ds.timestamps();
  Json out{{"rows", ts.size()}};
  out["first"] = ts.empty() ? Json(nullptr) : Json(format_timestamp(ts.front()));
  out["last"] = ts.empty() ? Json(nullptr) : Json(format_timestamp(ts.back()));
  out["gaps"] = gaps_and_frequency(ts, out);
  Json columns = Json::array();
  for (const auto& [name, values] : value_columns(ds)) columns.push_back(column_stats(name, *values));
  out["columns"] = columns;
  return out;
}

Json dataset_rows(const Dataset& ds, int head, int tail) {
  const auto cols = value_columns(ds);
  Json names = Json::array({"date"});
  for (const auto& [name, values] : cols) names.push_back(name);
  const std::size_t rows = ds.rows();
  const std::size_t h = std::min<std::size_t>(rows, static_cast<std::size_t>(std::max(head, 0)));
  const std::size_t t = std::min<std::size_t>(rows, static_cast<std::size_t>(std::max(tail, 0)));
  Json head_rows = Json::array(), tail_rows = Json::array();
  for (std::size_t r = 0; r < h; ++r) head_rows.push_back(row_json(ds, cols, r));
  for (std::size_t r = rows - t; r < rows; ++r) tail_rows.push_back(row_json(ds, cols, r));
  return Json{{"columns", names}, {"head", head_rows}, {"tail", tail_rows}, {"rows", rows}};
}

}  // namespace mlt
