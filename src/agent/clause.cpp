#include "agent/clause.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace mlt::agent {
namespace {

using memory::Token;
using memory::TokenKind;
using memory::TermKind;

struct IntentName {
  std::string_view name;
  Intent intent;
  int strength;  // when one clause holds several intent words, the strongest wins
};

constexpr IntentName kIntentNames[] = {
    {"import", Intent::Import, 3},        {"list_data", Intent::ListData, 2},    {"describe", Intent::Describe, 2},
    {"show", Intent::Show, 1},            {"fetch", Intent::Fetch, 3},           {"train", Intent::Train, 3},
    {"compare", Intent::Compare, 3},      {"tune", Intent::Tune, 4},             {"predict", Intent::Predict, 3},
    {"backtest", Intent::Backtest, 3},    {"price_option", Intent::PriceOption, 3},
    {"portfolio", Intent::Portfolio, 3},  {"risk", Intent::Risk, 2},             {"trials", Intent::Trials, 2},
    {"show_trial", Intent::ShowTrial, 2}, {"cancel_trial", Intent::CancelTrial, 3},
    {"results", Intent::Results, 2},      {"search_memory", Intent::SearchMemory, 3},
    {"set_goal", Intent::SetGoal, 4},     {"list_goals", Intent::ListGoals, 4}, {"goal_history", Intent::GoalHistory, 4},
    {"analyze", Intent::Analyze, 2},      {"help", Intent::Help, 0},
};

const IntentName* find_intent(std::string_view value) {
  for (const auto& n : kIntentNames)
    if (n.name == value) return &n;
  return nullptr;
}

std::optional<double> number_of(const Token& t) {
  if (t.kind != TokenKind::Number) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
  if (ec != std::errc() || p != t.text.data() + t.text.size()) return std::nullopt;
  return v;
}

std::optional<int> year_of(const Token& t) {
  if (t.kind != TokenKind::Number || t.text.size() != 4) return std::nullopt;
  const auto v = number_of(t);
  if (!v || *v < 1900 || *v > 2100) return std::nullopt;
  return static_cast<int>(*v);
}

bool word_is(const std::vector<Token>& ts, std::size_t i, std::initializer_list<std::string_view> words) {
  if (i >= ts.size()) return false;
  for (auto w : words)
    if (ts[i].text == w) return true;
  return false;
}

// Duration units in bars (trading days) and in years.
std::optional<std::pair<int, double>> unit_of(std::string_view w) {
  if (w == "day" || w == "days" || w == "bar" || w == "bars" || w == "session" || w == "sessions" || w == "d")
    return std::pair{1, 1.0 / 365.0};
  if (w == "week" || w == "weeks" || w == "w") return std::pair{5, 7.0 / 365.0};
  if (w == "month" || w == "months" || w == "m") return std::pair{21, 1.0 / 12.0};
  if (w == "year" || w == "years" || w == "y" || w == "yr" || w == "yrs") return std::pair{252, 1.0};
  return std::nullopt;
}

// Words after "20-day ..." that make the number a look-back, not a horizon.
bool is_lookback_word(std::string_view w) {
  static constexpr std::string_view kWords[] = {"momentum", "sma", "ma", "moving", "average", "window", "lookback",
                                                "volatility", "vol", "rolling", "high", "low", "breakout", "ema",
                                                "rsi", "history", "mean", "channel", "lookback"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

bool is_horizon_follower(std::string_view w) {
  static constexpr std::string_view kWords[] = {"ahead", "forward", "horizon", "direction", "return", "returns",
                                                "move", "moves", "change", "prediction", "predictions", "forecast",
                                                "forecasts", "outlook", "target", "label"};
  return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
}

std::string ymd(int y, int m, int d) { return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d); }

// Reads "Y" or "Y-MM-DD" at i; returns the date and how many tokens it used.
std::optional<std::pair<std::string, std::size_t>> read_date(const std::vector<Token>& ts, std::size_t i, bool end) {
  const auto y = i < ts.size() ? year_of(ts[i]) : std::nullopt;
  if (!y) return std::nullopt;
  if (i + 4 < ts.size() && ts[i + 1].text == "-" && ts[i + 3].text == "-" && ts[i + 2].kind == TokenKind::Number &&
      ts[i + 4].kind == TokenKind::Number && ts[i + 2].text.size() <= 2 && ts[i + 4].text.size() <= 2) {
    const int m = static_cast<int>(*number_of(ts[i + 2])), d = static_cast<int>(*number_of(ts[i + 4]));
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) return std::pair{ymd(*y, m, d), std::size_t{5}};
  }
  return std::pair{end ? ymd(*y, 12, 31) : ymd(*y, 1, 1), std::size_t{1}};
}

// A number after a keyword: "strike 100", "vol = 20%", "rate of 5 %".
std::optional<std::pair<double, std::size_t>> value_after(const std::vector<Token>& ts, std::size_t i) {
  std::size_t j = i;
  while (j < ts.size() && j < i + 3 && word_is(ts, j, {"of", "=", ":", "at", "is", "price", "$", "to"})) ++j;
  if (j >= ts.size()) return std::nullopt;
  auto v = number_of(ts[j]);
  if (!v) return std::nullopt;
  std::size_t used = j - i + 1;
  if (j + 1 < ts.size() && ts[j + 1].text == "%") {
    *v /= 100.0;
    ++used;
  }
  return std::pair{*v, used};
}

std::string join_raw(const std::vector<Token>& ts, std::size_t from) {
  std::string out;
  bool glue_next = false;
  for (std::size_t k = from; k < ts.size(); ++k) {
    const bool glue = glue_next || (ts[k].kind == TokenKind::Punct && ts[k].text != "(");
    if (!out.empty() && !glue) out += ' ';
    out += ts[k].raw;
    glue_next = ts[k].text == "-" || ts[k].text == "(" || ts[k].text == "'";
  }
  return out;
}

void add_unique(std::vector<std::string>& v, std::string s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

}  // namespace

std::string_view intent_name(Intent intent) {
  if (intent == Intent::None) return "none";
  for (const auto& n : kIntentNames)
    if (n.intent == intent) return n.name;
  return "none";
}

std::vector<std::vector<Token>> split_clauses(const std::vector<Token>& tokens) {
  const auto& m = planner_matcher();
  std::vector<std::vector<Token>> out(1);
  // A goal swallows the whole message: its text is the goal, "and" included.
  for (std::size_t i = 0; i < tokens.size() && i < 6; ++i)
    if (auto hit = m.match(tokens, i); hit && hit->kind == TermKind::Intent && hit->value == "set_goal") {
      out[0] = tokens;
      return out;
    }
  auto starts_request = [&](std::size_t j) {
    while (word_is(tokens, j, {"then", "also", "please", "finally", "afterwards", "a", "an", "the", "and", "i", "want",
                               "to", "lets", "let's", "let", "us", "can", "you", "now"}))
      ++j;
    const auto hit = m.match(tokens, j);
    if (!hit || hit->kind != TermKind::Intent) return false;
    const IntentName* n = find_intent(hit->value);
    return (n && n->strength >= 2) || hit->value == "price?" || hit->value == "optimize?" || hit->value == "show";
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    const bool sentence_end = t.kind == TokenKind::Punct && (t.text == "." || t.text == ";" || t.text == "?" ||
                                                             t.text == "!" || t.text == "\n");
    const bool joiner = (t.text == "and" || t.text == "," || t.text == "then" || t.text == "afterwards" ||
                         t.text == "finally" || t.text == "also") &&
                        !word_is(tokens, i > 0 ? i - 1 : tokens.size(), {"to"});
    // "to predict" after "and" is still a purpose: "... and to predict" stays.
    const bool purpose_next = word_is(tokens, i + 1, {"to"}) && t.text == "and";
    if (sentence_end || (joiner && !purpose_next && starts_request(i + 1))) {
      if (!out.back().empty()) out.emplace_back();
      continue;
    }
    out.back().push_back(t);
  }
  if (out.back().empty() && out.size() > 1) out.pop_back();
  return out;
}

Clause read_clause(const std::vector<Token>& ts) {
  const auto& m = planner_matcher();
  Clause c;
  int best_strength = -1;
  std::size_t intent_end = 0;
  bool price_word = false, optimize_word = false, options_context = false, tune_context = false;
  std::vector<std::pair<double, std::pair<int, double>>> durations;  // value, (bars per unit, years per unit)

  auto set_intent = [&](Intent intent, int strength, std::size_t end) {
    if (strength > best_strength) {
      best_strength = strength;
      c.intent = intent;
      intent_end = end;
    }
  };

  for (std::size_t i = 0; i < ts.size();) {
    const Token& t = ts[i];
    // Dates and date ranges.
    if (word_is(ts, i, {"since", "from", "after", "starting", "between"}) && i + 1 < ts.size() && year_of(ts[i + 1])) {
      auto d = read_date(ts, i + 1, false);
      if (t.text == "after" && d->second == 1) d->first = ymd(*year_of(ts[i + 1]) + 1, 1, 1);
      c.start = d->first;
      i += 1 + d->second;
      if (word_is(ts, i, {"to", "until", "through", "-", "and", "till", "thru"}) && i + 1 < ts.size() &&
          year_of(ts[i + 1])) {
        auto e = read_date(ts, i + 1, true);
        c.end = e->first;
        i += 1 + e->second;
      }
      continue;
    }
    if (word_is(ts, i, {"until", "through", "before", "till", "thru", "to"}) && i + 1 < ts.size() &&
        year_of(ts[i + 1])) {
      auto e = read_date(ts, i + 1, true);
      if (t.text == "before" && e->second == 1) e->first = ymd(*year_of(ts[i + 1]) - 1, 12, 31);
      c.end = e->first;
      i += 1 + e->second;
      continue;
    }
    if (word_is(ts, i, {"in", "during", "for"}) && i + 1 < ts.size() && year_of(ts[i + 1]) &&
        !(i + 2 < ts.size() && (ts[i + 2].text == "-" || ts[i + 2].text == "to"))) {
      c.start = ymd(*year_of(ts[i + 1]), 1, 1);
      c.end = ymd(*year_of(ts[i + 1]), 12, 31);
      i += 2;
      continue;
    }
    if (year_of(t)) {
      auto s = read_date(ts, i, false);
      std::size_t j = i + s->second;
      if (word_is(ts, j, {"-", "to", "until", "through", "thru"}) && j + 1 < ts.size() && year_of(ts[j + 1])) {
        auto e = read_date(ts, j + 1, true);
        c.start = s->first;
        c.end = e->first;
        i = j + 1 + e->second;
        continue;
      }
      if (s->second == 5) {  // a lone ISO date reads as a start
        c.start = s->first;
        i = j;
        continue;
      }
    }
    // Numbers with units: horizons, folds, durations, percentages — unless a
    // longer phrase starts here ("10-year treasury").
    const auto num_phrase = t.kind == TokenKind::Number ? m.match(ts, i) : std::nullopt;
    if (auto v = number_of(t); v && !(num_phrase && num_phrase->length > 1)) {
      std::size_t j = i + 1;
      const bool hyphen = word_is(ts, j, {"-"});
      if (hyphen) ++j;
      if (word_is(ts, j, {"fold", "folds"})) {
        c.folds = static_cast<int>(*v);
        i = j + 1;
        continue;
      }
      if (j < ts.size()) {
        if (auto unit = unit_of(ts[j].text)) {
          const bool lookback = j + 1 < ts.size() && is_lookback_word(ts[j + 1].text);
          const bool follower = j + 1 < ts.size() && is_horizon_follower(ts[j + 1].text);
          const bool lead = i > 0 && word_is(ts, i - 1, {"next", "horizon", "in"});
          const bool option_time = options_context || (i > 1 && word_is(ts, i - 2, {"expiring", "expires", "matures"})) ||
                                   (i > 0 && word_is(ts, i - 1, {"expiry", "maturity", "expiring", "expires", "t"})) ||
                                   word_is(ts, j + 1, {"to", "expiry", "maturity", "expiration"});
          if (!lookback && !option_time && (follower || lead || hyphen) && *v >= 1 && *v <= 1000)
            c.horizon = static_cast<int>(*v) * unit->first;
          else if (!lookback)
            durations.push_back({*v, *unit});
          i = j + 1;
          if (follower && word_is(ts, i, {"ahead", "forward"})) ++i;
          continue;
        }
      }
      if (word_is(ts, i + 1, {"%"}) && !c.numbers.contains("confidence") && *v >= 80 && *v < 100) {
        c.numbers["confidence_candidate"] = *v / 100.0;
      }
    }
    if (word_is(ts, i, {"trial", "#", "job"}) && i + 1 < ts.size()) {
      std::size_t j = i + 1;
      if (word_is(ts, j, {"#", "number", "id", "no"})) ++j;
      if (auto v = j < ts.size() ? number_of(ts[j]) : std::nullopt; v && *v >= 1) {
        c.id = static_cast<long long>(*v);
        set_intent(Intent::ShowTrial, 2, j + 1);
        i = j + 1;
        continue;
      }
    }
    if (word_is(ts, i, {"horizon", "h"})) {
      if (auto v = value_after(ts, i + 1); v && v->first >= 1) {
        c.horizon = static_cast<int>(v->first);
        i += 1 + v->second;
        if (i < ts.size() && unit_of(ts[i].text)) c.horizon = *c.horizon * unit_of(ts[i].text)->first, ++i;
        continue;
      }
    }
    // Keyword = number facts for options, risk and portfolios.
    struct Keyed {
      std::initializer_list<std::string_view> words;
      const char* slot;
    };
    static const Keyed kKeyed[] = {
        {{"strike", "k"}, "strike"},
        {{"spot", "s", "underlying", "stock"}, "spot"},
        {{"vol", "volatility", "sigma", "iv"}, "volatility"},
        {{"rate", "r", "interest", "riskfree"}, "rate"},
        {{"dividend", "dividends", "q", "yield"}, "dividend"},
        {{"confidence", "level"}, "confidence"},
        {{"cap", "weight", "weights"}, "max_weight"},
        {{"capital", "notional", "investment"}, "capital"},
        {{"t", "maturity", "expiry", "tenor"}, "maturity"},
    };
    bool keyed = false;
    for (const auto& k : kKeyed)
      if (word_is(ts, i, k.words)) {
        if (auto v = value_after(ts, i + 1)) {
          double value = v->first;
          if ((std::string_view(k.slot) == "volatility" || std::string_view(k.slot) == "rate") && value > 1.0)
            value /= 100.0;  // "vol 20" means 20 %
          if (std::string_view(k.slot) == "confidence" && value > 1.0) value /= 100.0;
          if (std::string_view(k.slot) == "maturity" && i + 1 + v->second < ts.size())
            if (auto unit = unit_of(ts[i + 1 + v->second].text)) {
              value *= unit->second;
              ++i;  // the unit is consumed with the value
            }
          c.numbers[k.slot] = value;
          if (std::string_view(k.slot) != "confidence" && std::string_view(k.slot) != "max_weight" &&
              std::string_view(k.slot) != "capital")
            options_context = options_context || std::string_view(k.slot) == "strike";
          i += 1 + v->second;
          keyed = true;
        }
        break;
      }
    if (keyed) continue;
    // Vintages: the values as first published, so a backtest on date D sees only what was known by D.
    if (word_is(ts, i, {"as"}) && i + 1 < ts.size() && word_is(ts, i + 1, {"published", "reported", "released"})) {
      c.point_in_time = true;
      i += 2;
      continue;
    }
    if (word_is(ts, i, {"vintage", "vintages", "alfred", "pit", "realtime", "point-in-time", "unrevised"}))
      c.point_in_time = true;
    if (word_is(ts, i, {"as", "named", "called"}) && i + 1 < ts.size() && ts[i + 1].kind == TokenKind::Word &&
        !memory::is_stopword(ts[i + 1].text)) {
      c.name = ts[i + 1].raw;
      i += 2;
      continue;
    }
    if (t.kind == TokenKind::Path) {
      c.path = t.raw;
      ++i;
      continue;
    }
    if (word_is(ts, i, {"them", "it", "those", "these", "both", "each", "results", "all"}))
      c.refers_back = c.refers_back || t.text != "results";

    if (auto hit = m.match(ts, i)) {
      switch (hit->kind) {
        case TermKind::Intent: {
          if (hit->value == "price?") price_word = true;
          else if (hit->value == "optimize?") optimize_word = true;
          else if (const IntentName* n = find_intent(hit->value)) {
            const bool purpose = n->intent == Intent::Predict && i > 0 &&
                                 word_is(ts, i - 1, {"to", "for", "and", "that", "which", "can"});
            if (purpose) c.purpose_predict = true;
            else set_intent(n->intent, n->strength, i + hit->length);
            if (n->intent == Intent::Tune) tune_context = true;
            if (n->intent == Intent::PriceOption) options_context = true;
          }
          break;
        }
        case TermKind::Family:
          if (hit->value == "any") c.generic_models = true;
          else add_unique(c.families, hit->value);
          break;
        case TermKind::Symbol: add_unique(c.symbols, hit->value); break;
        case TermKind::Concept:
          add_unique(c.concepts, hit->value);
          if (hit->value == "options" || hit->value == "greeks" || hit->value == "implied_volatility")
            options_context = true;
          break;
        case TermKind::Metric: add_unique(c.metrics, hit->value); break;
        case TermKind::Target: c.target = hit->value; break;
        case TermKind::Strategy: add_unique(c.strategies, hit->value); break;
        case TermKind::Series: add_unique(c.series, hit->value); break;
        case TermKind::Source: add_unique(c.sources, hit->value); break;
        case TermKind::Filler: {
          const auto colon = hit->value.find(':');
          const std::string key = hit->value.substr(0, colon), value = hit->value.substr(colon + 1);
          if (key == "horizon") c.horizon = std::stoi(value);
          else if (key == "option_type" || key == "style" || key == "method") {
            c.numbers[key] = value;
            if (key != "method" || value != "monte_carlo") options_context = true;
          } else if (key == "atm") c.numbers["atm"] = true;
          else c.numbers[key] = value;
          break;
        }
      }
      i += hit->length;
      continue;
    }
    // Tickers written in capitals ("TSLA", "$NVDA") that no phrase claimed.
    if (t.kind == TokenKind::Word && (t.dollar || (t.all_caps && t.raw.size() >= 2 && t.raw.size() <= 6)) &&
        !memory::is_caps_non_ticker(t.raw)) {
      std::string up = t.raw;
      add_unique(c.symbols, up);
    } else if (t.kind == TokenKind::Word && !memory::is_stopword(t.text)) {
      c.unknown_words.push_back(t.text);
    }
    ++i;
  }

  // Ambiguous verbs resolved by what surrounds them.
  if (price_word && (options_context || c.numbers.contains("strike"))) set_intent(Intent::PriceOption, 3, intent_end);
  if (optimize_word) {
    if (tune_context || (!c.families.empty() && !c.concepts.size())) set_intent(Intent::Tune, 4, intent_end);
    else set_intent(Intent::Portfolio, 3, intent_end);
  }
  const bool portfolio_words = std::find(c.concepts.begin(), c.concepts.end(), "portfolio") != c.concepts.end() ||
                               c.numbers.contains("objective");
  if (c.intent == Intent::Train && c.families.empty() && !c.generic_models && portfolio_words) {
    c.intent = Intent::None;
    best_strength = -1;
  }
  if (c.intent == Intent::None || c.intent == Intent::Show) {
    auto has = [&](std::string_view concept_name) {
      return std::find(c.concepts.begin(), c.concepts.end(), concept_name) != c.concepts.end();
    };
    if (!c.sources.empty() && (c.intent == Intent::None) && (!c.series.empty() || !c.symbols.empty()) &&
        std::find(c.sources.begin(), c.sources.end(), "user_file") == c.sources.end())
      set_intent(Intent::Fetch, 3, intent_end);
    else if (options_context && (c.numbers.contains("strike") || c.numbers.contains("spot") || price_word))
      set_intent(Intent::PriceOption, 3, intent_end);
    else if (has("portfolio") || c.numbers.contains("objective")) set_intent(Intent::Portfolio, 3, intent_end);
    else if (has("value_at_risk") || has("expected_shortfall") || has("drawdown") ||
             std::find(c.metrics.begin(), c.metrics.end(), "max_drawdown") != c.metrics.end())
      set_intent(Intent::Risk, 2, intent_end);
  }
  if (c.intent == Intent::Risk && c.numbers.contains("confidence_candidate") && !c.numbers.contains("confidence"))
    c.numbers["confidence"] = c.numbers["confidence_candidate"];
  c.numbers.erase("confidence_candidate");
  if (c.intent == Intent::PriceOption && !durations.empty())
    c.numbers["maturity"] = durations.front().first * durations.front().second.second;
  if (c.intent == Intent::SearchMemory || c.intent == Intent::SetGoal) {
    std::size_t from = intent_end;
    while (from < ts.size() && (word_is(ts, from, {"for", "about", "on", "is", "to", ":", "that", "of", "-", "my",
                                                   "the", "memory", "notes", "set", "a", "new", "what", "we", "did", "do", "find", "found",
                                                   "learn", "learned", "know", "said", "say", "tried", "have",
                                                   "previously", "earlier"})))
      ++from;
    c.rest_text = join_raw(ts, from);
    if (c.intent == Intent::SetGoal && c.rest_text.empty()) c.intent = Intent::ListGoals;
  }
  return c;
}

}  // namespace mlt::agent
