#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "goals/goal.h"
#include "memory/lexicon.h"

namespace mlt::goals {
namespace {

using memory::TermKind;
using memory::Token;
using memory::TokenKind;

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::optional<double> number(const Token& t) {
  if (t.kind != TokenKind::Number) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
  if (ec != std::errc()) return std::nullopt;
  return v;
}

// The first percentage (or fraction) within a few tokens after i: "under 10%", "of 0.1".
std::optional<double> limit_after(const std::vector<Token>& ts, std::size_t i) {
  for (std::size_t j = i; j < ts.size() && j < i + 6; ++j)
    if (auto v = number(ts[j])) {
      const bool pct = j + 1 < ts.size() && ts[j + 1].text == "%";
      return pct || *v > 1.0 ? *v / 100.0 : *v;
    }
  return std::nullopt;
}

}  // namespace

Json GoalConstraints::to_json() const {
  Json j{{"symbols", symbols}, {"families", families}, {"sources", sources}, {"strict", strict}};
  if (horizon) j["horizon"] = *horizon;
  if (max_drawdown) j["max_drawdown"] = *max_drawdown;
  if (max_volatility) j["max_volatility"] = *max_volatility;
  if (max_var) j["max_var"] = *max_var;
  if (max_weight) j["max_weight"] = *max_weight;
  return j;
}

GoalConstraints GoalConstraints::from_json(const Json& j) {
  GoalConstraints c;
  if (!j.is_object()) return c;
  c.symbols = j.value("symbols", std::vector<std::string>{});
  c.families = j.value("families", std::vector<std::string>{});
  c.sources = j.value("sources", std::vector<std::string>{});
  c.strict = j.value("strict", false);
  if (j.contains("horizon")) c.horizon = j["horizon"].get<int>();
  if (j.contains("max_drawdown")) c.max_drawdown = j["max_drawdown"].get<double>();
  if (j.contains("max_volatility")) c.max_volatility = j["max_volatility"].get<double>();
  if (j.contains("max_var")) c.max_var = j["max_var"].get<double>();
  if (j.contains("max_weight")) c.max_weight = j["max_weight"].get<double>();
  return c;
}

bool GoalConstraints::empty() const {
  return symbols.empty() && families.empty() && sources.empty() && !horizon && !max_drawdown && !max_volatility &&
         !max_var && !max_weight;
}

GoalConstraints parse_goal(std::string_view text) {
  GoalConstraints c;
  const auto ts = memory::tokenize(text);
  const auto& m = memory::domain_matcher();
  for (std::size_t i = 0; i < ts.size();) {
    const std::string& w = ts[i].text;
    if (w == "only" || w == "must" || w == "never" || w == "limit" || w == "exclusively" ||
        (w == "at" && i + 1 < ts.size() && ts[i + 1].text == "most") ||
        (w == "no" && i + 1 < ts.size() && ts[i + 1].text == "more"))
      c.strict = true;
    if (w == "next" && i + 1 < ts.size() && (ts[i + 1].text == "day" || ts[i + 1].text == "-")) c.horizon = 1;
    if (w == "tomorrow") c.horizon = 1;
    if (auto v = number(ts[i]); v && i + 1 < ts.size()) {
      std::size_t j = i + 1;
      if (ts[j].text == "-") ++j;
      if (j < ts.size() && (ts[j].text == "day" || ts[j].text == "days") && *v >= 1 && *v <= 250 &&
          !(j + 1 < ts.size() && (ts[j + 1].text == "momentum" || ts[j + 1].text == "sma")))
        c.horizon = static_cast<int>(*v);
    }
    if (w == "weight" || w == "position" || w == "positions" || w == "concentration")
      if (auto v = limit_after(ts, i + 1)) c.max_weight = v;
    if (auto hit = m.match(ts, i)) {
      if (hit->kind == TermKind::Symbol) add_unique(c.symbols, hit->value);
      else if (hit->kind == TermKind::Family && hit->value != "any") add_unique(c.families, hit->value);
      else if (hit->kind == TermKind::Source) add_unique(c.sources, hit->value);
      else if (hit->kind == TermKind::Concept || hit->kind == TermKind::Metric) {
        if (hit->value == "drawdown" || hit->value == "max_drawdown") {
          if (auto v = limit_after(ts, i + hit->length)) c.max_drawdown = v;
        } else if (hit->value == "volatility") {
          if (auto v = limit_after(ts, i + hit->length)) c.max_volatility = v;
        } else if (hit->value == "value_at_risk") {
          if (auto v = limit_after(ts, i + hit->length)) c.max_var = v;
        }
      }
      i += hit->length;
      continue;
    }
    if (ts[i].kind == TokenKind::Word && (ts[i].dollar || memory::is_known_ticker(ts[i].raw))) add_unique(c.symbols, ts[i].raw);
    ++i;
  }
  return c;
}

}  // namespace mlt::goals
