#include "ml/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

#include <omp.h>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml/fold_metrics.h"
#include "ml/model_registry.h"

namespace mlt {
namespace {

struct Row {
  const ModelSpec* spec = nullptr;
  Json result;  // train_on_set() output, or null
  Json error;   // {kind, message, hint} when failed
  std::int64_t duration_ms = 0;
};

Task task_of_target(const std::string& target) {
  if (target == "regime") return Task::Clustering;
  return target == "return" || target == "excess_return" ? Task::Regression : Task::Classification;
}

std::vector<const ModelSpec*> chosen_models(const CompareSpec& spec, Task task) {
  std::vector<const ModelSpec*> out;
  if (spec.models.empty()) {
    for (const auto& m : model_specs())
      if (m.task == task) out.push_back(&m);
    return out;
  }
  for (const auto& id : spec.models) {
    const ModelSpec& m = find_model_spec(id);
    if (m.task != task)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("model '{}' does {}, but target '{}' needs {}", id, task_name(m.task), spec.base.target,
                              task_name(task)),
                  "compare models of one task at a time");
    if (std::find(out.begin(), out.end(), &m) == out.end()) out.push_back(&m);
  }
  return out;
}

double metric_mean(const Json& result, const std::string& metric) {
  if (result.is_null() || !result.contains("metrics") || !result["metrics"].contains(metric)) return std::nan("");
  const Json& v = result["metrics"][metric]["mean"];
  return v.is_number() ? v.get<double>() : std::nan("");
}

}  // namespace

Json compare_on_set(const TrainingSet& set, const CompareSpec& spec, const TrainCallbacks& cb) {
  const auto started = std::chrono::steady_clock::now();
  if (spec.workers < 1) throw Error(ErrorKind::InvalidArgument, "workers must be >= 1");
  const Task task = task_of_target(spec.base.target);
  std::string metric = spec.metric;
  if (metric.empty()) {
    switch (task) {
      case Task::Classification: metric = "auc"; break;
      case Task::Regression: metric = "ic"; break;
      case Task::Clustering: metric = "silhouette"; break;
    }
  }
  static const std::vector<std::string> kClassification = {
      "accuracy", "balanced_accuracy", "f1", "auc", "log_loss", "brier", "ic", "icir",
      "sharpe",   "hit_rate",          "max_drawdown", "turnover"};
  static const std::vector<std::string> kRegression = {
      "rmse", "mae", "r2", "ic", "icir", "rank_ic", "directional_accuracy", "sharpe", "hit_rate", "max_drawdown",
      "turnover"};
  static const std::vector<std::string> kClustering = {"silhouette", "calinski_harabasz", "davies_bouldin",
                                                       "n_clusters", "noise_share",       "regime_f"};
  const auto& known = task == Task::Classification ? kClassification
                      : task == Task::Regression   ? kRegression
                                                   : kClustering;
  // Per-date metrics of cross-sectional sets (ml/cross_section_metrics.h).
  static const std::vector<std::string> kCrossSection = {"cs_ic", "cs_rank_ic", "cs_icir", "ls_spread",
                                                         "ls_spread_t"};
  const bool cross_section_metric = !set.cross_section.empty() && std::find(kCrossSection.begin(),
                                                                            kCrossSection.end(), metric) !=
                                                                      kCrossSection.end();
  if (!cross_section_metric && std::find(known.begin(), known.end(), metric) == known.end())
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown {} metric '{}'", task_name(task), metric),
                fmt::format("use one of: {}", fmt::join(known, ", ")));
  const auto models = chosen_models(spec, task);
  if (models.empty()) throw Error(ErrorKind::InvalidArgument, "no models to compare");

  std::vector<Row> rows(models.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> cancelled{false};
  std::atomic<std::size_t> done{0};
  std::mutex report_mutex;
  auto work = [&] {
    // One thread per worker for OpenMP code inside the models too (Eigen's
    // products, the Gaussian process): the setting is per thread, so the
    // leaderboard stays within `workers` threads.
    omp_set_num_threads(1);
    for (std::size_t i = next++; i < models.size(); i = next++) {
      if (cancelled) return;
      Row& row = rows[i];
      row.spec = models[i];
      const auto t0 = std::chrono::steady_clock::now();
      try {
        TrainSpec ts = spec.base;
        ts.model = row.spec->id;
        ts.params = spec.params.contains(row.spec->id) ? spec.params.at(row.spec->id) : Json::object();
        if (row.spec->defaults.contains("nthread")) ts.params["nthread"] = 1;
        TrainCallbacks inner;
        inner.check_cancelled = [&] {
          if (cancelled) throw Error(ErrorKind::Cancelled, "compare cancelled");
        };
        row.result = train_on_set(set, ts, inner);
      } catch (const Error& e) {
        row.error = Json{{"kind", std::string(kind_name(e.kind()))}, {"message", e.what()}, {"hint", e.hint()}};
      } catch (const std::exception& e) {
        row.error = Json{{"kind", "internal"}, {"message", e.what()}, {"hint", ""}};
      }
      row.duration_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
      const std::size_t finished = ++done;
      if (cb.progress) {
        const double v = metric_mean(row.result, metric);
        const std::string what = row.error.is_null()
                                     ? (std::isfinite(v) ? fmt::format("{} {:.4f}", metric, v) : metric + " n/a")
                                     : "failed: " + row.error.value("message", std::string());
        std::lock_guard lock(report_mutex);
        cb.progress(static_cast<double>(finished) / static_cast<double>(models.size()),
                    fmt::format("model {}/{} {}: {}", finished, models.size(), row.spec->id, what));
      }
    }
  };
  const std::size_t n_threads = std::min<std::size_t>(static_cast<std::size_t>(spec.workers), models.size());
  const OpenCvSequential opencv_on_workers_only;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < n_threads; ++t) threads.emplace_back(work);
  // The caller's cancellation check may touch the store, so only this thread calls it.
  std::exception_ptr cancel_error;
  while (done < models.size() && !cancelled) {
    if (cb.check_cancelled) {
      try {
        cb.check_cancelled();
      } catch (...) {
        cancel_error = std::current_exception();
        cancelled = true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& t : threads) t.join();
  if (cancel_error) std::rethrow_exception(cancel_error);

  const bool higher = metric_higher_is_better(metric);
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double va = metric_mean(rows[a].result, metric), vb = metric_mean(rows[b].result, metric);
    const bool fa = std::isfinite(va), fb = std::isfinite(vb);
    if (fa != fb) return fa;
    if (fa && va != vb) return higher ? va > vb : va < vb;
    return rows[a].spec->id < rows[b].spec->id;
  });
  Json table = Json::array();
  int n_ok = 0, rank = 0;
  for (std::size_t i : order) {
    const Row& r = rows[i];
    const bool ok = r.error.is_null();
    n_ok += ok ? 1 : 0;
    Json row{{"rank", ++rank},           {"model", r.spec->id},   {"family", family_name(r.spec->family)},
             {"library", r.spec->library}, {"status", ok ? "ok" : "failed"}, {"duration_ms", r.duration_ms}};
    if (ok) {
      row["mean"] = r.result["metrics"].contains(metric) ? r.result["metrics"][metric]["mean"] : Json(nullptr);
      row["std"] = r.result["metrics"].contains(metric) ? r.result["metrics"][metric]["std"] : Json(nullptr);
      row["metrics"] = r.result["metrics"];
      row["warnings"] = r.result["warnings"];
    } else {
      row["error"] = r.error;
    }
    table.push_back(row);
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return Json{{"metric", metric},
              {"higher_is_better", higher},
              {"task", task_name(task)},
              {"target", spec.base.target},
              {"scheme", spec.base.scheme},
              {"folds", spec.base.folds},
              {"horizon", spec.base.horizon},
              {"seed", spec.base.seed},
              {"workers", n_threads},
              {"rows", table},
              {"n_ok", n_ok},
              {"n_failed", static_cast<int>(rows.size()) - n_ok},
              {"duration_ms", ms}};
}

}  // namespace mlt
