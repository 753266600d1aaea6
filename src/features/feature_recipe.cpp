#include "features/feature_recipe.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "features/alpha158.h"
#include "features/feature_set.h"
#include "features/macro_features.h"

namespace mlt {
namespace {

[[noreturn]] void unknown_set(std::string_view set) {
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown feature set '{}'", set),
              fmt::format("use one of: {}", fmt::join(feature_set_names(), ", ")));
}

}  // namespace

const std::vector<std::string>& feature_set_names() {
  static const std::vector<std::string> names = {"standard", "alpha158"};
  return names;
}

FeatureMatrix feature_set_for_bars(const Bars& bars, std::string_view set) {
  if (set == "standard") return bar_features(bars);
  if (set == "alpha158") return alpha158_features(bars);
  unknown_set(set);
}

FeatureMatrix feature_set_for_closes(const std::vector<TimestampMs>& ts, const std::vector<double>& close,
                                     std::string_view set) {
  if (set == "standard") return close_features(ts, close);
  if (set == "alpha158") return alpha158_close_features(ts, close);
  unknown_set(set);
}

FeatureMatrix join_macro(const FeatureMatrix& fm, const std::vector<Dataset>& macro,
                         const std::vector<std::string>& columns) {
  FeatureMatrix out = fm;
  std::set<std::string> used, found;
  for (const Dataset& ds : macro) {
    if (ds.kind() != DatasetKind::Panel)
      throw Error(ErrorKind::InvalidArgument, fmt::format("macro dataset '{}' holds bars, not economic series", ds.name()),
                  "pass FRED datasets (data.fetch_fred) or a macro panel such as fred_core");
    MacroJoinOptions options;
    for (const auto& c : ds.panel().columns)
      if (columns.empty() || std::find(columns.begin(), columns.end(), c) != columns.end()) options.columns.push_back(c);
    if (options.columns.empty()) continue;
    for (const auto& c : options.columns) {
      if (!used.insert(c).second)
        throw Error(ErrorKind::InvalidArgument, fmt::format("macro column '{}' is in more than one macro dataset", c),
                    "pass 'macro_columns' so each column comes from one dataset");
      found.insert(c);
    }
    out = macro_features_as_of(out, ds, options);
  }
  for (const auto& c : columns)
    if (!found.count(c))
      throw Error(ErrorKind::NotFound, fmt::format("no macro dataset has a column '{}'", c),
                  "list a dataset's columns with data.describe");
  return out;
}

}  // namespace mlt
