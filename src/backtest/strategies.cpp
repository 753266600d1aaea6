#include "backtest/strategies.h"

#include <cmath>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "core/error.h"
#include "backtest/rolling.h"
#include "features/indicators.h"

namespace mlt {
namespace {

const std::vector<StrategyInfo> kCatalog = {
    {"ma_crossover", "Trend: long while the fast simple moving average is above the slow one.",
     {{"fast", 20}, {"slow", 50}, {"allow_short", false}},
     {{"fast", "Fast SMA window in bars (>= 1, < slow)."},
      {"slow", "Slow SMA window in bars."},
      {"allow_short", "Short instead of flat while fast <= slow."}}},
    {"rsi_reversion", "Mean reversion: buy oversold (RSI below lower), exit when RSI recovers to the exit level.",
     {{"period", 14}, {"lower", 30.0}, {"upper", 70.0}, {"exit", 50.0}, {"allow_short", false}},
     {{"period", "Wilder RSI period (>= 2)."},
      {"lower", "Enter long below this RSI."},
      {"upper", "Enter short above this RSI (allow_short only)."},
      {"exit", "Leave the position when RSI crosses back over this level."},
      {"allow_short", "Also trade the overbought side."}}},
    {"bollinger", "Mean reversion: buy below the lower Bollinger band, exit at the moving average.",
     {{"window", 20}, {"k", 2.0}, {"allow_short", false}},
     {{"window", "SMA and standard deviation window (>= 2)."},
      {"k", "Band width in standard deviations (> 0)."},
      {"allow_short", "Also short above the upper band."}}},
    {"macd", "Trend: long while the MACD line is above its signal line.",
     {{"fast", 12}, {"slow", 26}, {"signal", 9}, {"allow_short", false}},
     {{"fast", "Fast EMA span (< slow)."},
      {"slow", "Slow EMA span."},
      {"signal", "EMA span of the signal line."},
      {"allow_short", "Short instead of flat below the signal line."}}},
    {"momentum", "Time-series momentum: long while the trailing return is above a threshold.",
     {{"lookback", 126}, {"threshold", 0.0}, {"allow_short", false}},
     {{"lookback", "Bars of trailing return (>= 1)."},
      {"threshold", "Minimum trailing return to be long (e.g. 0.0)."},
      {"allow_short", "Short when the trailing return is below -threshold."}}},
};

// A parameter combination that cannot work (fast >= slow): grids skip it.
struct InvalidCombination : Error {
  explicit InvalidCombination(const std::string& m) : Error(ErrorKind::InvalidArgument, m) {}
};

// Defaults overlaid with the caller's values; unknown keys are errors.
class Params {
 public:
  Params(const StrategyInfo& info, const Json& given) : name_(info.name), p_(info.defaults) {
    for (const auto& [key, value] : given.items()) {
      if (!p_.contains(key))
        throw Error(ErrorKind::InvalidArgument, fmt::format("strategy '{}' has no parameter '{}'", name_, key),
                    fmt::format("its parameters: {}", info.defaults.dump()));
      if (!value.is_number() && !value.is_boolean())
        throw Error(ErrorKind::InvalidArgument, fmt::format("{}.{} must be a number", name_, key));
      p_[key] = value;
    }
  }
  int window(const char* key, int min = 1) const {
    const double v = p_.at(key).get<double>();
    if (v != std::floor(v) || v < min || v > 100000)
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}.{} must be an integer >= {}", name_, key, min));
    return static_cast<int>(v);
  }
  double number(const char* key) const { return p_.at(key).get<double>(); }
  bool flag(const char* key) const {
    const Json& v = p_.at(key);
    return v.is_boolean() ? v.get<bool>() : v.get<double>() != 0.0;
  }
  void require(bool ok, const std::string& what) const {
    if (!ok) throw Error(ErrorKind::InvalidArgument, fmt::format("strategy '{}': {}", name_, what));
  }
  void require_combination(bool ok, const std::string& what) const {
    if (!ok) throw InvalidCombination(fmt::format("strategy '{}': {}", name_, what));
  }

 private:
  std::string name_;
  Json p_;
};

// Values within this relative distance count as equal ("not above"). Stale
// prices make moving averages tie exactly, and then summation order alone
// (running sum vs window sum, ours vs pandas) would decide the position.
constexpr double kTieTolerance = 1e-10;

// Long/short/flat from a per-bar state: +1 above, -1 (or 0) otherwise, 0 when unknown.
std::vector<double> sign_rule(const std::vector<double>& a, const std::vector<double>& b, bool allow_short) {
  std::vector<double> out(a.size());
  const double otherwise = allow_short ? -1.0 : 0.0;
  // Branch-free so grids over many parameter sets vectorise; NaN compares false.
  for (std::size_t t = 0; t < a.size(); ++t) {
    const double x = a[t], y = b[t];
    const double side = x > y + kTieTolerance * std::fabs(y) ? 1.0 : otherwise;
    out[t] = std::fabs(x) <= std::numeric_limits<double>::max() && std::fabs(y) <= std::numeric_limits<double>::max()
                 ? side
                 : 0.0;
  }
  return out;
}

std::vector<double> ma_crossover(const Params& p, const std::vector<double>& close, IndicatorCache* cache) {
  const int fast = p.window("fast"), slow = p.window("slow", 2);
  p.require_combination(fast < slow, "fast must be shorter than slow");
  if (cache) return sign_rule(cache->rolling_mean(close, fast), cache->rolling_mean(close, slow), p.flag("allow_short"));
  return sign_rule(rolling_mean(close, fast), rolling_mean(close, slow), p.flag("allow_short"));
}

// Enter on an extreme of `x`, hold until it crosses back over `exit`.
std::vector<double> band_reversion(const std::vector<double>& x, const std::vector<double>& lower,
                                   const std::vector<double>& exit, const std::vector<double>& upper, bool allow_short) {
  std::vector<double> out(x.size(), 0.0);
  double pos = 0;
  for (std::size_t t = 0; t < x.size(); ++t) {
    if (!std::isfinite(x[t]) || !std::isfinite(lower[t]) || !std::isfinite(upper[t])) {
      pos = 0;
      continue;
    }
    if (pos > 0 && x[t] >= exit[t]) pos = 0;
    if (pos < 0 && x[t] <= exit[t]) pos = 0;
    if (pos == 0 && x[t] < lower[t]) pos = 1;
    if (pos == 0 && allow_short && x[t] > upper[t]) pos = -1;
    out[t] = pos;
  }
  return out;
}

std::vector<double> rsi_reversion(const Params& p, const std::vector<double>& close, IndicatorCache*) {
  const int period = p.window("period", 2);
  const double lo = p.number("lower"), hi = p.number("upper"), ex = p.number("exit");
  p.require_combination(0 < lo && lo <= ex && ex <= hi && hi < 100, "needs 0 < lower <= exit <= upper < 100");
  const std::vector<double> r = rsi_wilder(close, period);
  return band_reversion(r, std::vector<double>(r.size(), lo), std::vector<double>(r.size(), ex),
                        std::vector<double>(r.size(), hi), p.flag("allow_short"));
}

std::vector<double> bollinger(const Params& p, const std::vector<double>& close, IndicatorCache*) {
  const int w = p.window("window", 2);
  const double k = p.number("k");
  p.require(k > 0, "k must be > 0");
  const std::vector<double> mid = sma(close, w), sd = rolling_std(close, w);
  std::vector<double> lower(close.size()), upper(close.size());
  for (std::size_t t = 0; t < close.size(); ++t) {
    lower[t] = mid[t] - k * sd[t];
    upper[t] = mid[t] + k * sd[t];
  }
  return band_reversion(close, lower, mid, upper, p.flag("allow_short"));
}

std::vector<double> macd(const Params& p, const std::vector<double>& close, IndicatorCache*) {
  const int fast = p.window("fast"), slow = p.window("slow", 2), signal = p.window("signal");
  p.require_combination(fast < slow, "fast must be shorter than slow");
  const std::vector<double> ef = ema(close, fast), es = ema(close, slow);
  std::vector<double> line(close.size());
  for (std::size_t t = 0; t < close.size(); ++t) line[t] = ef[t] - es[t];
  return sign_rule(line, ema(line, signal), p.flag("allow_short"));
}

std::vector<double> momentum(const Params& p, const std::vector<double>& close, IndicatorCache*) {
  const int lookback = p.window("lookback");
  const double th = p.number("threshold");
  const std::vector<double> r = pct_change(close, lookback);
  std::vector<double> out(close.size(), 0.0);
  const bool shorts = p.flag("allow_short");
  for (std::size_t t = 0; t < close.size(); ++t) {
    if (!std::isfinite(r[t])) continue;
    out[t] = r[t] > th ? 1.0 : (shorts && r[t] < -th ? -1.0 : 0.0);
  }
  return out;
}

using Rule = std::function<std::vector<double>(const Params&, const std::vector<double>&, IndicatorCache*)>;

const Rule& rule_for(const std::string& name) {
  static const std::vector<std::pair<std::string, Rule>> rules = {{"ma_crossover", ma_crossover},
                                                                  {"rsi_reversion", rsi_reversion},
                                                                  {"bollinger", bollinger},
                                                                  {"macd", macd},
                                                                  {"momentum", momentum}};
  for (const auto& [n, r] : rules)
    if (n == name) return r;
  throw Error(ErrorKind::Internal, "strategy without a rule: " + name);
}

}  // namespace

const std::vector<StrategyInfo>& strategy_catalog() { return kCatalog; }

const StrategyInfo& find_strategy(const std::string& name) {
  std::string known;
  for (const auto& s : kCatalog) {
    if (s.name == name) return s;
    known += (known.empty() ? "" : ", ") + s.name;
  }
  throw Error(ErrorKind::NotFound, fmt::format("unknown strategy '{}'", name), "known strategies: " + known);
}

const std::vector<double>& IndicatorCache::rolling_mean(const std::vector<double>& close, int n) {
  auto [it, fresh] = means_.try_emplace({close.data(), n});
  if (fresh) it->second = mlt::rolling_mean(close, n);
  return it->second;
}

std::vector<double> strategy_positions(const StrategySpec& spec, const std::vector<double>& close,
                                       IndicatorCache* cache) {
  const StrategyInfo& info = find_strategy(spec.name);
  return rule_for(spec.name)(Params(info, spec.params), close, cache);
}

std::vector<StrategySpec> expand_grid(const std::string& name, const Json& grid, std::size_t max_points) {
  const StrategyInfo& info = find_strategy(name);
  if (!grid.is_object()) throw Error(ErrorKind::InvalidArgument, "grid must be an object {param: [values]}");
  std::vector<std::pair<std::string, Json>> axes;
  std::size_t total = 1;
  for (const auto& [key, values] : grid.items()) {
    if (!info.defaults.contains(key))
      throw Error(ErrorKind::InvalidArgument, fmt::format("strategy '{}' has no parameter '{}'", name, key),
                  fmt::format("its parameters: {}", info.defaults.dump()));
    const Json list = values.is_array() ? values : Json::array({values});
    if (list.empty()) throw Error(ErrorKind::InvalidArgument, fmt::format("grid '{}' has no values", key));
    total *= list.size();
    if (total > max_points)
      throw Error(ErrorKind::InvalidArgument, fmt::format("the grid has more than {} combinations", max_points),
                  "use fewer values per parameter");
    axes.emplace_back(key, list);
  }
  std::vector<StrategySpec> out;
  std::vector<std::size_t> idx(axes.size(), 0);
  const std::vector<double> probe(3, 1.0);  // validates parameter combinations cheaply
  for (std::size_t k = 0; k < total; ++k) {
    StrategySpec spec{name, Json::object()};
    for (std::size_t a = 0; a < axes.size(); ++a) spec.params[axes[a].first] = axes[a].second[idx[a]];
    try {
      strategy_positions(spec, probe, nullptr);
      out.push_back(std::move(spec));
    } catch (const InvalidCombination&) {
      // skipped: e.g. fast >= slow in a crossover grid
    }
    for (std::size_t a = axes.size(); a-- > 0;) {
      if (++idx[a] < axes[a].second.size()) break;
      idx[a] = 0;
    }
  }
  return out;
}

}  // namespace mlt
