#include "ml/fold_metrics.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "core/error.h"
#include "ml/metrics.h"

namespace mlt {
namespace {

// NaN becomes null: JSON has no NaN, and null says "undefined" honestly.
Json number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

}  // namespace

Json fold_metrics(Task task, std::span<const double> y, std::span<const double> pred,
                  std::span<const double> forward_return, const FoldMetricOptions& options) {
  if (task == Task::Clustering)
    throw Error(ErrorKind::InvalidArgument, "a clustering fold is scored on its features, not on labels",
                "use clustering_fold_metrics (ml/cluster_metrics.h)");
  Json out;
  if (task == Task::Classification) {
    const double base = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
    out = Json{{"accuracy", number(accuracy(y, pred))},
               {"balanced_accuracy", number(balanced_accuracy(y, pred))},
               {"f1", number(f1_score(y, pred))},
               {"auc", number(roc_auc(y, pred))},
               {"log_loss", number(log_loss(y, pred))},
               {"brier", number(brier_score(y, pred))},
               {"base_rate", number(base)},
               {"ic", number(pearson(pred, forward_return))}};
  } else {
    out = Json{{"rmse", number(rmse(y, pred))},
               {"mae", number(mae(y, pred))},
               {"r2", number(r2(y, pred))},
               {"ic", number(pearson(pred, y))},
               {"rank_ic", number(spearman(pred, y))},
               {"directional_accuracy", number(directional_accuracy(y, pred))}};
  }
  const TradingMetrics t = trading_metrics(pred, forward_return,
                                           {.neutral = task == Task::Classification ? 0.5 : 0.0,
                                            .cost_bps = options.cost_bps,
                                            .horizon = options.horizon});
  out["sharpe"] = number(t.sharpe);
  out["hit_rate"] = number(t.hit_rate);
  out["max_drawdown"] = number(t.max_drawdown);
  out["turnover"] = number(t.turnover);
  return out;
}

bool metric_higher_is_better(const std::string& metric) {
  return !(metric == "rmse" || metric == "mae" || metric == "log_loss" || metric == "brier" ||
           metric == "max_drawdown" || metric == "turnover" || metric == "davies_bouldin");
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
    const double sd = ok.size() > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
    out[name] = {{"mean", mean}, {"std", sd}};
    // ICIR: how steady the information coefficient is across folds.
    if (name == "ic" && sd > 0) out["icir"] = {{"mean", mean / sd}, {"std", nullptr}};
  }
  return out;
}

std::string fold_progress(int fold, int folds, Task task, const Json& metrics) {
  const char* key = "ic";
  switch (task) {
    case Task::Classification: key = "auc"; break;
    case Task::Regression: key = "ic"; break;
    case Task::Clustering: key = "silhouette"; break;
  }
  const Json& v = metrics.at(key);
  return v.is_number() ? fmt::format("fold {}/{}: {} {:.3f}", fold, folds, key, v.get<double>())
                       : fmt::format("fold {}/{}: {} n/a", fold, folds, key);
}

}  // namespace mlt
