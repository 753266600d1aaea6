// CsvReader: splits CSV text (RFC 4180) into records, one record at a time,
// without copying: fields are views into the content. Only a quoted field
// with doubled quotes ("a ""b""") is unescaped, into storage the reader owns;
// every view stays valid until the next call to next().
//
// Accepts \n and \r\n line ends, quoted fields holding delimiters or line
// breaks, and skips blank lines. Unquoted fields are returned with spaces and
// tabs around them trimmed. Malformed quoting throws Error{DataError} naming
// the file, the line and the column (when column names were given).
//
//   CsvReader reader(content, "prices.csv", ',');
//   std::vector<std::string_view> fields;
//   while (reader.next(fields)) use(reader.line(), fields);
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlt {

class CsvReader {
 public:
  CsvReader(std::string_view content, std::string file_label, char delimiter = ',');

  // Reads the next non-blank record into `fields` (cleared first). Returns
  // false at the end of the content.
  bool next(std::vector<std::string_view>& fields);
  // 1-based line on which the record last returned by next() starts.
  std::size_t line() const { return record_line_; }
  // Header names, used to name the column in quoting errors.
  void set_column_names(std::vector<std::string> names) { column_names_ = std::move(names); }

 private:
  std::string_view read_quoted(std::size_t field_index);
  [[noreturn]] void fail(std::size_t field_index, const std::string& problem) const;

  std::string_view content_;
  std::string file_label_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t current_line_ = 1;
  std::size_t record_line_ = 0;
  std::vector<std::string> column_names_;
  std::deque<std::string> unescaped_;  // deque: growing it keeps earlier strings in place
};

// Byte offset of the first byte that is not part of valid UTF-8, or nullopt.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace mlt
