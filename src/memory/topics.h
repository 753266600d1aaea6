// Topic extraction: what a message is about, for the topic index and filters.
//
//   auto topics = extract_topics("Trained XGBoost on AAPL: momentum helps", df);
//   // {ticker AAPL}, {family xgboost}, {concept momentum}, {keyword trained ...}
//
// Tickers, model families and finance concepts come from the shared
// vocabulary (memory/lexicon.h), so "S&P 500", "spx" and "^GSPC" are one
// topic. Keywords are the message's top terms by TF-IDF, where document
// frequencies come from the store (term_stats) through `docs_with`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mlt::memory {

struct Topic {
  std::string kind;  // ticker | family | concept | keyword
  std::string name;  // canonical: "AAPL", "xgboost", "momentum", "volatility"
  double weight = 1;
  bool operator==(const Topic&) const = default;
};

// Distinct content terms of a text (lower-case, no stopwords, no numbers, 3+ letters).
std::vector<std::string> content_terms(std::string_view text);

// docs_with(term) → number of stored messages containing the term;
// total_docs → number of stored messages. At most `max_keywords` keywords.
std::vector<Topic> extract_topics(std::string_view text, const std::function<std::int64_t(const std::string&)>& docs_with,
                                  std::int64_t total_docs, int max_keywords = 3);

}  // namespace mlt::memory
