#include "ml/fold_metrics.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "ml/metrics.h"

namespace mlt {
namespace {

// NaN becomes null: JSON has no NaN, and null says "undefined" honestly.
Json number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

}  // namespace

Json fold_metrics(Task task, std::span<const double> y, std::span<const double> pred,
                  std::span<const double> forward_return) {
  if (task == Task::Classification) {
    const double base = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
    return Json{{"accuracy", number(accuracy(y, pred))},
                {"auc", number(roc_auc(y, pred))},
                {"log_loss", number(log_loss(y, pred))},
                {"base_rate", number(base)},
                {"ic", number(pearson(pred, forward_return))}};
  }
  return Json{{"rmse", number(rmse(y, pred))},
              {"mae", number(mae(y, pred))},
              {"r2", number(r2(y, pred))},
              {"ic", number(pearson(pred, y))},
              {"rank_ic", number(spearman(pred, y))},
              {"directional_accuracy", number(directional_accuracy(y, pred))}};
}

Json summarize_folds(const std::map<std::string, std::vector<double>>& per_metric) {
  Json out = Json::object();
  for (const auto& [name, values] : per_metric) {
    std::vector<double> ok;
    for (double v : values)
      if (std::isfinite(v)) ok.push_back(v);
    if (ok.empty()) {
      out[name] = {{"mean", nullptr}, {"std", nullptr}};
      continue;
    }
    const auto n = static_cast<double>(ok.size());
    const double mean = std::accumulate(ok.begin(), ok.end(), 0.0) / n;
    double ss = 0;
    for (double v : ok) ss += (v - mean) * (v - mean);
    out[name] = {{"mean", mean}, {"std", ok.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0}};
  }
  return out;
}

std::string fold_progress(int fold, int folds, Task task, const Json& metrics) {
  const char* key = task == Task::Classification ? "auc" : "ic";
  const Json& v = metrics.at(key);
  return v.is_number() ? fmt::format("fold {}/{}: {} {:.3f}", fold, folds, key, v.get<double>())
                       : fmt::format("fold {}/{}: {} n/a", fold, folds, key);
}

}  // namespace mlt
