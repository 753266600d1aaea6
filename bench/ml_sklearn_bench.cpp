// mlTrainer's models vs scikit-learn on identical data and splits, side by
// side in one run: the cross-sectional Dow-30 training set (10 stocks,
// 1991-2000, standard features ranked per date, excess-return labels, 3
// expanding walk-forward folds over dates). The set and the fold indices are
// written to a temporary folder; bench/peers/sklearn_models.py fits each
// model's scikit-learn counterpart (same settings, scaler fitted on training
// rows only, one thread) on exactly those folds. The table shows the time of
// each side over all folds, the ratio, and both mean scores (AUC for
// classifiers, IC for regressors, silhouette for clustering).
//
// Also here: building the model registry and registering every model's
// action, and a leaderboard of every registered model (ml.compare) on one
// Dow-30 stock, with the process's peak RSS.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <omp.h>

#include "actions/ml_actions.h"
#include "actions/registry.h"
#include "data/csv_import.h"
#include "ml/compare.h"
#include "ml/model_registry.h"
#include "ml/panel_training.h"
#include "peer_runner.h"

namespace mlt {
namespace {

const std::string kDowFile = std::string(MLT_SOURCE_DIR) + "/data/market/dowjones30_close_1991-2000.csv";

const Dataset& dow30() {
  static const Dataset ds = CsvImporter::parse(CsvImporter::read_bytes(kDowFile), kDowFile, {}, 0);
  return ds;
}

TrainSpec panel_spec() {
  TrainSpec spec;
  spec.cross_section = true;
  spec.symbols = {"AA", "AXP", "T", "BA", "CAT", "KO", "GE", "IBM", "JNJ", "MSFT"};
  spec.target = "excess_direction";
  spec.folds = 3;
  spec.seed = 7;
  return spec;
}

// The models compared, each with a scikit-learn counterpart in the peer.
const std::vector<std::string> kModels = {
    "logistic_l2", "linear_svc_squared_hinge", "lda", "qda", "gaussian_nb", "decision_tree_classifier",
    "random_forest_100", "extra_trees_100", "xgboost_classifier", "adaboost_discrete", "knn_classifier",
    "mlp_3x64_classifier", "ols", "ridge", "lasso", "elastic_net", "huber", "bayesian_ridge",
    "decision_tree_regressor", "random_forest_regressor_100", "extra_trees_regressor_100", "xgboost_regressor",
    "knn_regressor", "kmeans", "minibatch_kmeans"};

// MLT_SKLEARN_BENCH_MODELS=id,id,... compares only those (of kModels).
std::vector<std::string> compared_models() {
  const char* only = std::getenv("MLT_SKLEARN_BENCH_MODELS");
  if (!only || !*only) return kModels;
  std::vector<std::string> out;
  std::string list = only;
  for (std::size_t begin = 0; begin <= list.size();) {
    const std::size_t end = std::min(list.find(',', begin), list.size());
    const std::string id = list.substr(begin, end - begin);
    if (std::find(kModels.begin(), kModels.end(), id) != kModels.end()) out.push_back(id);
    else fmt::print(stderr, "MLT_SKLEARN_BENCH_MODELS: '{}' has no scikit-learn counterpart here, skipped\n", id);
    begin = end + 1;
  }
  return out;
}

void write_doubles(const std::filesystem::path& path, const std::vector<double>& v) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(double)));
}

// meta.json, X.f64, y_direction.f64, y_return.f64 for the peer.
void write_bundle(const std::filesystem::path& dir, const TrainingSet& set, const std::vector<IndexSplit>& splits) {
  std::filesystem::create_directories(dir);
  Json meta{{"rows", set.X.rows()}, {"cols", set.X.cols()}, {"splits", Json::array()}};
  for (const auto& s : splits) meta["splits"].push_back({{"train", s.train}, {"test", s.test}});
  std::ofstream(dir / "meta.json") << meta.dump();
  write_doubles(dir / "X.f64", set.X.values);
  write_doubles(dir / "y_direction.f64", set.direction);
  write_doubles(dir / "y_return.f64", set.forward_return);
}

double wall_ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

struct Ours {
  double ms = 0, cpu_ms = 0, score = NAN;
  std::string metric, error;
};

Ours train_ours(const TrainingSet& set, const std::vector<IndexSplit>& splits, const std::string& id) {
  const ModelSpec& model = find_model_spec(id);
  TrainSpec spec = panel_spec();
  spec.model = id;
  spec.target = model.task == Task::Classification ? "excess_direction"
                : model.task == Task::Regression   ? "excess_return"
                                                   : "regime";
  Ours o;
  o.metric = model.task == Task::Classification ? "auc" : model.task == Task::Regression ? "ic" : "silhouette";
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = bench::cpu_ms();
  try {
    const Json r = train_on_splits(set, spec, splits);
    o.score = r["metrics"][o.metric]["mean"].is_number() ? r["metrics"][o.metric]["mean"].get<double>() : NAN;
  } catch (const std::exception& e) {
    o.error = e.what();
  }
  o.ms = wall_ms(t0);
  o.cpu_ms = bench::cpu_ms() - c0;
  return o;
}

void BM_ModelsVsSklearnDow30(benchmark::State& state) {
  const TrainSpec spec = panel_spec();
  const TrainingSet set = build_training_set(dow30(), spec);
  const auto splits = make_date_splits(set.cross_section, spec);
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("mlt_sklearn_peer_{}", getpid());
  write_bundle(dir, set, splits);
  std::string ids;
  const std::vector<std::string> models = compared_models();
  for (const auto& id : models) ids += (ids.empty() ? "" : ",") + id;
  for (auto _ : state) {
    std::map<std::string, Ours> ours;
    omp_set_num_threads(1);  // Eigen's and the nets' inner parallelism too: one thread, as the peer
    for (const auto& id : models) ours[id] = train_ours(set, splits, id);
    omp_set_num_threads(omp_get_num_procs());
    const Json peer = bench::run_python_peer("sklearn_models.py", fmt::format("{} {}", dir.string(), ids));
    if (peer.is_null()) {
      state.SkipWithError("the scikit-learn peer did not run (needs /usr/bin/python3 with python3-sklearn)");
      break;
    }
    fmt::print("\nModels vs scikit-learn {} on the cross-sectional Dow-30 set ({} rows x {} features, {} stocks, "
               "{} walk-forward folds over dates), one thread each side\n",
               peer.value("sklearn", "?"), set.X.rows(), set.X.cols(), spec.symbols.size(), splits.size());
    fmt::print("{:<28} {:<31} {:>9} {:>10} {:>9} {:>10} {:>6} {:>10} {:>8} {:>8}\n", "model", "scikit-learn",
               "ours ms", "sklearn ms", "ours cpu", "sklearn cpu", "ratio", "metric", "ours", "sklearn");
    double ours_total = 0, peer_total = 0, ours_cpu = 0, peer_cpu = 0;
    for (const auto& row : peer["models"]) {
      const std::string id = row["id"];
      const Ours& o = ours[id];
      if (row.contains("error") || !o.error.empty()) {
        fmt::print("{:<28} {}\n", id, !o.error.empty() ? "mlTrainer: " + o.error : "scikit-learn: " + row["error"].get<std::string>());
        continue;
      }
      const double peer_ms = row["ms"].get<double>(), peer_cpu_ms = row["cpu_ms"].get<double>();
      ours_total += o.ms;
      peer_total += peer_ms;
      ours_cpu += o.cpu_ms;
      peer_cpu += peer_cpu_ms;
      fmt::print("{:<28} {:<31} {:>9.1f} {:>10.1f} {:>9.1f} {:>10.1f} {:>5.2f}x {:>10} {:>8.4f} {:>8.4f}\n", id,
                 row["peer"].get<std::string>(), o.ms, peer_ms, o.cpu_ms, peer_cpu_ms, o.cpu_ms / peer_cpu_ms,
                 o.metric, o.score, row["score"].get<double>());
    }
    fmt::print("{:<28} {:<31} {:>9.1f} {:>10.1f} {:>9.1f} {:>10.1f} {:>5.2f}x\n", "total", "", ours_total, peer_total,
               ours_cpu, peer_cpu, ours_cpu / peer_cpu);
    fmt::print("(ratio = mlTrainer CPU time / scikit-learn CPU time, robust to other load: below 1 is faster.\n"
               " mlTrainer's time is its whole fold pipeline -- scaling, fit, predict and every metric --\n"
               " scikit-learn's is scale, fit, predict, score. Boosting is XGBoost vs HistGradientBoosting,\n"
               " the random forest XGBoost's vs scikit-learn's.)\n\n");
    state.counters["ours_ms"] = ours_total;
    state.counters["sklearn_ms"] = peer_total;
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ModelsVsSklearnDow30)->Unit(benchmark::kMillisecond)->Iterations(1);

// Building the registry table from its declarations, every time (the
// product builds it once, at start-up).
void BM_BuildModelRegistry(benchmark::State& state) {
  for (auto _ : state) {
    auto table = build_model_specs();
    benchmark::DoNotOptimize(table.data());
  }
  state.counters["models"] = static_cast<double>(model_specs().size());
}
BENCHMARK(BM_BuildModelRegistry)->Unit(benchmark::kMicrosecond);

// Registering the ml actions, including one train.<id> action per model.
void BM_RegisterEveryModelAction(benchmark::State& state) {
  (void)model_specs();  // the table itself is built once per process
  for (auto _ : state) {
    ActionRegistry registry;
    register_ml_actions(registry);
    benchmark::DoNotOptimize(registry);
  }
  state.counters["models"] = static_cast<double>(model_specs().size());
}
BENCHMARK(BM_RegisterEveryModelAction)->Unit(benchmark::kMicrosecond);

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // kB on Linux
}

// ml.compare of every registered model of each task on one Dow-30 stock
// (IBM closes 1991-2000, standard features, 3 folds), two workers.
void BM_EveryModelLeaderboardDow30(benchmark::State& state) {
  for (auto _ : state) {
    fmt::print("\nEvery registered model, leaderboards on IBM (Dow-30 file), 3 expanding folds, 2 workers\n");
    fmt::print("{:<15} {:>7} {:>7} {:>9} {:>12} {:>14}\n", "task", "models", "failed", "best", "minutes",
               "peak RSS MiB");
    for (const char* target : {"direction", "return", "regime"}) {
      CompareSpec cs;
      cs.base.target = target;
      cs.base.column = "IBM";
      cs.base.folds = 3;
      cs.workers = 2;
      const TrainingSet set = build_training_set(dow30(), cs.base);
      const auto t0 = std::chrono::steady_clock::now();
      const Json board = compare_on_set(set, cs);
      const Json& best = board["rows"][0];
      fmt::print("{:<15} {:>7} {:>7} {:>9} {:>12.1f} {:>14.0f}\n", board["task"].get<std::string>(),
                 board["rows"].size(), board["n_failed"].get<int>(), best["model"].get<std::string>(),
                 wall_ms(t0) / 60000.0, peak_rss_mib());
    }
    fmt::print("(peak RSS of the whole benchmark process so far; goal: under 2048 MiB)\n\n");
    state.counters["peak_rss_mib"] = peak_rss_mib();
  }
}
BENCHMARK(BM_EveryModelLeaderboardDow30)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace mlt
