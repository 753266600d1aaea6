// The per-fold metric set of the training pipeline and its summary.
//
// Classification (y = direction 0/1, pred = class-1 probability):
//   accuracy, auc, log_loss, base_rate (share of up moves in the test fold),
//   ic (Pearson of probability vs realised forward return).
// Regression (y = forward return, pred = forecast):
//   rmse, mae, r2, ic (Pearson), rank_ic (Spearman), directional_accuracy.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

Json fold_metrics(Task task, std::span<const double> y, std::span<const double> pred,
                  std::span<const double> forward_return);

// {name: {mean, std}} over folds; std is the sample std (0 for one fold);
// NaN fold values are skipped, and a metric with none left is null.
Json summarize_folds(const std::map<std::string, std::vector<double>>& per_metric);

// "fold 2/5: auc 0.512" (classification) or "fold 2/5: ic 0.031" (regression).
std::string fold_progress(int fold, int folds, Task task, const Json& metrics);

}  // namespace mlt
