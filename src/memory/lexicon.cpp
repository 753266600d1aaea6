#include "memory/lexicon.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace mlt::memory {
namespace {

bool is_alpha(unsigned char c) { return std::isalpha(c) != 0; }
bool is_digit(unsigned char c) { return std::isdigit(c) != 0; }
bool is_word_char(unsigned char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '&' || c == '^'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A whitespace-delimited chunk that names a file is one token, so the planner
// can hand it to data.import_csv unchanged.
bool looks_like_path(std::string_view chunk) {
  if (chunk.find('/') != std::string_view::npos && chunk.find("//") == std::string_view::npos) return true;
  return chunk.size() > 4 && lower(chunk.substr(chunk.size() - 4)) == ".csv";
}

void push_word(std::vector<Token>& out, std::string_view raw, bool dollar) {
  Token t;
  t.raw = std::string(raw);
  t.text = lower(raw);
  t.dollar = dollar;
  bool has_alpha = false, all_upper = true, all_digit = true;
  for (unsigned char c : raw) {
    if (is_alpha(c)) {
      has_alpha = true;
      if (!std::isupper(c)) all_upper = false;
    }
    if (!is_digit(c) && c != '.') all_digit = false;
  }
  t.all_caps = has_alpha && all_upper && raw.size() >= 1;
  t.kind = all_digit ? TokenKind::Number : TokenKind::Word;
  out.push_back(std::move(t));
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  if (text.size() > kMaxAnalysedBytes) text = text.substr(0, kMaxAnalysedBytes);
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    // Paths: read the whole whitespace-delimited chunk first.
    std::size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view chunk = text.substr(i, end - i);
    while (!chunk.empty() && std::string_view(",;?!)\"'").find(chunk.back()) != std::string_view::npos)
      chunk.remove_suffix(1);
    if (looks_like_path(chunk) && chunk.size() > 1) {
      out.push_back(Token{std::string(chunk), std::string(chunk), TokenKind::Path, false, false});
      i += chunk.size();
      continue;
    }
    // UTF-8 en dash (E2 80 93) and em dash (E2 80 94) read as "-".
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0x93 || static_cast<unsigned char>(text[i + 2]) == 0x94)) {
      out.push_back(Token{"-", "-", TokenKind::Punct, false, false});
      i += 3;
      continue;
    }
    const bool dollar = c == '$' && i + 1 < text.size() && is_alpha(static_cast<unsigned char>(text[i + 1]));
    if (dollar) ++i;
    const auto c0 = static_cast<unsigned char>(text[i]);
    if (is_word_char(c0)) {
      std::size_t j = i;
      while (j < text.size()) {
        const auto cj = static_cast<unsigned char>(text[j]);
        // '.' stays inside numbers ("0.05") and tickers like "BRK.B".
        const bool inner_dot = cj == '.' && j + 1 < text.size() && j > i &&
                               is_word_char(static_cast<unsigned char>(text[j + 1])) &&
                               (is_digit(static_cast<unsigned char>(text[j - 1])) ||
                                std::isupper(static_cast<unsigned char>(text[j - 1])));
        if (!is_word_char(cj) && !inner_dot) break;
        ++j;
      }
      push_word(out, text.substr(i, j - i), dollar);
      i = j;
      continue;
    }
    if (c0 < 0x80) {
      out.push_back(Token{std::string(1, static_cast<char>(c0)), std::string(1, static_cast<char>(c0)), TokenKind::Punct,
                          false, false});
    }
    ++i;  // other bytes (UTF-8 continuation, emoji) are skipped
  }
  return out;
}

bool is_stopword(std::string_view w) {
  static const std::unordered_set<std::string_view> kStop = {
      "a",     "an",    "the",   "and",   "or",    "of",    "on",    "in",    "to",    "for",   "with",  "by",
      "at",    "is",    "are",   "be",    "it",    "its",   "this",  "that",  "these", "those", "them",  "they",
      "me",    "my",    "we",    "our",   "you",   "your",  "i",     "please", "can",  "could", "would", "should",
      "will",  "do",    "does",  "did",   "from",  "into",  "as",    "so",    "then",  "also",  "some",  "any",
      "all",   "each",  "both",  "what",  "which", "how",   "who",   "when",  "where", "was",   "were",  "has",
      "have",  "had",   "not",   "no",    "yes",   "up",    "out",   "about", "than",  "just",  "now",   "using",
      "use",   "want",  "like",  "let",   "lets",  "let's", "get",   "give",  "tell",  "over",  "data",  "daily",
      "but",   "if",    "there", "here",  "one",   "two",   "more",  "most",  "very",  "too",   "via",   "per"};
  return kStop.count(w) > 0;
}

void PhraseMatcher::add(std::string_view phrase, TermKind kind, std::string value) {
  std::size_t words = 1, start = 0;
  for (std::size_t k = 0; k <= phrase.size(); ++k) {
    if (k == phrase.size() || phrase[k] == ' ') {
      std::string w(phrase.substr(start, k - start));
      if (!w.empty() && fuzzy_targets_.insert(w).second) {
        words_.insert(w);
        if (words_by_length_.size() <= w.size()) words_by_length_.resize(w.size() + 1);
        Candidate cand{w, {}};
        for (char ch : w)
          if (ch >= 'a' && ch <= 'z') ++cand.letters[static_cast<std::size_t>(ch - 'a')];
        words_by_length_[w.size()].push_back(std::move(cand));
      }
      if (k < phrase.size()) ++words;
      start = k + 1;
    }
  }
  max_phrase_words_ = std::max(max_phrase_words_, words);
  phrases_.insert_or_assign(std::string(phrase), Term{kind, std::move(value)});
}

void PhraseMatcher::add_known_words(std::initializer_list<std::string_view> words) {
  for (auto w : words) words_.insert(std::string(w));  // known, but not fuzzy targets
}

std::size_t bounded_edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > limit) return limit + 1;
  if (a.size() > 63 || b.size() > 63) return limit + 1;  // vocabulary words are short
  // Optimal string alignment: a swap of neighbours ("trian") costs one edit.
  std::array<std::size_t, 64> prev2{}, prev{}, cur{};
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    prev2 = prev;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> PhraseMatcher::correct(std::string_view word) const {
  if (word.size() < 4 || words_.count(std::string(word)) || is_stopword(word)) return std::nullopt;
  // match() asks about the same token once per phrase length: remember answers.
  thread_local std::unordered_map<const PhraseMatcher*, std::unordered_map<std::string, std::optional<std::string>>> memo;
  auto& mine = memo[this];
  if (auto it = mine.find(std::string(word)); it != mine.end()) return it->second;
  if (mine.size() > 4096) mine.clear();
  auto answer = correct_uncached(word);
  mine.emplace(std::string(word), answer);
  return answer;
}

std::optional<std::string> PhraseMatcher::correct_uncached(std::string_view word) const {
  for (char ch : word)
    if (!is_alpha(static_cast<unsigned char>(ch))) return std::nullopt;
  const std::size_t limit = word.size() >= 7 ? 2 : 1;
  std::size_t best = limit + 1;
  const std::string* best_word = nullptr;
  bool tie = false;
  const std::size_t lo = word.size() > limit ? word.size() - limit : 0;
  std::array<std::uint8_t, 26> letters{};
  for (char ch : word) ++letters[static_cast<std::size_t>(std::tolower(static_cast<unsigned char>(ch)) - 'a')];
  for (std::size_t len = lo; len <= word.size() + limit && len < words_by_length_.size(); ++len)
    for (const auto& entry : words_by_length_[len]) {
      const std::string& cand = entry.word;
      if (cand.size() < 4) continue;
      std::size_t gap = 0;
      for (std::size_t k = 0; k < 26; ++k)
        gap += static_cast<std::size_t>(std::abs(static_cast<int>(letters[k]) - static_cast<int>(entry.letters[k])));
      if ((gap + 1) / 2 > limit) continue;  // each edit changes the histogram by at most 2
      const std::size_t d = bounded_edit_distance(word, cand, limit);
      if (d < best) {
        best = d;
        best_word = &cand;
        tie = false;
      } else if (d == best && best_word && *best_word != cand) {
        // Equal distance: a swap of letters ("trian" → train, not trial) wins.
        auto sorted = [](std::string s) { std::sort(s.begin(), s.end()); return s; };
        const std::string key = sorted(std::string(word));
        const bool cand_anagram = sorted(cand) == key, best_anagram = sorted(*best_word) == key;
        if (cand_anagram && !best_anagram) best_word = &cand, tie = false;
        else if (!(best_anagram && !cand_anagram)) tie = true;
      }
    }
  if (!best_word || best > limit || tie) return std::nullopt;
  return *best_word;
}

std::string PhraseMatcher::word_at(const std::vector<Token>& tokens, std::size_t i, bool& fuzzy) const {
  const Token& t = tokens[i];
  if (t.kind == TokenKind::Path) return {};
  if (t.kind != TokenKind::Word) return t.text;
  if (words_.count(t.text)) return t.text;
  // Plural and possessive forms: "forests", "aapl's".
  if (t.text.size() > 3 && t.text.back() == 's' && words_.count(t.text.substr(0, t.text.size() - 1)))
    return t.text.substr(0, t.text.size() - 1);
  if (auto fixed = correct(t.text)) {
    fuzzy = true;
    return *fixed;
  }
  return t.text;
}

std::optional<PhraseHit> PhraseMatcher::match(const std::vector<Token>& tokens, std::size_t i) const {
  if (i >= tokens.size()) return std::nullopt;
  std::string key;
  bool fuzzy = false;
  std::optional<PhraseHit> best;
  for (std::size_t n = 0; n < max_phrase_words_ && i + n < tokens.size(); ++n) {
    bool f = false;
    const std::string w = word_at(tokens, i + n, f);
    if (w.empty()) break;
    // "-" and "&" join words in phrases like "next-day" / "s & p": read as a space.
    if (w == "-" && n > 0) {
      continue;
    }
    if (!key.empty()) key += ' ';
    key += w;
    fuzzy = fuzzy || f;
    if (auto it = phrases_.find(key); it != phrases_.end())
      best = PhraseHit{it->second.kind, it->second.value, n + 1, fuzzy};
  }
  return best;
}

}  // namespace mlt::memory
