// CsvReader: RFC 4180 quoting, line ends, blank lines and line numbers; UTF-8 checks.
#include "data/csv_reader.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace mlt {
namespace {

std::vector<std::vector<std::string>> read_all(std::string_view text, char delimiter = ',',
                                               std::vector<std::size_t>* lines = nullptr) {
  CsvReader reader(text, "t.csv", delimiter);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> out;
  while (reader.next(fields)) {
    out.emplace_back(fields.begin(), fields.end());
    if (lines) lines->push_back(reader.line());
  }
  return out;
}

TEST(CsvReader, SplitsPlainRecordsAndCountsLines) {
  std::vector<std::size_t> lines;
  const auto rows = read_all("date,close\n2020-01-02,3257.85\n\n2020-01-03,3234.85\n", ',', &lines);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"2020-01-02", "3257.85"}));
  EXPECT_EQ(lines, (std::vector<std::size_t>{1, 2, 4}));  // the blank line 3 is skipped but counted
}

TEST(CsvReader, HandlesCrlfAndMissingFinalNewline) {
  const auto rows = read_all("a,b\r\n1,2\r\n3,4");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"3", "4"}));
}

TEST(CsvReader, UnquotesHeadersLikeTheUsMacroFile) {
  const auto rows = read_all("\"year\",\"quarter\",\"realgdp\"\n1959,1,2710.349\n");
  EXPECT_EQ(rows[0], (std::vector<std::string>{"year", "quarter", "realgdp"}));
}

TEST(CsvReader, QuotedFieldsKeepDelimitersNewlinesAndDoubledQuotes) {
  std::vector<std::size_t> lines;
  const auto rows = read_all("name,note\n\"a,b\",\"say \"\"hi\"\"\"\n\"x\ny\",z\nlast,1\n", ',', &lines);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"a,b", "say \"hi\""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"x\ny", "z"}));
  EXPECT_EQ(lines, (std::vector<std::size_t>{1, 2, 3, 5}));
}

TEST(CsvReader, EmptyFieldsAndTrailingDelimiter) {
  const auto rows = read_all("a,b,c\n1,,3\n4,5,\n");
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "", "3"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"4", "5", ""}));
}

TEST(CsvReader, TabDelimiter) {
  const auto rows = read_all("date\tclose\n2020-01-02\t3257.85\n", '\t');
  EXPECT_EQ(rows[1], (std::vector<std::string>{"2020-01-02", "3257.85"}));
}

TEST(CsvReader, UnterminatedQuoteNamesFileLineAndColumn) {
  CsvReader reader("a,b\n1,\"open\n", "q.csv");
  reader.set_column_names({"a", "b"});
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next(fields));
  try {
    reader.next(fields);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::DataError);
    EXPECT_NE(e.message().find("q.csv"), std::string::npos);
    EXPECT_NE(e.message().find("column 'b'"), std::string::npos);
  }
}

TEST(Utf8, AcceptsAsciiAndMultibyteRejectsStrayBytes) {
  EXPECT_EQ(find_invalid_utf8("date,close\n2020-01-02,1.5\n"), std::nullopt);
  EXPECT_EQ(find_invalid_utf8("Z\xC3\xBCrich \xE2\x82\xAC \xF0\x9F\x93\x88"), std::nullopt);  // ü € 📈
  EXPECT_EQ(find_invalid_utf8("abcdefghij\xFFxyz"), std::optional<std::size_t>(10));
  EXPECT_EQ(find_invalid_utf8("ab\xC3"), std::optional<std::size_t>(2));          // truncated sequence
  EXPECT_EQ(find_invalid_utf8("ab\xC0\xAF"), std::optional<std::size_t>(2));      // overlong '/'
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), std::optional<std::size_t>(2));  // UTF-16 surrogate
}

}  // namespace
}  // namespace mlt
