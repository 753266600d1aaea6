// CsvImporter: turns a user's CSV file into a Dataset with user_file provenance.
//
// Layouts: "bars" (a date column plus open/high/low/close[/volume], detected
// by header names or mapped explicitly), "wide" (a date column plus one
// numeric column per symbol, e.g. the Dow-30 closes → a Panel), "long"
// (series_id,date,value rows, e.g. FRED exports → a Panel with one column per
// series) and "auto" (picks one of those from the header).
//
// Bars read the open/high/low/close[/volume] columns as written; an "Adj
// Close" column is ignored (for the bundled AAPL file that means split-adjusted,
// not dividend-adjusted prices). A file with year and quarter columns and no
// date column (the US macro file) is dated at the first day of each quarter.
// Empty cells and "." (FRED's convention), "NA", "NaN", "null" are missing
// values (NaN) in panels; bars need open, high, low and close on every row.
// Delimiters: ',' — or ';' / tab when the header uses that one and no comma.
//
// Every defect is an Error{DataError} whose message names the file, the line
// and the column: unparseable dates, duplicate or non-monotonic timestamps,
// negative prices or volumes, high < max(open, close), low > min(open, close),
// empty file, wrong delimiter, non-UTF-8 bytes, missing columns.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/time.h"
#include "data/dataset.h"

namespace mlt {

struct CsvImportOptions {
  std::string name{};                            // dataset name; default: derived from the file name
  std::string layout = "auto";                   // auto | bars | wide | long
  std::string date_column{};                     // default: detected ("date", "Date", "datetime", "timestamp", ...)
  std::map<std::string, std::string> columns{};  // bars only: open/high/low/close/volume -> header
  std::string description{};                     // stored in the provenance
  std::string delimiter{};                       // "," ";" or "\t"; default: detected from the header
  std::string series_column{};                   // long only; default: detected ("series_id", "symbol", ...)
  std::string value_column{};                    // long only; default: detected ("value")
  // date_column may also be "year+quarter": two columns giving the quarter.

  Json to_json() const;
  static CsvImportOptions from_json(const Json& j);
};

// An import with what the header resolved to: `resolved` re-parses the same
// bytes identically (the repository stores it), `ignored_columns` are read by nobody.
struct CsvImport {
  Dataset dataset;
  CsvImportOptions resolved;
  std::vector<std::string> ignored_columns;
};

class CsvImporter {
 public:
  // The full import; parse() and read_file() return its dataset.
  static CsvImport import(std::string_view content, const std::string& file_label, const CsvImportOptions& options,
                          TimestampMs retrieved_at);
  // What the header of `content` resolves to under `options` (reads the header only).
  static CsvImportOptions resolve(std::string_view content, const std::string& file_label,
                                  const CsvImportOptions& options);
  // Parses `content` (the file's bytes) into a Dataset. `file_label` is the
  // name used in error messages and provenance.
  static Dataset parse(std::string_view content, const std::string& file_label, const CsvImportOptions& options,
                       TimestampMs retrieved_at);
  // Reads an already resolved path and parses it; `content_out` receives the bytes.
  static Dataset read_file(const std::filesystem::path& path, const std::string& file_label,
                           const CsvImportOptions& options, TimestampMs retrieved_at,
                           std::string* content_out = nullptr);
  // The bytes of a file. Throws Error{Io} when it cannot be read.
  static std::string read_bytes(const std::filesystem::path& path);
};

// Throws Error{InvalidArgument} unless `name` is 1-64 characters of letters,
// digits, '_', '-' or '.', starting with a letter or digit.
void check_dataset_name(const std::string& name);
// A valid dataset name made from a file name: "sp500 daily.csv" -> "sp500_daily".
std::string dataset_name_from_file(const std::string& file_label);

}  // namespace mlt
