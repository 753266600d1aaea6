#include "data/csv_reader.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "core/error.h"

namespace mlt {

namespace {
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s, char delimiter) {
  // A tab is data, not padding, when it is the delimiter; it never reaches here then.
  while (!s.empty() && is_blank(s.front()) && s.front() != delimiter) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\r') && s.back() != delimiter) s.remove_suffix(1);
  return s;
}
}  // namespace

CsvReader::CsvReader(std::string_view content, std::string file_label, char delimiter)
    : content_(content), file_label_(std::move(file_label)), delimiter_(delimiter) {}

void CsvReader::fail(std::size_t field_index, const std::string& problem) const {
  std::string column = field_index < column_names_.size() ? fmt::format("column '{}'", column_names_[field_index])
                                                          : fmt::format("field {}", field_index + 1);
  throw Error(
      ErrorKind::DataError, fmt::format("file '{}' line {}, {}: {}", file_label_, current_line_, column, problem),
      "fix the quoting in the file: a quoted field starts and ends with \" and a quote inside it is doubled (\"\")");
}

std::string_view CsvReader::read_quoted(std::size_t field_index) {
  // pos_ is just past the opening quote.
  const std::size_t start = pos_;
  bool has_doubled = false;
  for (;;) {
    const std::size_t q = content_.find('"', pos_);
    if (q == std::string_view::npos) fail(field_index, "a quoted field is never closed");
    for (std::size_t i = pos_; i < q; ++i)
      if (content_[i] == '\n') ++current_line_;
    if (q + 1 < content_.size() && content_[q + 1] == '"') {
      has_doubled = true;
      pos_ = q + 2;
      continue;
    }
    pos_ = q + 1;
    std::string_view raw = content_.substr(start, q - start);
    // Only spaces may separate the closing quote from the next delimiter or line end.
    while (pos_ < content_.size() && (content_[pos_] == ' ' || content_[pos_] == '\r')) ++pos_;
    if (pos_ < content_.size() && content_[pos_] != delimiter_ && content_[pos_] != '\n')
      fail(field_index, fmt::format("unexpected character '{}' after a closing quote", content_[pos_]));
    if (!has_doubled) return raw;
    std::string& out = unescaped_.emplace_back();
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      out.push_back(raw[i]);
      if (raw[i] == '"') ++i;  // skip the second quote of a pair
    }
    return out;
  }
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  unescaped_.clear();
  // Skip blank lines (including ones holding only \r or spaces).
  for (;;) {
    if (pos_ >= content_.size()) return false;
    std::size_t i = pos_;
    while (i < content_.size() && (is_blank(content_[i]) || content_[i] == '\r') && content_[i] != delimiter_) ++i;
    if (i < content_.size() && content_[i] != '\n') break;
    pos_ = i + 1;
    ++current_line_;
  }
  record_line_ = current_line_;
  const char* data = content_.data();
  const std::size_t n = content_.size();
  for (;;) {
    // Leading padding before a possible opening quote.
    std::size_t p = pos_;
    while (p < n && is_blank(data[p]) && data[p] != delimiter_) ++p;
    if (p < n && data[p] == '"') {
      pos_ = p + 1;
      fields.push_back(read_quoted(fields.size()));
    } else {
      std::size_t e = pos_;
      while (e < n && data[e] != delimiter_ && data[e] != '\n') ++e;
      std::string_view field(data + pos_, e - pos_);
      if (field.find('"') != std::string_view::npos)
        fail(fields.size(), "a quote inside an unquoted field (quote the whole field and double the inner quote)");
      fields.push_back(trim(field, delimiter_));
      pos_ = e;
    }
    if (pos_ >= n) return true;
    if (data[pos_] == '\n') {
      ++pos_;
      ++current_line_;
      return true;
    }
    ++pos_;           // the delimiter
    if (pos_ >= n) {  // a delimiter right at the end: one last empty field
      fields.emplace_back();
      return true;
    }
  }
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t word = 0;
      std::memcpy(&word, s + i, sizeof word);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong encodings, UTF-16 surrogates and values past U+10FFFF are invalid.
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return std::nullopt;
}

}  // namespace mlt
