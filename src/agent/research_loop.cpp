#include "agent/research_loop.h"

#include <fmt/format.h>

#include <chrono>

#include "agent/planner.h"
#include "core/error.h"
#include "trials/runtime.h"

namespace mlt::agent {
namespace {

using Clock = std::chrono::steady_clock;

// Higher is better for every metric read here.
std::optional<std::pair<std::string, double>> headline(const Json& metrics) {
  for (const char* m : {"auc", "ic", "accuracy", "r2"})
    if (metrics.contains(m) && metrics[m].is_object() && metrics[m].value("mean", Json()).is_number())
      return std::pair{std::string(m), metrics[m]["mean"].get<double>()};
  return std::nullopt;
}

struct Runner {
  Runtime& rt;
  const ResearchBudget& budget;
  const SessionEvents& ev;
  const std::string& actor;
  Clock::time_point deadline;
  std::string stop;

  bool out_of_budget(std::size_t steps) {
    if (ev.cancelled && ev.cancelled()) stop = "cancelled";
    else if (static_cast<int>(steps) >= budget.max_steps) stop = "max_steps";
    else if (Clock::now() > deadline) stop = "wall_time";
    return !stop.empty();
  }

  ResearchStep run(const std::string& action, const Json& args) {
    ResearchStep s{action, args, std::nullopt, "error", "", "", std::nullopt};
    if (ev.on_action) ev.on_action(action, args);
    try {
      const CallOutcome out = rt.call(action, args, actor);
      if (!out.allowed) {
        s.state = "denied";
        return s;
      }
      Json result = out.result;
      if (out.trial_id) {
        s.trial_id = out.trial_id;
        std::int64_t last = 0;
        bool cancel_sent = false;
        while (true) {
          for (const auto& e : rt.trials().events(*out.trial_id, last)) {
            last = e.id;
            if (ev.on_progress) ev.on_progress(*out.trial_id, e.fraction, e.message);
          }
          const TrialRecord rec = rt.trials().get(*out.trial_id);
          if (is_terminal(rec.state)) {
            s.state = std::string(state_name(rec.state));
            result = rec.result;
            break;
          }
          if (!cancel_sent && ((ev.cancelled && ev.cancelled()) || Clock::now() > deadline)) {
            cancel_sent = true;
            try {
              rt.trials().cancel(*out.trial_id);
            } catch (const Error&) {
            }
          }
          rt.trials().wait_for_event(*out.trial_id, last, 250);
        }
      } else {
        s.state = "succeeded";
      }
      if (result.is_object() && result.contains("rows") && result["rows"].is_array() && !result["rows"].empty()) {
        const Json& best = result["rows"][0];
        s.model = best.value("model", "");
        s.metric = result.value("metric", "");
        if (best.value("mean", Json()).is_number()) s.score = best["mean"].get<double>();
      } else if (result.is_object() && result.contains("metrics")) {
        s.model = result.value("model", action.rfind("train.", 0) == 0 ? action.substr(6) : "");
        if (auto h = headline(result["metrics"])) s.metric = h->first, s.score = h->second;
      }
    } catch (const Error& e) {
      s.state = "error";
      if (ev.on_notice) ev.on_notice(fmt::format("{} failed: {}", action, e.message()));
    }
    if (ev.on_outcome) ev.on_outcome(action, s.to_json());
    return s;
  }
};

}  // namespace

Json ResearchStep::to_json() const {
  Json j{{"action", action}, {"args", args}, {"state", state}, {"model", model}, {"metric", metric}};
  if (trial_id) j["trial_id"] = *trial_id;
  if (score) j["score"] = *score;
  return j;
}

Json ResearchReport::to_json() const {
  Json s = Json::array();
  for (const auto& st : steps) s.push_back(st.to_json());
  return {{"objective", objective}, {"steps", s}, {"stopped_by", stopped_by}, {"summary", summary}};
}

ResearchReport run_research(Runtime& rt, const std::string& objective, const ResearchBudget& budget,
                            const SessionEvents& ev, const std::string& actor) {
  ResearchReport report;
  report.objective = objective;
  Runner runner{rt, budget, ev, actor, Clock::now() + std::chrono::milliseconds(budget.max_wall_ms), ""};
  ActionContext ctx{rt.store(), rt.env(), rt.config(), actor, std::nullopt, {}, {}};
  PlannerContext pc;
  pc.datasets = datasets_from_list(rt.registry().get("data.list").run(Json::object(), ctx));
  // "Find the best model" means: compare models, whatever verb the objective used.
  const Plan plan = OfflinePlanner(rt.registry()).plan("compare models: " + objective, pc);
  if (plan.question) {
    report.stopped_by = "question";
    report.summary = *plan.question;
    return report;
  }
  // Step 1: the plan itself (a comparison, or trainings + results).
  for (const auto& a : plan.actions) {
    if (runner.out_of_budget(report.steps.size())) break;
    report.steps.push_back(runner.run(a.action, a.args));
  }
  // Step 2: the best model so far at the other standard horizons.
  const ResearchStep* best = nullptr;
  for (const auto& s : report.steps)
    if (s.score && (!best || *s.score > *best->score)) best = &s;
  if (best && !best->model.empty() && rt.registry().contains("train." + best->model) && runner.stop.empty()) {
    const Json base = best->args;
    const int h0 = base.value("horizon", 1);
    const std::string model = best->model;
    for (int h : {1, 5, 21}) {
      if (h == h0) continue;
      if (runner.out_of_budget(report.steps.size())) break;
      Json args = Json::object();
      for (const char* k : {"dataset", "column", "folds", "target"})
        if (base.contains(k)) args[k] = base[k];
      args["horizon"] = h;
      try {
        rt.registry().validate("train." + model, args);
      } catch (const Error&) {
        args.erase("target");
      }
      report.steps.push_back(runner.run("train." + model, args));
    }
  }
  if (report.stopped_by.empty()) report.stopped_by = runner.stop.empty() ? "done" : runner.stop;

  std::string s = fmt::format("Objective: {}\n", objective);
  best = nullptr;
  for (const auto& st : report.steps)
    if (st.score && (!best || *st.score > *best->score)) best = &st;
  if (best)
    s += fmt::format("Best: {} on {} at horizon {} — {} {:.4f} (trial #{}).\n", best->model,
                     best->args.value("dataset", "?"), best->args.value("horizon", 1), best->metric, *best->score,
                     best->trial_id.value_or(0));
  else
    s += "No step produced a comparable metric.\n";
  s += "Steps:\n";
  for (const auto& st : report.steps)
    s += fmt::format("- {} {}: {}{}{}\n", st.action, st.args.dump(), st.state,
                     st.trial_id ? fmt::format(" (trial #{})", *st.trial_id) : "",
                     st.score ? fmt::format(", {} {} {:.4f}", st.model, st.metric, *st.score) : "");
  s += fmt::format("Stopped: {} ({} of {} steps).", report.stopped_by, report.steps.size(), budget.max_steps);
  report.summary = s;
  rt.audit().append({actor, "research.summary", Json{{"objective", objective}}, Json{{"allowed", true}, {"rule", "all"}},
                     Json{{"steps", report.steps.size()}, {"stopped_by", report.stopped_by}}});
  if (ev.on_text) ev.on_text(report.summary);
  return report;
}

}  // namespace mlt::agent
