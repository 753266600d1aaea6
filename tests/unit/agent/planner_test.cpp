// The planner against tests/unit/agent/planner_cases.tsv: each line is a
// phrasing and the exact actions (with key arguments) it must produce, or
// "? words" for the clarifying question it must ask instead.
#include "agent/planner.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "planner_fixture.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

std::string value_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + value_text(x);
    return s;
  }
  if (v.is_number()) return fmt::format("{}", v.get<double>());
  return v.dump();
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  return s;
}

// "train.x dataset=sp500_daily horizon=1 | ml.results" → checks, one per action.
std::string check(const agent::Plan& plan, const std::string& expected) {
  if (expected.rfind("?", 0) == 0) {
    if (!plan.question) return "expected a question, got " + plan.to_json().dump();
    std::istringstream words(expected.substr(1));
    std::string w;
    while (words >> w)
      if (plan.question->find(w) == std::string::npos) return "question lacks '" + w + "': " + *plan.question;
    return {};
  }
  if (plan.question) return "unexpected question: " + *plan.question;
  if (expected == "-") return plan.actions.empty() ? std::string() : "expected no actions: " + plan.to_json().dump();
  std::vector<std::string> parts;
  std::stringstream ss(expected);
  std::string part;
  while (std::getline(ss, part, '|')) parts.push_back(trim(part));
  if (parts.size() != plan.actions.size())
    return "expected " + std::to_string(parts.size()) + " actions, got " + plan.to_json()["actions"].dump();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::istringstream in(parts[i]);
    std::string name, kv;
    in >> name;
    if (plan.actions[i].action != name) return "action " + std::to_string(i) + ": expected " + name + ", got " +
                                                   plan.to_json()["actions"].dump();
    while (in >> kv) {
      const Json& args = plan.actions[i].args;
      if (const auto tilde = kv.find('~'); tilde != std::string::npos) {  // k~word: the value contains word
        const std::string k = kv.substr(0, tilde), w = kv.substr(tilde + 1);
        if (!args.contains(k) || value_text(args[k]).find(w) == std::string::npos)
          return name + ": expected " + k + " to contain " + w + ", got " + args.dump();
        continue;
      }
      const auto eq = kv.find('=');
      const std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
      if (v == "-") {
        if (args.contains(k)) return name + " must not have " + k + ": " + args.dump();
        continue;
      }
      if (!args.contains(k) || value_text(args[k]) != v)
        return name + ": expected " + k + "=" + v + ", got " + args.dump();
    }
  }
  return {};
}

TEST(Planner, TableOfPhrasings) {
  auto registry = test::planner_registry(true);
  agent::OfflinePlanner planner(*registry);
  auto ctx = test::bundled_context();
  ctx.today = "2024-06-28";  // fixed, so open ranges ("since 2015") plan the same every day
  std::ifstream in(test::source_dir() / "tests/unit/agent/planner_cases.tsv");
  ASSERT_TRUE(in) << "planner_cases.tsv missing";
  std::string line;
  int cases = 0, failures = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string text = line.substr(0, tab), expected = trim(line.substr(tab + 1));
    ++cases;
    const std::string problem = check(planner.plan(text, ctx), expected);
    if (!problem.empty()) {
      ++failures;
      ADD_FAILURE() << "\"" << text << "\": " << problem;
    }
  }
  EXPECT_GE(cases, 150);
  std::cout << cases << " phrasings, " << failures << " failures\n";
}

}  // namespace
}  // namespace mlt
