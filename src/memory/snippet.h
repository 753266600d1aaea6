// Snippets of search hits, computed from the hit's text in this process.
//
// FTS5's snippet() needs a cursor positioned on the row, so each hit cost a
// query of its own (`MATCH ... AND rowid = ?`), which opens every index
// segment for every term: at a million messages that was most of a search's
// time. SnippetMaker tokenises the query terms and the hit's text with the
// index's own tokenizer (porter over unicode61, looked up from FTS5), finds
// the phrase instances itself and then applies FTS5's snippet algorithm
// (window scoring, sentence starts, coalesced highlights, ellipses), so the
// output is the same text snippet(messages_fts, 0, '[', ']', '…', 16) gives.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

namespace mlt::memory {

class SnippetMaker {
 public:
  // `terms` as fts_terms() returns them (one FTS5 phrase each, in order).
  // Throws Error{Internal} when the connection has no FTS5 porter tokenizer.
  SnippetMaker(sqlite3* db, const std::vector<std::string>& terms);
  ~SnippetMaker();
  SnippetMaker(const SnippetMaker&) = delete;
  SnippetMaker& operator=(const SnippetMaker&) = delete;

  // At most `tokens` tokens around the best-scoring instances, hits wrapped
  // in open/close, `ellipsis` where text was left out.
  std::string make(std::string_view text, int tokens = 16, std::string_view open = "[", std::string_view close = "]",
                   std::string_view ellipsis = "…") const;

  struct Token {
    std::string text;
    int start = 0, end = 0;  // byte offsets in the text
  };
  // The tokenizer's tokens of `text`.
  std::vector<Token> tokenize(std::string_view text, bool query) const;

 private:
  fts5_tokenizer api_{};
  Fts5Tokenizer* tokenizer_ = nullptr;
  std::vector<std::vector<std::string>> phrases_;  // each term's tokens
};

}  // namespace mlt::memory
