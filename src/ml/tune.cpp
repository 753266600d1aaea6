#include "ml/tune.h"
#include "ml/panel_training.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include "core/error.h"
#include "core/time.h"
#include "ml/fold_metrics.h"
#include "ml/model_artifact.h"
#include "ml/model_registry.h"
#include "ml/search_space.h"

namespace mlt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Candidate {
  Json params;                     // the searched keys only
  std::vector<double> fold_score;  // mean inner score per outer fold (NaN: failed or undefined)
  Json error;                      // the first failure, or null
  int times_chosen = 0;
};

Json error_json(const Error& e) {
  return Json{{"kind", std::string(kind_name(e.kind()))}, {"message", e.what()}, {"hint", e.hint()}};
}

double number_or_nan(const Json& v) {
  return v.is_number() ? v.get<double>() : kNaN;
}

double summary_mean(const Json& result, const std::string& metric) {
  const Json& m = result.at("metrics");
  return m.contains(metric) ? number_or_nan(m.at(metric).at("mean")) : kNaN;
}

Json merged(const Json& fixed, const Json& searched) {
  Json out = fixed.is_object() ? fixed : Json::object();
  for (const auto& [k, v] : searched.items()) out[k] = v;
  return out;
}

// Runs one fit; an Error other than cancellation becomes the returned error.
template <class F>
Json guarded(F&& fit, Json& error) {
  try {
    return fit();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Cancelled) throw;
    error = error_json(e);
  } catch (const std::exception& e) {
    error = Json{{"kind", "internal"}, {"message", e.what()}, {"hint", ""}};
  }
  return nullptr;
}

std::string params_text(const Json& params) {
  std::string out;
  for (const auto& [k, v] : params.items()) out += fmt::format("{}{}={}", out.empty() ? "" : " ", k, v.dump());
  return out.empty() ? "defaults" : out;
}

// Metric names the model's task produces, asked of fold_metrics itself on a
// slice of the real labels, so the list cannot drift from it.
std::vector<std::string> known_metrics(Task task, const TrainingSet& set) {
  const std::size_t n = std::min<std::size_t>(set.direction.size(), 50);
  const auto& y = task == Task::Classification ? set.direction : set.forward_return;
  const std::vector<double> head(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n));
  const std::vector<double> fwd(set.forward_return.begin(),
                                set.forward_return.begin() + static_cast<std::ptrdiff_t>(n));
  std::vector<std::string> out{"icir"};
  const Json sample = fold_metrics(task, head, head, fwd);
  for (const auto& [name, v] : sample.items()) out.push_back(name);
  if (!set.cross_section.empty())  // per-date metrics (ml/cross_section_metrics.h)
    for (const char* name : {"cs_ic", "cs_rank_ic", "cs_icir", "ls_spread", "ls_spread_t"}) out.push_back(name);
  return out;
}

// Mean and sample std of the finite values, as summarize_folds computes them.
Json mean_std(const std::vector<double>& v) {
  return summarize_folds({{"score", v}}).at("score");
}

// null or {} means the model's own space; anything else is parsed (and refused if not an object).
Json resolved_space(const TuneSpec& spec, const ModelSpec& model) {
  return spec.space.is_null() || (spec.space.is_object() && spec.space.empty()) ? default_search_space(model)
                                                                                : spec.space;
}

}  // namespace

std::vector<IndexSplit> inner_splits(const IndexSplit& outer, const TuneSpec& spec, const CrossSectionIndex* dates) {
  if (spec.inner_folds < 1)
    throw Error(ErrorKind::InvalidArgument, fmt::format("inner_folds must be >= 1, got {}", spec.inner_folds));
  TrainSpec inner;
  inner.scheme = "expanding";
  inner.folds = spec.inner_folds;
  inner.horizon = spec.base.horizon;
  // The units the inner splits count: rows, or for a panel the dates of the
  // outer training rows (run r spans outer.train[start[r], start[r + 1])).
  std::vector<std::size_t> start;
  for (std::size_t i = 0; i < outer.train.size(); ++i)
    if (!dates || i == 0 || dates->date[outer.train[i]] != dates->date[outer.train[i - 1]]) start.push_back(i);
  start.push_back(outer.train.size());
  const std::size_t units = start.size() - 1;
  std::vector<IndexSplit> local;
  try {
    local = make_cv_splits(units, inner);
  } catch (const Error& e) {
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("an outer training set of {} {} is too small for {} inner folds: {}", units,
                            dates ? "dates" : "rows", spec.inner_folds, e.what()),
                "use fewer inner_folds or outer folds, or a dataset with more history");
  }
  // Local units map monotonically onto the outer training rows (dates), so a
  // gap of `horizon` local units is at least `horizon` of the full set.
  const auto expand = [&](const std::vector<std::size_t>& units_in) {
    std::vector<std::size_t> rows;
    for (std::size_t u : units_in)
      for (std::size_t i = start[u]; i < start[u + 1]; ++i) rows.push_back(outer.train[i]);
    return rows;
  };
  for (auto& s : local) s = {expand(s.train), expand(s.test)};
  return local;
}

std::vector<Json> tune_candidates(const TuneSpec& spec) {
  const ModelSpec& model = find_model_spec(spec.base.model);
  const auto dims = parse_search_space(model, resolved_space(spec, model));
  if (spec.max_candidates < 1)
    throw Error(ErrorKind::InvalidArgument, fmt::format("max_candidates must be >= 1, got {}", spec.max_candidates));
  const auto cap = static_cast<std::size_t>(spec.max_candidates);
  if (spec.method == "grid") return grid_candidates(dims, cap);
  if (spec.method == "random") {
    if (spec.n_iter < 1 || spec.n_iter > spec.max_candidates)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("n_iter must be in [1, max_candidates = {}], got {}", spec.max_candidates, spec.n_iter),
                  "lower n_iter or raise max_candidates");
    return random_candidates(dims, static_cast<std::size_t>(spec.n_iter), spec.base.seed);
  }
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown search method '{}'", spec.method), "use grid or random");
}

Json tune_on_set(const TrainingSet& set, const TuneSpec& spec, const TrainCallbacks& cb) {
  const auto started = std::chrono::steady_clock::now();
  const ModelSpec& model = find_model_spec(spec.base.model);
  const Task task = task_for_target(spec.base.target);
  if (model.task != task)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("model '{}' does {}, but target '{}' needs {}", model.id, task_name(model.task),
                            spec.base.target, task_name(task)),
                fmt::format("use target '{}' with '{}', or a {} model (see ml.models)", default_target(model.task),
                            model.id, task_name(task)));
  // Regimes have no label to select by.
  if (task == Task::Clustering)
    throw Error(ErrorKind::InvalidArgument, "ml.tune searches classifiers and regressors, not clustering models",
                "compare clustering settings with ml.compare");
  effective_params(model, spec.base.params);  // bad fixed params fail here, not on every row
  // A stacked panel is split by date, outer and inner: no date on both sides.
  const CrossSectionIndex* dates = set.cross_section.empty() ? nullptr : &set.cross_section;
  const auto outer = dates ? make_date_splits(*dates, spec.base) : make_cv_splits(set.X.rows(), spec.base);
  const std::string metric = !spec.metric.empty() ? spec.metric : task == Task::Classification ? "auc" : "ic";
  const auto known = known_metrics(task, set);
  if (std::find(known.begin(), known.end(), metric) == known.end())
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown {} metric '{}'", task_name(task), metric),
                fmt::format("use one of: {}", fmt::join(known, ", ")));
  if (spec.inner_folds < 1)
    throw Error(ErrorKind::InvalidArgument, fmt::format("inner_folds must be >= 1, got {}", spec.inner_folds));
  const bool higher = metric_higher_is_better(metric);
  const auto better = [higher](double a, double b) {
    return std::isfinite(a) && (!std::isfinite(b) || (higher ? a > b : a < b));
  };

  const std::vector<Json> params = tune_candidates(spec);
  std::vector<std::vector<IndexSplit>> inner;
  for (const auto& s : outer) inner.push_back(inner_splits(s, spec, dates));

  std::vector<Candidate> cands(params.size());
  for (std::size_t c = 0; c < params.size(); ++c) cands[c].params = params[c];
  const std::size_t steps = outer.size() * (params.size() + 1);
  std::size_t step = 0;
  const auto report = [&](const std::string& message) {
    ++step;
    if (cb.progress) cb.progress(static_cast<double>(step) / static_cast<double>(steps), message);
  };
  TrainCallbacks fit_cb;
  fit_cb.check_cancelled = cb.check_cancelled;

  Json outer_rows = Json::array();
  Json warnings = Json::array();
  std::map<std::string, std::vector<double>> outer_metrics;
  std::vector<double> outer_scores;
  const int n_outer = static_cast<int>(outer.size());
  for (std::size_t k = 0; k < outer.size(); ++k) {
    const int fold = static_cast<int>(k) + 1;
    std::size_t best = params.size();
    for (std::size_t c = 0; c < params.size(); ++c) {
      if (cb.check_cancelled) cb.check_cancelled();
      TrainSpec ts = spec.base;
      ts.params = merged(spec.base.params, params[c]);
      Json error;
      const Json result = guarded([&] { return train_on_splits(set, ts, inner[k], fit_cb); }, error);
      const double score = result.is_null() ? kNaN : summary_mean(result, metric);
      cands[c].fold_score.push_back(score);
      if (!error.is_null() && cands[c].error.is_null()) cands[c].error = error;
      if (better(score, best < params.size() ? cands[best].fold_score[k] : kNaN)) best = c;
      report(fmt::format("fold {}/{} candidate {}/{} ({}): {}", fold, n_outer, c + 1, params.size(),
                         params_text(params[c]),
                         !error.is_null()       ? "failed: " + error.value("message", std::string())
                         : std::isfinite(score) ? fmt::format("inner {} {:.4f}", metric, score)
                                                : "inner " + metric + " n/a"));
    }
    const IndexSplit& s = outer[k];
    Json row{{"fold", fold},
             {"train", Json::array({format_date(set.X.ts[s.train.front()]), format_date(set.X.ts[s.train.back()])})},
             {"test", Json::array({format_date(set.X.ts[s.test.front()]), format_date(set.X.ts[s.test.back()])})},
             {"n_train", s.train.size()},
             {"n_test", s.test.size()}};
    if (best == params.size()) {
      row["error"] = Json{{"kind", "invalid_argument"},
                          {"message", "no candidate produced a finite inner score in this fold"},
                          {"hint", "see the candidates' errors; widen the space or use another metric"}};
      outer_scores.push_back(kNaN);
      report(fmt::format("fold {}/{}: no usable candidate", fold, n_outer));
      outer_rows.push_back(row);
      continue;
    }
    ++cands[best].times_chosen;
    row["candidate"] = best + 1;
    row["setting"] = params_text(params[best]);
    row["params"] = params[best];
    row["inner_score"] = cands[best].fold_score[k];
    if (cb.check_cancelled) cb.check_cancelled();
    TrainSpec ts = spec.base;
    ts.params = merged(spec.base.params, params[best]);
    Json error;
    // The outer test fold is touched here only, by the chosen parameters.
    const Json result = guarded([&] { return train_on_splits(set, ts, {s}, fit_cb); }, error);
    if (result.is_null()) {
      row["error"] = error;
      outer_scores.push_back(kNaN);
    } else {
      const Json& m = result.at("folds").at(0).at("metrics");
      for (const auto& [name, v] : m.items()) outer_metrics[name].push_back(number_or_nan(v));
      row["metrics"] = m;
      row["score"] = m.contains(metric) ? m.at(metric) : Json(nullptr);
      outer_scores.push_back(number_or_nan(row["score"]));
      for (const auto& w : result.at("warnings")) warnings.push_back(w);
    }
    report(fmt::format("fold {}/{}: chose candidate {} ({}), outer {} {}", fold, n_outer, best + 1,
                       params_text(params[best]), metric,
                       std::isfinite(outer_scores.back()) ? fmt::format("{:.4f}", outer_scores.back()) : "n/a"));
    outer_rows.push_back(row);
  }

  // The table: best mean inner score first; candidates that failed anywhere last.
  std::vector<Json> summaries(cands.size());
  for (std::size_t c = 0; c < cands.size(); ++c) summaries[c] = mean_std(cands[c].fold_score);
  std::vector<std::size_t> order(cands.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto mean_of = [&](std::size_t c) { return number_or_nan(summaries[c]["mean"]); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool fa = cands[a].error.is_null(), fb = cands[b].error.is_null();
    if (fa != fb) return fa;
    return better(mean_of(a), mean_of(b));
  });
  Json table = Json::array();
  int rank = 0, n_ok = 0;
  for (std::size_t c : order) {
    const bool ok = cands[c].error.is_null();
    n_ok += ok ? 1 : 0;
    Json scores = Json::array();
    for (double v : cands[c].fold_score) scores.push_back(std::isfinite(v) ? Json(v) : Json(nullptr));
    // `setting` is the text form of params, so a terminal table can show it.
    Json row{{"rank", ++rank},
             {"candidate", c + 1},
             {"setting", params_text(cands[c].params)},
             {"params", cands[c].params},
             {"status", ok ? "ok" : "failed"},
             {"mean", summaries[c]["mean"]},
             {"std", summaries[c]["std"]},
             {"fold_scores", scores},
             {"times_chosen", cands[c].times_chosen}};
    if (!ok) row["error"] = cands[c].error;
    table.push_back(row);
  }
  Json recommended = nullptr;
  if (!order.empty() && cands[order[0]].error.is_null() && std::isfinite(mean_of(order[0]))) {
    const std::size_t c = order[0];
    recommended = Json{{"candidate", c + 1},
                       {"params", effective_params(model, merged(spec.base.params, params[c]))},
                       {"mean", summaries[c]["mean"]},
                       {"std", summaries[c]["std"]}};
  } else {
    warnings.push_back("no candidate scored on every fold: nothing to recommend");
  }
  Json most_chosen = nullptr;
  std::size_t top = cands.size();
  for (std::size_t c = 0; c < cands.size(); ++c)
    if (cands[c].times_chosen > 0 && (top == cands.size() || cands[c].times_chosen > cands[top].times_chosen)) top = c;
  if (top < cands.size())
    most_chosen = Json{{"candidate", top + 1}, {"params", params[top]}, {"times", cands[top].times_chosen}};

  Json space = Json::object();
  for (const auto& d : parse_search_space(model, resolved_space(spec, model))) space[d.name] = d.to_json();
  // Over outer folds like ml.train's summary, so icir is defined here too.
  const Json outer_summary = summarize_folds(outer_metrics);
  const Json outer_score = outer_summary.contains(metric) && !outer_summary.at(metric).is_null()
                               ? outer_summary.at(metric)
                               : Json{{"mean", nullptr}, {"std", nullptr}};
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return Json{{"model", model.id},
              {"task", task_name(task)},
              {"method", spec.method},
              {"metric", metric},
              {"higher_is_better", higher},
              {"target", spec.base.target},
              {"horizon", spec.base.horizon},
              {"scheme", spec.base.scheme},
              {"folds", outer.size()},
              {"inner_folds", spec.inner_folds},
              {"seed", spec.base.seed},
              {"fixed_params", spec.base.params},
              {"space", space},
              {"n_candidates", params.size()},
              {"candidates", table},
              {"outer_folds", outer_rows},
              {"outer", outer_score},
              {"outer_metrics", outer_summary},
              {"most_chosen", most_chosen},
              {"recommended", recommended},
              {"n_ok", n_ok},
              {"n_failed", static_cast<int>(cands.size()) - n_ok},
              {"feature_set", spec.base.features.describe()},
              {"n_rows", set.X.rows()},
              {"warnings", warnings},
              {"duration_ms", ms}};
}

}  // namespace mlt
