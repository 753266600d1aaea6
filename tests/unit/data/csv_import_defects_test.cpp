// Defective files are refused with a DataError naming the file, the line and
// the column. Each file is real rows from the bundled data broken in one place.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "data/csv_import.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

namespace fs = std::filesystem;

// The first `n` lines (header included) of a bundled file, without line ends.
std::vector<std::string> real_lines(const std::string& rel, std::size_t n) {
  std::ifstream in(test::data_file(rel));
  std::vector<std::string> lines;
  for (std::string line; lines.size() < n && std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, ',');) out.push_back(cell);
  return out;
}

std::string join(const std::vector<std::string>& cells, char sep = ',') {
  std::string out;
  for (const auto& c : cells) out += (out.empty() ? "" : std::string(1, sep)) + c;
  return out;
}

// Sets cell `col` of 1-based file line `line`.
void set_cell(std::vector<std::string>& lines, std::size_t line, std::size_t col, const std::string& value) {
  auto cells = split(lines[line - 1]);
  cells.at(col) = value;
  lines[line - 1] = join(cells);
}
std::string cell(const std::vector<std::string>& lines, std::size_t line, std::size_t col) {
  return split(lines[line - 1]).at(col);
}

class CsvDefects : public ::testing::Test {
 protected:
  fs::path write(const std::string& file_name, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    return write_bytes(file_name, text);
  }
  fs::path write_bytes(const std::string& file_name, const std::string& bytes) {
    const fs::path path = dir_.path() / file_name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // Imports and expects a DataError naming the file, "line N" and the column.
  static void expect_refused(const fs::path& path, std::size_t line, const std::string& column,
                             const std::string& phrase, const CsvImportOptions& options = {}) {
    try {
      CsvImporter::read_file(path, path.filename().string(), options, 0);
      ADD_FAILURE() << "imported a defective file: " << path;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::DataError) << e.message();
      const std::string& m = e.message();
      EXPECT_NE(m.find(path.filename().string()), std::string::npos) << m;
      const std::string at = "line " + std::to_string(line);
      EXPECT_TRUE(m.find(at + ",") != std::string::npos || m.find(at + ":") != std::string::npos) << m;
      if (!column.empty()) {
        EXPECT_NE(m.find("'" + column + "'"), std::string::npos) << m;
      }
      EXPECT_NE(m.find(phrase), std::string::npos) << m;
      EXPECT_FALSE(e.hint().empty());
    }
  }
  test::TempDir dir_;
};

const std::string kSp500 = "market/sp500_daily_2000-2020.csv";  // date,open,high,low,close,adjclose,volume

TEST_F(CsvDefects, UnparseableDate) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 7, 0, "2000-13-10");
  expect_refused(write("bad_date.csv", lines), 7, "date", "cannot read '2000-13-10' as a date");
}

TEST_F(CsvDefects, DuplicateTimestamp) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 8, 0, cell(lines, 7, 0));
  expect_refused(write("duplicate.csv", lines), 8, "date", "duplicate timestamp");
}

TEST_F(CsvDefects, NonMonotonicTimestamps) {
  auto lines = real_lines(kSp500, 20);
  const std::string d5 = cell(lines, 5, 0), d6 = cell(lines, 6, 0);
  set_cell(lines, 5, 0, d6);
  set_cell(lines, 6, 0, d5);
  expect_refused(write("swapped.csv", lines), 6, "date", "increasing time order");
}

TEST_F(CsvDefects, NegativePrice) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 10, 1, "-" + cell(lines, 10, 1));
  expect_refused(write("negative_price.csv", lines), 10, "open", "negative price");
}

TEST_F(CsvDefects, NegativeVolume) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 12, 6, "-" + cell(lines, 12, 6));
  expect_refused(write("negative_volume.csv", lines), 12, "volume", "negative volume");
}

TEST_F(CsvDefects, HighBelowOpenOrClose) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 9, 2, cell(lines, 9, 3));  // high := low
  expect_refused(write("high_below.csv", lines), 9, "high", "below max(open, close)");
}

TEST_F(CsvDefects, LowAboveOpenOrClose) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 11, 3, cell(lines, 11, 2));  // low := high
  expect_refused(write("low_above.csv", lines), 11, "low", "above min(open, close)");
}

TEST_F(CsvDefects, MissingPriceInBars) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 14, 4, "");
  expect_refused(write("missing_close.csv", lines), 14, "close", "price is missing");
}

TEST_F(CsvDefects, NotANumber) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 16, 4, cell(lines, 16, 4) + "x");
  expect_refused(write("not_a_number.csv", lines), 16, "close", "is not a number");
}

TEST_F(CsvDefects, EmptyFile) {
  expect_refused(write_bytes("empty.csv", ""), 1, "", "the file is empty");
  expect_refused(write_bytes("blank.csv", "\n \r\n"), 1, "", "the file is empty");
}

TEST_F(CsvDefects, HeaderWithoutRows) {
  expect_refused(write("header_only.csv", real_lines(kSp500, 1)), 2, "", "no data rows");
}

TEST_F(CsvDefects, LineWithTheWrongDelimiter) {
  auto lines = real_lines(kSp500, 20);
  lines[3] = join(split(lines[3]), ';');
  expect_refused(write("semicolon_line.csv", lines), 4, "open", "separated by ';' but a comma is expected");
}

TEST_F(CsvDefects, SingleColumnHeaderNamesTheDelimiterProblem) {
  auto lines = real_lines(kSp500, 5);
  for (auto& l : lines) l = join(split(l), '|');
  expect_refused(write("pipes.csv", lines), 1, "date|open|high|low|close|adjclose|volume", "a comma-separated header");
}

TEST_F(CsvDefects, NonUtf8Bytes) {
  auto lines = real_lines(kSp500, 20);
  set_cell(lines, 15, 4, "\xFF\xFE" + cell(lines, 15, 4));
  expect_refused(write("latin1.csv", lines), 15, "close", "not valid UTF-8");
}

TEST_F(CsvDefects, MissingColumnInHeader) {
  // AAPL's real rows with the Low column removed everywhere, imported as bars.
  auto lines = real_lines("market/aapl_daily_2013-2018.csv", 20);
  for (auto& l : lines) {
    auto cells = split(l);
    cells.erase(cells.begin() + 3);
    l = join(cells);
  }
  CsvImportOptions bars;
  bars.layout = "bars";
  expect_refused(write("no_low.csv", lines), 1, "low", "is missing", bars);
}

TEST_F(CsvDefects, TruncatedRow) {
  auto lines = real_lines(kSp500, 20);
  auto cells = split(lines[12]);
  cells.resize(3);
  lines[12] = join(cells);
  expect_refused(write("truncated.csv", lines), 13, "low", "expected 7 fields, found 3");
}

TEST_F(CsvDefects, WideFileWithText) {
  auto lines = real_lines("market/dowjones30_close_1991-2000.csv", 10);
  set_cell(lines, 6, 23, "seventy");  // MSFT
  expect_refused(write("dow_text.csv", lines), 6, "MSFT", "is not a number");
}

TEST_F(CsvDefects, LongFileWithARepeatedObservation) {
  auto lines = real_lines("macro/fred_core_series.csv", 20);
  lines.push_back(lines[9]);
  expect_refused(write("fred_repeat.csv", lines), 21, "date", "duplicate timestamp");
}

TEST_F(CsvDefects, DuplicateHeaderName) {
  auto lines = real_lines("market/dowjones30_close_1991-2000.csv", 10);
  set_cell(lines, 1, 2, "AA");
  expect_refused(write("dow_dup.csv", lines), 1, "AA", "names this column twice");
}

TEST_F(CsvDefects, InvalidNameIsAnArgumentError) {
  CsvImportOptions options;
  options.name = "../etc";
  const auto path = write("ok.csv", real_lines(kSp500, 5));
  try {
    CsvImporter::read_file(path, "ok.csv", options, 0);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  }
}

}  // namespace
}  // namespace mlt
