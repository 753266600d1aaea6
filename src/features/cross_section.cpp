#include "features/cross_section.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "features/feature_recipe.h"
#include "features/feature_set.h"

namespace mlt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> chosen_symbols(const Panel& panel, const std::vector<std::string>& symbols) {
  std::vector<std::string> out = symbols.empty() ? panel.columns : symbols;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (panel.column_index(out[i]) < 0) panel_close_series(panel, out[i]);  // throws NotFound with the columns
    if (std::find(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(i), out[i]) !=
        out.begin() + static_cast<std::ptrdiff_t>(i))
      throw Error(ErrorKind::InvalidArgument, fmt::format("symbol '{}' is listed twice", out[i]),
                  "list each symbol once");
  }
  if (out.size() < kMinCrossSectionSymbols)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("a cross-section needs at least {} symbols, got {}", kMinCrossSectionSymbols, out.size()),
                "use a wide panel such as dow30_close, and list at least 3 of its columns in 'symbols' (or omit it)");
  return out;
}

// Ranks of one date's values into out[0..m), per RankScale::Unit.
void unit_ranks(const std::vector<double>& v, std::vector<double>& out) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (std::isfinite(v[i])) order.push_back(i);
  out.assign(v.size(), kNaN);
  const std::size_t m = order.size();
  if (m == 0) return;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  for (std::size_t i = 0; i < m;) {
    std::size_t j = i;
    while (j + 1 < m && v[order[j + 1]] == v[order[i]]) ++j;
    // Positions i..j tie: each gets the average 0-based rank (i + j) / 2.
    const double rank = static_cast<double>(i + j) / 2.0;
    for (std::size_t k = i; k <= j; ++k) out[order[k]] = m == 1 ? 0.5 : rank / static_cast<double>(m - 1);
    i = j + 1;
  }
}

}  // namespace

PanelFeatures stack_panel_features(const Panel& panel, const std::vector<std::string>& symbols_arg,
                                   std::string_view set) {
  PanelFeatures out;
  out.index.symbols = chosen_symbols(panel, symbols_arg);
  const std::size_t n_sym = out.index.symbols.size();
  std::vector<FeatureMatrix> per_symbol(n_sym);
  // at[s][panel row] = the symbol's feature row on that date, or npos.
  constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();
  std::vector<std::vector<std::size_t>> at(n_sym, std::vector<std::size_t>(panel.size(), npos));
  for (std::size_t s = 0; s < n_sym; ++s) {
    const CloseSeries cs = panel_close_series(panel, out.index.symbols[s]);
    per_symbol[s] = feature_set_for_closes(cs.ts, cs.close, set);
    for (std::size_t r = 0; r < per_symbol[s].rows(); ++r) at[s][cs.row[per_symbol[s].source_row[r]]] = r;
    if (s > 0 && per_symbol[s].names != per_symbol[0].names)
      throw Error(ErrorKind::Internal,
                  fmt::format("symbol '{}' got different feature columns than '{}'", out.index.symbols[s],
                              out.index.symbols[0]));
  }
  out.X.names = per_symbol[0].names;
  for (std::size_t t = 0; t < panel.size(); ++t) {
    bool any = false;
    for (std::size_t s = 0; s < n_sym; ++s) {
      const std::size_t r = at[s][t];
      if (r == npos) continue;
      any = true;
      const FeatureMatrix& f = per_symbol[s];
      out.X.ts.push_back(panel.ts[t]);
      out.X.source_row.push_back(t);
      out.X.values.insert(out.X.values.end(), f.values.begin() + static_cast<std::ptrdiff_t>(r * f.cols()),
                          f.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * f.cols()));
      out.index.symbol.push_back(s);
      out.index.date.push_back(out.index.n_dates);
    }
    if (any) ++out.index.n_dates;
  }
  return out;
}

FeatureMatrix cross_sectional_rank(const FeatureMatrix& X, RankScale scale) {
  FeatureMatrix out = X;
  const double shift = scale == RankScale::Centred ? 0.5 : 0.0;
  std::vector<double> v, ranks;
  for (std::size_t begin = 0; begin < X.rows();) {
    std::size_t end = begin + 1;
    while (end < X.rows() && X.ts[end] == X.ts[begin]) ++end;
    if (end < X.rows() && X.ts[end] < X.ts[begin])
      throw Error(ErrorKind::InvalidArgument, "cross-sectional ranks need rows ordered by date",
                  "stack the panel with stack_panel_features (date, then symbol)");
    for (std::size_t c = 0; c < X.cols(); ++c) {
      v.resize(end - begin);
      for (std::size_t r = begin; r < end; ++r) v[r - begin] = X.at(r, c);
      unit_ranks(v, ranks);
      for (std::size_t r = begin; r < end; ++r) out.values[r * X.cols() + c] = ranks[r - begin] - shift;
    }
    begin = end;
  }
  return out;
}

ExcessLabels excess_return_labels(const Panel& panel, const std::vector<std::string>& symbols, int horizon) {
  if (horizon < 1)
    throw Error(ErrorKind::InvalidArgument, fmt::format("horizon must be >= 1 date, got {}", horizon));
  const auto h = static_cast<std::size_t>(horizon);
  const std::size_t n = panel.size();
  ExcessLabels out;
  for (const auto& name : symbols) {
    const int c = panel.column_index(name);
    if (c < 0) panel_close_series(panel, name);  // throws NotFound with the columns
    const auto& close = panel.values[static_cast<std::size_t>(c)];
    std::vector<double> fwd(n, kNaN);
    for (std::size_t t = 0; t + h < n; ++t)
      if (std::isfinite(close[t]) && std::isfinite(close[t + h]) && close[t] != 0.0)
        fwd[t] = close[t + h] / close[t] - 1.0;
    out.forward_return.push_back(std::move(fwd));
  }
  out.excess_return.assign(symbols.size(), std::vector<double>(n, kNaN));
  out.excess_direction.assign(symbols.size(), std::vector<double>(n, kNaN));
  for (std::size_t t = 0; t < n; ++t) {
    double sum = 0.0;
    std::size_t count = 0;
    for (const auto& f : out.forward_return)
      if (std::isfinite(f[t])) {
        sum += f[t];
        ++count;
      }
    if (count < 2) continue;
    const double mean = sum / static_cast<double>(count);
    for (std::size_t s = 0; s < symbols.size(); ++s) {
      const double f = out.forward_return[s][t];
      if (!std::isfinite(f)) continue;
      out.excess_return[s][t] = f - mean;
      out.excess_direction[s][t] = f - mean > 0.0 ? 1.0 : 0.0;
    }
  }
  return out;
}

}  // namespace mlt
