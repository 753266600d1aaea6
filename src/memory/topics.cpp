#include "memory/topics.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "memory/lexicon.h"

namespace mlt::memory {

std::vector<std::string> content_terms(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : tokenize(text)) {
    if (t.kind != TokenKind::Word || t.text.size() < 3 || is_stopword(t.text)) continue;
    if (!std::any_of(t.text.begin(), t.text.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
      continue;
    out.push_back(t.text);
  }
  return out;
}

std::vector<Topic> extract_topics(std::string_view text, const std::function<std::int64_t(const std::string&)>& docs_with,
                                  std::int64_t total_docs, int max_keywords) {
  std::vector<Topic> out;
  auto add = [&](std::string kind, std::string name, double w) {
    for (auto& t : out)
      if (t.kind == kind && t.name == name) return;
    out.push_back(Topic{std::move(kind), std::move(name), w});
  };
  const auto tokens = tokenize(text);
  const PhraseMatcher& m = domain_matcher();
  for (std::size_t i = 0; i < tokens.size();) {
    if (auto hit = m.match(tokens, i)) {
      if (hit->kind == TermKind::Symbol) add("ticker", hit->value, 1.0);
      else if (hit->kind == TermKind::Family && hit->value != "any") add("family", hit->value, 1.0);
      else if (hit->kind == TermKind::Concept || hit->kind == TermKind::Strategy) add("concept", hit->value, 1.0);
      else if (hit->kind == TermKind::Metric) add("concept", hit->value, 0.5);
      i += hit->length;
      continue;
    }
    const Token& t = tokens[i];
    if (t.kind == TokenKind::Word && (t.dollar || is_known_ticker(t.raw))) {
      std::string symbol = t.raw;  // tickers are stored upper case: "$aapl" and "AAPL" are one topic
      for (char& ch : symbol) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      add("ticker", symbol, 1.0);
    }
    ++i;
  }
  // TF-IDF keywords: frequent here, rare elsewhere.
  std::map<std::string, int> tf;
  for (const auto& term : content_terms(text)) ++tf[term];
  std::vector<std::pair<double, std::string>> scored;
  for (const auto& [term, n] : tf) {
    if (term.size() < 4) continue;
    const double idf = std::log((1.0 + static_cast<double>(total_docs)) / (1.0 + static_cast<double>(docs_with(term)))) + 1.0;
    scored.push_back({n * idf, term});
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;  // deterministic ties
  });
  for (int k = 0; k < max_keywords && k < static_cast<int>(scored.size()); ++k)
    add("keyword", scored[static_cast<std::size_t>(k)].second, scored[static_cast<std::size_t>(k)].first);
  return out;
}

}  // namespace mlt::memory
