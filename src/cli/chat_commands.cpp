// `mltrainer plan "TEXT"` (the offline planner's plan as JSON, runs nothing)
// and `mltrainer chat` (terminal chat: streaming replies, trial progress
// bars, /research /goal /trials /memory /provider /help /quit; reads stdin
// line by line, so it is scriptable; Ctrl-C cancels the current step or
// research loop, and leaves when nothing is running).
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "agent/planner.h"
#include "agent/research_loop.h"
#include "agent/session.h"
#include "cli/cli_app.h"
#include "cli/text_output.h"
#include "core/error.h"
#include "goals/goal_store.h"
#include "memory/memory_store.h"

namespace mlt::cli {
namespace {

std::atomic<bool> g_busy{false}, g_interrupted{false};

extern "C" void on_sigint(int) {
  if (!g_busy.load()) {
    const char msg[] = "\n";
    (void)!write(STDERR_FILENO, msg, 1);
    _exit(130);
  }
  g_interrupted.store(true);
}

agent::PlannerContext planner_context(Runtime& rt) {
  ActionContext ctx{rt.store(), rt.env(), rt.config(), "cli", std::nullopt, {}, {}};
  agent::PlannerContext pc;
  pc.datasets = agent::datasets_from_list(rt.registry().get("data.list").run(Json::object(), ctx));
  pc.today = format_date(rt.env().now());
  return pc;
}

std::unique_ptr<agent::Provider> provider_or_offline(const std::string& name, const Config& config) {
  try {
    return agent::make_provider(name, config);
  } catch (const Error& e) {
    std::cerr << fmt::format("{} — using the offline planner. {}\n", e.message(), e.hint());
    return nullptr;
  }
}

void slash_command(const std::string& line, agent::Session& session, Runtime& rt) {
  const auto sp = line.find(' ');
  const std::string cmd = line.substr(0, sp), arg = sp == std::string::npos ? "" : line.substr(sp + 1);
  if (cmd == "/goal") {
    goals::GoalStore goals(rt.store(), rt.env());
    if (!arg.empty()) {
      const auto out = rt.call("goals.set", {{"text", arg}}, "cli");
      if (!out.allowed) std::cout << "refused: " << out.decision.value("reason", "") << "\n";
    }
    const auto g = goals.active();
    std::cout << (g ? fmt::format("goal #{}: {}\nconstraints: {}\n", g->id, g->text, g->constraints.to_json().dump())
                    : std::string("no goal set (/goal TEXT sets one)\n"));
  } else if (cmd == "/trials") {
    print_generic(rt.call("trials.list", {{"limit", 10}}, "cli").result);
  } else if (cmd == "/memory") {
    if (arg.empty()) print_generic(rt.call("memory.topics", {{"limit", 20}}, "cli").result);
    else
      for (const auto& h : rt.call("memory.search", {{"query", arg}, {"limit", 5}}, "cli").result["hits"])
        std::cout << fmt::format("#{} {} {}: {}\n", h["id"].get<long long>(), h["ts"].get<std::string>(),
                                 h["role"].get<std::string>(), h["snippet"].get<std::string>());
  } else if (cmd == "/provider") {
    if (!arg.empty()) session.set_provider(provider_or_offline(arg, rt.config()));
    std::cout << "provider: " << session.provider_name() << "\n";
  } else if (cmd == "/help") {
    std::cout << "/research OBJECTIVE  run the autonomous research loop (budget shown live; Ctrl-C stops it)\n"
                 "/goal [TEXT]  show or set the goal\n/trials  recent trials\n/memory [QUERY]  topics, or search\n"
                 "/provider [offline|anthropic|openai]\n/quit\nAnything else is a request, e.g. "
                 "\"train xgboost on the S&P 500 to predict next-day direction\".\n";
  } else {
    std::cout << "unknown command " << cmd << " (/help lists them)\n";
  }
}

// What the terminal shows of a turn or a research loop. `budget` is the
// research loop's usage line, repeated after each progress bar.
struct TerminalEvents {
  bool bar = false;
  std::string budget;
  double fraction = 0;
  std::string label;
  int printed_steps = -1;

  void draw_bar() {
    std::cerr << "\r" << progress_bar(fraction, label, budget.empty() ? 72 : 44)
              << (budget.empty() ? "" : " · " + budget) << std::flush;
    bar = true;
  }

  void end_bar() {
    if (bar) std::cerr << "\n" << std::flush;
    bar = false;
  }
  agent::SessionEvents events() {
    return {.on_text =
                [this](std::string_view t) {
                  end_bar();  // end the progress line first
                  std::cout << t << std::flush;
                },
            .on_action = [this](const std::string& a, const Json& args) {
              end_bar();
              std::cout << fmt::format("\n  ▶ {} {}", a, args.dump()) << std::flush;
            },
            .on_outcome = [](const std::string&, const Json& o) {
              if (o.contains("error") && o["error"].is_object())
                std::cout << fmt::format("\n  ✗ {}", o["error"].value("message", ""));
              else if (!o.value("allowed", true))
                std::cout << fmt::format("\n  ✗ denied: {}", o["decision"].value("reason", ""));
              else if (o.contains("trial") && o["trial"].is_object())
                std::cout << fmt::format("\n  ⏳ trial #{}", o["trial"]["id"].get<long long>());
              else if (o.contains("state"))  // a research step
                std::cout << fmt::format("\n  {} {}{}{}", o["state"] == "succeeded" ? "✓" : "✗",
                                         o["state"].get<std::string>(),
                                         o.contains("trial_id") ? fmt::format(" trial #{}", o["trial_id"].get<long long>()) : "",
                                         o.contains("score") ? fmt::format(" · {} {} {:.4f}", o.value("model", ""),
                                                                           o.value("metric", ""), o["score"].get<double>())
                                                             : "");
              std::cout << std::flush;
            },
            .on_progress = [this](std::int64_t id, double p, const std::string& m) {
              fraction = p;
              label = fmt::format("#{} {}", id, m);
              draw_bar();
            },
            .on_notice = [](const std::string& n) { std::cout << "\n[" << n << "]\n" << std::flush; },
            .cancelled = [] { return g_interrupted.load(); },
            .on_budget = [this](const Json& u) {
              const long long s = u["wall_ms"].get<long long>() / 1000, max_s = u["max_wall_ms"].get<long long>() / 1000;
              budget = fmt::format("step {}/{} · {}:{:02}/{}:{:02} · tokens {}/{}", u["steps"].get<int>(),
                                   u["max_steps"].get<int>(), s / 60, s % 60, max_s / 60, max_s % 60,
                                   u["tokens"].get<long long>(), u["max_tokens"].get<long long>());
              // While a trial runs the bar carries the budget; between steps it gets its own line.
              if (bar) {
                draw_bar();
              } else if (u["steps"].get<int>() != printed_steps) {
                printed_steps = u["steps"].get<int>();
                std::cerr << "\n[" << budget << "]" << std::flush;
              }
            }};
  }
};

}  // namespace

void add_chat_commands(CLI::App& cli, App& app) {
  static std::string text;
  auto* plan = cli.add_subcommand("plan", "Show the actions the offline planner would run for TEXT (runs nothing)");
  plan->add_option("text", text, "What you want, in words")->required();
  plan->callback([&app] {
    Runtime& rt = app.runtime();
    const agent::OfflinePlanner planner(rt.registry());
    std::cout << planner.plan(text, planner_context(rt)).to_json().dump(2) << "\n";
  });

  static std::string provider_name = "offline";
  static std::int64_t conversation = 0;
  auto* chat = cli.add_subcommand("chat", "Talk to the assistant in the terminal (reads stdin line by line)");
  chat->add_option("--provider", provider_name, "offline, anthropic or openai")
      ->check(CLI::IsMember({"offline", "anthropic", "claude", "openai", "ollama"}));
  chat->add_option("--conversation", conversation, "Resume a conversation by id");
  chat->callback([&app] {
    Runtime& rt = app.runtime();
    try {
      rt.start_workers();
    } catch (const Error&) {
      std::cerr << "a server owns this store: it runs the trials, and this chat follows them\n";
    }
    agent::Session session(rt, provider_or_offline(provider_name, rt.config()), {},
                           conversation > 0 ? std::optional(conversation) : std::nullopt);
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    const bool tty = isatty(STDIN_FILENO) != 0;
    std::cerr << fmt::format("mlTrainer chat · conversation {} · provider {} · /help for commands\n",
                             session.conversation_id(), session.provider_name());
    goals::GoalStore goals(rt.store(), rt.env());
    if (auto g = goals.active()) std::cerr << "goal: " << g->text << "\n";
    std::string line;
    while (true) {
      if (tty) std::cout << "> " << std::flush;
      if (!std::getline(std::cin, line)) break;
      if (line == "/quit" || line == "/exit") break;
      if (line.empty()) continue;
      try {
        const bool research_command = line == "/research" || line.rfind("/research ", 0) == 0;
        if (line[0] == '/' && !research_command) {
          slash_command(line, session, rt);
          continue;
        }
        g_interrupted = false;
        g_busy = true;
        TerminalEvents term;
        if (research_command) {
          const auto objective = agent::research_objective(line);
          if (!objective) {
            g_busy = false;
            std::cout << "usage: /research OBJECTIVE, e.g. /research find the best model for next-day AAPL direction\n";
            continue;
          }
          const agent::ResearchReport r = session.research(*objective, agent::ResearchBudget{}, term.events());
          g_busy = false;
          term.end_bar();
          std::cout << fmt::format("\n[research stopped: {}]\n", agent::stop_reason_text(r.stopped_by));
          continue;
        }
        const auto report = session.send(line, term.events());
        g_busy = false;
        term.end_bar();
        if (report.cancelled) std::cout << "\n[cancelled]";
        std::cout << "\n";
      } catch (const Error& e) {
        g_busy = false;
        std::cout << fmt::format("\nerror: {}{}\n", e.message(), e.hint().empty() ? "" : " (" + e.hint() + ")");
      }
    }
  });
}

}  // namespace mlt::cli
