#include "ml/panel_training.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/error.h"

namespace mlt {

bool is_cross_section_target(const std::string& target) {
  return target == "excess_return" || target == "excess_direction";
}

PanelFeatures cross_section_features(const Dataset& ds, const std::vector<std::string>& symbols,
                                     const FeatureChoice& features) {
  if (ds.kind() != DatasetKind::Panel)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("dataset '{}' holds one series of OHLCV bars; a cross-section needs a wide panel of "
                            "closes (one column per symbol)",
                            ds.name()),
                "use a panel such as dow30_close, or drop 'cross_section'");
  if (!features.macro.empty())
    throw Error(ErrorKind::InvalidArgument,
                "macro features are the same for every symbol on a date, so their cross-sectional rank is constant",
                "drop 'macro' when training with 'cross_section'");
  PanelFeatures pf = stack_panel_features(ds.panel(), symbols, features.set);
  pf.X = cross_sectional_rank(pf.X, RankScale::Centred);
  return pf;
}

TrainingSet build_cross_section_set(const Dataset& ds, const TrainSpec& spec) {
  if (!spec.cross_section)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("target '{}' compares symbols on each date and needs a cross-sectional set", spec.target),
                "pass \"cross_section\": true with a wide panel, or use target 'direction' / 'return'");
  if (!is_cross_section_target(spec.target))
    throw Error(ErrorKind::InvalidArgument, fmt::format("target '{}' is not a cross-sectional target", spec.target),
                "with cross_section use 'excess_return' (regression) or 'excess_direction' (classification)");
  if (spec.horizon < 1)
    throw Error(ErrorKind::InvalidArgument, fmt::format("horizon must be >= 1 date, got {}", spec.horizon));
  const PanelFeatures pf = cross_section_features(ds, spec.symbols, spec.features);
  const ExcessLabels labels = excess_return_labels(ds.panel(), pf.index.symbols, spec.horizon);

  TrainingSet out;
  out.X.names = pf.X.names;
  CrossSectionIndex& idx = out.cross_section;
  idx.symbols = pf.index.symbols;
  std::size_t last_date = std::numeric_limits<std::size_t>::max();
  for (std::size_t r = 0; r < pf.X.rows(); ++r) {
    const std::size_t s = pf.index.symbol[r], t = pf.X.source_row[r];
    const double excess = labels.excess_return[s][t];
    if (!std::isfinite(excess)) continue;
    out.X.ts.push_back(pf.X.ts[r]);
    out.X.source_row.push_back(t);
    out.X.values.insert(out.X.values.end(), pf.X.values.begin() + static_cast<std::ptrdiff_t>(r * pf.X.cols()),
                        pf.X.values.begin() + static_cast<std::ptrdiff_t>((r + 1) * pf.X.cols()));
    out.direction.push_back(labels.excess_direction[s][t]);
    out.forward_return.push_back(excess);
    if (pf.index.date[r] != last_date) {
      last_date = pf.index.date[r];
      ++idx.n_dates;
    }
    idx.symbol.push_back(s);
    idx.date.push_back(idx.n_dates - 1);
  }
  return out;
}

std::vector<IndexSplit> make_date_splits(const CrossSectionIndex& index, const TrainSpec& spec) {
  // first[d] = first row of date d; rows are ordered by date, so each date is one run.
  std::vector<std::size_t> first(index.n_dates + 1, index.date.size());
  for (std::size_t r = index.date.size(); r-- > 0;) first[index.date[r]] = r;
  auto expand = [&](const std::vector<std::size_t>& dates) {
    std::vector<std::size_t> rows;
    for (std::size_t d : dates)
      for (std::size_t r = first[d]; r < first[d + 1]; ++r) rows.push_back(r);
    return rows;
  };
  std::vector<IndexSplit> out;
  for (const auto& s : make_cv_splits(index.n_dates, spec)) out.push_back({expand(s.train), expand(s.test)});
  return out;
}

Json cross_section_summary(const CrossSectionIndex& index) {
  return Json{{"cross_section", true},
              {"n_dates", index.n_dates},
              {"n_symbols", index.symbols.size()},
              {"symbols", index.symbols}};
}

}  // namespace mlt
