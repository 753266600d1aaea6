// `mltrainer plan "TEXT"` (the offline planner's plan as JSON, runs nothing)
// and `mltrainer chat` (terminal chat: streaming replies, trial progress
// bars, /goal /trials /memory /provider /help /quit; reads stdin line by
// line, so it is scriptable; Ctrl-C cancels the current step, and leaves
// when nothing is running).
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "agent/planner.h"
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
    std::cout << "/goal [TEXT]  show or set the goal\n/trials  recent trials\n/memory [QUERY]  topics, or search\n"
                 "/provider [offline|anthropic|openai]\n/quit\nAnything else is a request, e.g. "
                 "\"train xgboost on the S&P 500 to predict next-day direction\".\n";
  } else {
    std::cout << "unknown command " << cmd << " (/help lists them)\n";
  }
}

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
        if (line[0] == '/') {
          slash_command(line, session, rt);
          continue;
        }
        g_interrupted = false;
        g_busy = true;
        bool bar = false;
        const auto report = session.send(
            line, {.on_text =
                       [&bar](std::string_view t) {
                         if (bar) std::cerr << "\n" << std::flush;  // end the progress line first
                         bar = false;
                         std::cout << t << std::flush;
                       },
                   .on_action = [](const std::string& a, const Json& args) {
                     std::cout << fmt::format("\n  ▶ {} {}", a, args.dump()) << std::flush;
                   },
                   .on_outcome = [](const std::string&, const Json& o) {
                     if (o.contains("error")) std::cout << fmt::format("\n  ✗ {}", o["error"].value("message", ""));
                     else if (!o.value("allowed", true))
                       std::cout << fmt::format("\n  ✗ denied: {}", o["decision"].value("reason", ""));
                     else if (o.contains("trial")) std::cout << fmt::format("\n  ⏳ trial #{}", o["trial"]["id"].get<long long>());
                     std::cout << std::flush;
                   },
                   .on_progress = [&bar](std::int64_t id, double p, const std::string& m) {
                     std::cerr << "\r" << progress_bar(p, fmt::format("#{} {}", id, m), 72) << std::flush;
                     bar = true;
                   },
                   .on_notice = [](const std::string& n) { std::cout << "\n[" << n << "]\n" << std::flush; },
                   .cancelled = [] { return g_interrupted.load(); }});
        g_busy = false;
        if (bar) std::cerr << "\n";
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
