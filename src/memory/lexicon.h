// Lexicon: the tokenizer and fuzzy phrase matcher shared by topic extraction
// (memory), goal parsing (goals) and the offline planner (agent), plus the
// domain vocabulary they all read: tickers and index aliases, model families,
// finance concepts and metrics.
//
//   auto tokens = tokenize("Train XGB on the S&P 500, next-day");
//   // words are lower-cased; "s&p", "500", "next", "-", "day" ...
//   const PhraseMatcher& m = domain_matcher();
//   if (auto hit = m.match(tokens, i)) { hit->kind == TermKind::Family ... }
//
// Matching is exact on multi-word phrases (longest wins) after each unknown
// word of 4+ letters was corrected to its nearest vocabulary word (edit
// distance 1, or 2 for words of 7+ letters, and only when the nearest is
// unique). Everything is bounded: tokenize() reads at most kMaxAnalysedBytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mlt::memory {

// Messages longer than this are analysed on their first part only, so a huge
// paste cannot make parsing slow (the text itself is still stored whole).
inline constexpr std::size_t kMaxAnalysedBytes = 16 * 1024;

enum class TokenKind { Word, Number, Punct, Path };

struct Token {
  std::string text;  // lower-cased (words), as written (numbers, paths)
  std::string raw;   // as written
  TokenKind kind = TokenKind::Word;
  bool all_caps = false;  // "AAPL", "UNRATE": candidate ticker / series id
  bool dollar = false;    // written "$AAPL"
};

// Splits text into words (letters, digits, '_', '&', '^', '.' inside), numbers
// ("0.05", "2015"), punctuation (",", ".", ";", "?", "-", "%", ...) and paths
// (a chunk with '/' or ending in ".csv"). En and em dashes become "-".
std::vector<Token> tokenize(std::string_view text);

// Words that carry no meaning on their own ("the", "with", ...).
bool is_stopword(std::string_view lower_word);

enum class TermKind { Intent, Family, Symbol, Concept, Metric, Target, Strategy, Series, Source, Filler };

struct Term {
  TermKind kind;
  std::string value;  // canonical value, e.g. "random_forest", "SPX", "momentum"
};

struct PhraseHit {
  TermKind kind;
  std::string value;
  std::size_t length = 1;  // tokens consumed
  bool fuzzy = false;      // a word was corrected to reach it
};

class PhraseMatcher {
 public:
  // phrase: lower-case words separated by single spaces ("gradient boosting").
  void add(std::string_view phrase, TermKind kind, std::string value);
  // Words that are known but mean nothing (they are never "corrected").
  void add_known_words(std::initializer_list<std::string_view> words);

  // Longest phrase starting at tokens[i], if any.
  std::optional<PhraseHit> match(const std::vector<Token>& tokens, std::size_t i) const;
  // The vocabulary word nearest to `word` within the fuzzy bound, if unique.
  std::optional<std::string> correct(std::string_view word) const;

 private:
  std::optional<std::string> correct_uncached(std::string_view word) const;
  std::string word_at(const std::vector<Token>& tokens, std::size_t i, bool& fuzzy) const;
  std::unordered_map<std::string, Term> phrases_;
  std::unordered_set<std::string> words_;          // every known word
  std::unordered_set<std::string> fuzzy_targets_;  // words of phrases: what a typo may be corrected to
  struct Candidate {
    std::string word;
    std::array<std::uint8_t, 26> letters;  // histogram: half its L1 gap bounds the edit distance
  };
  std::vector<std::vector<Candidate>> words_by_length_;
  std::size_t max_phrase_words_ = 1;
};

// The domain vocabulary (families, symbols, concepts, metrics, strategies,
// FRED series, sources). Built once, immutable, safe to share across threads.
const PhraseMatcher& domain_matcher();
// Adds the domain vocabulary to another matcher (the planner extends it).
void add_domain_vocabulary(PhraseMatcher& matcher);

// Tickers mlTrainer knows by name (bundled data, Dow-30 of 2000, large caps).
bool is_known_ticker(std::string_view upper);
// All-caps words that are not tickers ("ML", "LSTM", "AUC", "VAR", ...).
bool is_caps_non_ticker(std::string_view upper);

// Bounded Levenshtein distance: returns limit + 1 as soon as it is exceeded.
std::size_t bounded_edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace mlt::memory
