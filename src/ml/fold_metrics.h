// The per-fold metric set of the training pipeline and its summary.
//
// Classification (y = direction 0/1, pred = class-1 probability):
//   accuracy, balanced_accuracy, f1, auc, log_loss, brier, base_rate (share
//   of up moves in the test fold), ic (Pearson of probability vs realised
//   forward return).
// Regression (y = forward return, pred = forecast):
//   rmse, mae, r2, ic (Pearson), rank_ic (Spearman), directional_accuracy.
// Both, from the forecast used as a long/short signal (trading_metrics.h):
//   sharpe (after costs), hit_rate, max_drawdown, turnover.
// The summary adds icir = mean(ic) / std(ic) across folds.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/model.h"
#include "ml/trading_metrics.h"

namespace mlt {

struct FoldMetricOptions {
  int horizon = 1;        // bars per forward return (annualises the Sharpe ratio)
  double cost_bps = 1.0;  // trading cost per unit of position change
};

// Clustering folds need the features: use clustering_fold_metrics
// (ml/cluster_metrics.h); Task::Clustering here is Error{InvalidArgument}.
Json fold_metrics(Task task, std::span<const double> y, std::span<const double> pred,
                  std::span<const double> forward_return, const FoldMetricOptions& options = {});

// True for metrics where larger is better (auc, ic, sharpe, ...); false for
// losses (rmse, mae, log_loss, brier, max_drawdown, turnover, davies_bouldin).
bool metric_higher_is_better(const std::string& metric);

// {name: {mean, std}} over folds; std is the sample std (0 for one fold);
// NaN fold values are skipped, and a metric with none left is null.
Json summarize_folds(const std::map<std::string, std::vector<double>>& per_metric);

// "fold 2/5: auc 0.512" (classification), "fold 2/5: ic 0.031" (regression)
// or "fold 2/5: silhouette 0.214" (clustering).
std::string fold_progress(int fold, int folds, Task task, const Json& metrics);

}  // namespace mlt
