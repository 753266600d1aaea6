#include "memory/snippet.h"

#include <algorithm>
#include <cstdint>

#include "core/error.h"
#include "memory/bm25_rank.h"

namespace mlt::memory {
namespace {

struct Instance {
  int phrase = 0, offset = 0;  // token offset of the phrase's first token
};


int collect_token(void* ctx, int flags, const char* token, int n, int start, int end) {
  // Colocated tokens (synonyms) share a position; porter/unicode61 emit
  // none, and FTS5's snippet skips them as well.
  if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
  static_cast<std::vector<SnippetMaker::Token>*>(ctx)->push_back({std::string(token, static_cast<std::size_t>(n)), start, end});
  return SQLITE_OK;
}

}  // namespace

SnippetMaker::SnippetMaker(sqlite3* db, const std::vector<std::string>& terms) {
  fts5_api* api = fts5_of(db);
  void* context = nullptr;
  // The index is declared tokenize='porter unicode61': porter wraps unicode61.
  const char* args[] = {"unicode61"};
  if (!api || api->xFindTokenizer(api, "porter", &context, &api_) != SQLITE_OK ||
      api_.xCreate(context, args, 1, &tokenizer_) != SQLITE_OK)
    throw Error(ErrorKind::Internal, "SQLite has no FTS5 porter tokenizer: the memory search needs it");
  for (const auto& term : terms) {
    std::vector<std::string> tokens;
    for (auto& t : tokenize(term, true)) tokens.push_back(std::move(t.text));
    phrases_.push_back(std::move(tokens));
  }
}

SnippetMaker::~SnippetMaker() {
  if (tokenizer_) api_.xDelete(tokenizer_);
}

std::vector<SnippetMaker::Token> SnippetMaker::tokenize(std::string_view text, bool query) const {
  std::vector<Token> out;
  api_.xTokenize(tokenizer_, &out, query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT, text.data(),
                 static_cast<int>(text.size()), collect_token);
  return out;
}

// The rest follows fts5SnippetFunction and fts5HighlightCb (SQLite's
// fts5_aux.c) step by step, so that the text is the same as snippet()'s.
std::string SnippetMaker::make(std::string_view text, int n_token, std::string_view open, std::string_view close,
                               std::string_view ellipsis) const {
  const std::vector<Token> toks = tokenize(text, false);
  const int doc_size = static_cast<int>(toks.size());
  const int n_phrase = static_cast<int>(phrases_.size());
  auto phrase_size = [&](int p) { return static_cast<int>(phrases_[static_cast<std::size_t>(p)].size()); };

  // Phrase instances in FTS5's order: by offset, then by phrase.
  std::vector<Instance> inst;
  for (int pos = 0; pos < doc_size; ++pos)
    for (int p = 0; p < n_phrase; ++p) {
      const auto& ph = phrases_[static_cast<std::size_t>(p)];
      if (ph.empty() || pos + static_cast<int>(ph.size()) > doc_size) continue;
      bool match = true;
      for (std::size_t k = 0; k < ph.size() && match; ++k)
        match = toks[static_cast<std::size_t>(pos) + k].text == ph[k];
      if (match) inst.push_back({p, pos});
    }

  // Sentence starts: the first token, and any token after ". " or ": ".
  std::vector<int> first;
  for (int pos = 0; pos < doc_size; ++pos) {
    if (pos == 0) {
      first.push_back(0);
      continue;
    }
    const int start = toks[static_cast<std::size_t>(pos)].start;
    int i = start - 1;
    char c = 0;
    for (; i >= 0; --i) {
      c = text[static_cast<std::size_t>(i)];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    }
    if (i != start - 1 && (c == '.' || c == ':')) first.push_back(pos);
  }

  std::vector<char> seen(static_cast<std::size_t>(std::max(n_phrase, 1)));
  auto score = [&](int from, int* adjusted) {
    std::fill(seen.begin(), seen.end(), 0);
    int total = 0, i_first = -1, i_last = 0;
    for (const auto& in : inst) {
      if (in.offset < from || in.offset >= from + n_token) continue;
      total += seen[static_cast<std::size_t>(in.phrase)] ? 1 : 1000;
      seen[static_cast<std::size_t>(in.phrase)] = 1;
      if (i_first < 0) i_first = in.offset;
      i_last = in.offset + phrase_size(in.phrase);
    }
    if (adjusted) {
      std::int64_t adj = i_first - (n_token - (i_last - i_first)) / 2;
      if (adj + n_token > doc_size) adj = doc_size - n_token;
      if (adj < 0) adj = 0;
      *adjusted = static_cast<int>(adj);
    }
    return total;
  };

  int best_score = 0, best_start = 0, col_size = 0;
  for (const auto& in : inst) {
    int adj = 0;
    const int s = score(in.offset, &adj);
    if (s > best_score) {
      best_score = s;
      best_start = adj;
      col_size = doc_size;
    }
    if (!first.empty() && doc_size > n_token) {
      std::size_t jj = 0;
      for (; jj + 1 < first.size(); ++jj)
        if (first[jj + 1] > in.offset) break;
      if (first[jj] < in.offset) {
        const int s2 = score(first[jj], nullptr) + (first[jj] == 0 ? 120 : 100);
        if (s2 > best_score) {
          best_score = s2;
          best_start = first[jj];
          col_size = doc_size;
        }
      }
    }
  }
  if (col_size == 0) col_size = doc_size;

  // Coalesced instances: overlapping phrase instances are highlighted as one.
  std::size_t next_inst = 0;
  int it_start = -1, it_end = -1;
  auto advance = [&] {
    it_start = it_end = -1;
    while (next_inst < inst.size()) {
      const auto& in = inst[next_inst];
      const int end = in.offset - 1 + phrase_size(in.phrase);
      if (it_start < 0) {
        it_start = in.offset;
        it_end = end;
      } else if (in.offset <= it_end) {
        it_end = std::max(it_end, end);
      } else {
        break;
      }
      ++next_inst;
    }
  };
  advance();

  std::string out;
  const int range_start = best_start, range_end = best_start + n_token - 1;
  if (best_start > 0) out += ellipsis;
  while (it_start >= 0 && it_start < best_start) advance();
  int off = 0;
  auto append = [&](int from, int to) {
    if (to > from) out.append(text.substr(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from)));
  };
  for (int pos = 0; pos < doc_size; ++pos) {
    const Token& t = toks[static_cast<std::size_t>(pos)];
    if (pos < range_start || pos > range_end) continue;
    if (range_start && pos == range_start) off = t.start;
    if (pos == it_start) {
      append(off, t.start);
      out += open;
      off = t.start;
    }
    if (pos == it_end) {
      if (it_start < range_start) out += open;
      append(off, t.end);
      out += close;
      off = t.end;
      advance();
    }
    if (pos == range_end) {
      append(off, t.end);
      off = t.end;
      if (pos >= it_start && pos < it_end) out += close;
    }
  }
  if (range_end >= col_size - 1) append(off, static_cast<int>(text.size()));
  else out += ellipsis;
  return out;
}

}  // namespace mlt::memory
