#include "ml/cross_section_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ml/metrics.h"

namespace mlt {
namespace {

Json number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double mean_of(const std::vector<double>& v) {
  return v.empty() ? std::nan("") : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sample_std(const std::vector<double>& v) {
  if (v.size() < 2) return std::nan("");
  const double m = mean_of(v);
  double ss = 0.0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

double top_minus_bottom(std::span<const double> pred, std::span<const double> realised) {
  std::vector<std::size_t> order(pred.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pred[a] < pred[b]; });
  const std::size_t q = std::max<std::size_t>(1, pred.size() / 5);
  double bottom = 0.0, top = 0.0;
  for (std::size_t i = 0; i < q; ++i) {
    bottom += realised[order[i]];
    top += realised[order[order.size() - 1 - i]];
  }
  return (top - bottom) / static_cast<double>(q);
}

}  // namespace

Json cross_section_fold_metrics(const CrossSectionIndex& index, const std::vector<std::size_t>& rows,
                                std::span<const double> pred, std::span<const double> realised) {
  std::vector<double> ics, rank_ics, spreads;
  for (std::size_t begin = 0; begin < rows.size();) {
    std::size_t end = begin + 1;
    while (end < rows.size() && index.date[rows[end]] == index.date[rows[begin]]) ++end;
    if (end - begin >= kMinCrossSectionSymbols) {
      const auto p = pred.subspan(begin, end - begin);
      const auto y = realised.subspan(begin, end - begin);
      if (const double ic = pearson(p, y); std::isfinite(ic)) ics.push_back(ic);
      if (const double ric = spearman(p, y); std::isfinite(ric)) rank_ics.push_back(ric);
      if (const double s = top_minus_bottom(p, y); std::isfinite(s)) spreads.push_back(s);
    }
    begin = end;
  }
  const double ic_sd = sample_std(ics), spread_sd = sample_std(spreads);
  const double spread_mean = mean_of(spreads);
  return Json{{"cs_ic", number(mean_of(ics))},
              {"cs_rank_ic", number(mean_of(rank_ics))},
              {"cs_icir", number(ic_sd > 0 ? mean_of(ics) / ic_sd : std::nan(""))},
              {"ls_spread", number(spread_mean)},
              {"ls_spread_t", number(spread_sd > 0 ? spread_mean / (spread_sd / std::sqrt(static_cast<double>(
                                                                                     spreads.size())))
                                                   : std::nan(""))},
              {"cs_dates", static_cast<double>(spreads.size())}};
}

}  // namespace mlt
