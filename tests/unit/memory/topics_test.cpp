#include "memory/topics.h"

#include <gtest/gtest.h>

#include "memory/lexicon.h"

namespace mlt::memory {
namespace {

bool has(const std::vector<Topic>& ts, const std::string& kind, const std::string& name) {
  for (const auto& t : ts)
    if (t.kind == kind && t.name == name) return true;
  return false;
}

TEST(Topics, TickersFamiliesConceptsAndKeywords) {
  auto none = [](const std::string&) { return std::int64_t{0}; };
  const auto ts = extract_topics("Trained gradient boosting and an LSTM on $NVDA and the S&P 500; momentum "
                                 "and drawdown looked better with regime filters, regime filters everywhere",
                                 none, 10);
  EXPECT_TRUE(has(ts, "ticker", "NVDA"));
  EXPECT_TRUE(has(ts, "ticker", "SPX"));
  EXPECT_TRUE(has(ts, "family", "xgboost"));
  EXPECT_TRUE(has(ts, "family", "lstm"));
  EXPECT_TRUE(has(ts, "concept", "momentum"));
  EXPECT_TRUE(has(ts, "concept", "drawdown"));
  EXPECT_TRUE(has(ts, "keyword", "filters"));  // most frequent content word
}

TEST(Topics, IdfDemotesCommonWords) {
  auto common = [](const std::string& t) { return t == "model" ? std::int64_t{1000} : std::int64_t{0}; };
  const auto ts = extract_topics("model model model breakout", common, 1000, 1);
  EXPECT_TRUE(has(ts, "keyword", "breakout"));
}

TEST(Lexicon, TokenizerAndFuzzyMatching) {
  const auto tokens = tokenize("Train XGB on S&P 500, 2015–2018 from data/x.csv $AAPL 0.05");
  ASSERT_GE(tokens.size(), 10u);
  EXPECT_EQ(tokens[3].text, "s&p");
  EXPECT_EQ(tokens[7].text, "-");  // en dash
  bool path = false, dollar = false, decimal = false;
  for (const auto& t : tokens) {
    path = path || (t.kind == TokenKind::Path && t.raw == "data/x.csv");
    dollar = dollar || (t.dollar && t.raw == "AAPL");
    decimal = decimal || (t.kind == TokenKind::Number && t.text == "0.05");
  }
  EXPECT_TRUE(path && dollar && decimal);
  EXPECT_EQ(domain_matcher().correct("xgbost"), "xgboost");
  EXPECT_EQ(domain_matcher().correct("momentun"), "momentum");
  EXPECT_FALSE(domain_matcher().correct("the"));
  EXPECT_EQ(bounded_edit_distance("trian", "train", 2), 1u);  // a swap is one edit
  EXPECT_GT(bounded_edit_distance("abcdefgh", "zzzzzzzz", 2), 2u);
  EXPECT_NO_THROW(tokenize(std::string(1 << 20, '\xff')));
}

}  // namespace
}  // namespace mlt::memory
