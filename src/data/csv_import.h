// CsvImporter: turns a user's CSV file into a Dataset with user_file provenance.
//
// Layouts: "bars" (a date column plus open/high/low/close[/volume], detected
// by header names or mapped explicitly), "wide" (a date column plus one
// numeric column per symbol, e.g. the Dow-30 closes → a Panel), "long"
// (series_id,date,value rows, e.g. FRED exports → a Panel with one column per
// series) and "auto" (picks one of those from the header).
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

#include "core/json.h"
#include "core/time.h"
#include "data/dataset.h"

namespace mlt {

struct CsvImportOptions {
  std::string name;            // dataset name; default: derived from the file name
  std::string layout = "auto"; // auto | bars | wide | long
  std::string date_column;     // default: detected ("date", "Date", "datetime", "timestamp", ...)
  std::map<std::string, std::string> columns;  // bars only: open/high/low/close/volume -> header
  std::string description;     // stored in the provenance

  Json to_json() const;
  static CsvImportOptions from_json(const Json& j);
};

class CsvImporter {
 public:
  // Parses `content` (the file's bytes) into a Dataset. `file_label` is the
  // name used in error messages and provenance.
  static Dataset parse(std::string_view content, const std::string& file_label, const CsvImportOptions& options,
                       TimestampMs retrieved_at);
  // Reads an already resolved path and parses it; `content_out` receives the bytes.
  static Dataset read_file(const std::filesystem::path& path, const std::string& file_label,
                           const CsvImportOptions& options, TimestampMs retrieved_at,
                           std::string* content_out = nullptr);
};

}  // namespace mlt
