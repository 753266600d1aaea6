// CsvLayout: what a CSV header says about the rows below it — which column
// holds the time, and whether the rows are OHLCV bars, a wide panel or long
// (series, date, value) records. Resolved from the header plus the caller's
// options; to_options() writes the resolved choice back as options, so the
// stored dataset re-parses the same bytes exactly the same way.
//
// Used by CsvImporter only; errors name the file and line like every import error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/csv_import.h"

namespace mlt {

enum class CsvShape { Bars, Wide, Long };
std::string_view shape_name(CsvShape shape);

struct CsvLayout {
  CsvShape shape = CsvShape::Wide;
  char delimiter = ',';
  std::size_t header_line = 1;
  std::vector<std::string> header;  // names as written, quotes removed
  // The time: one date column, or a year column plus a quarter column
  // (the date is then the first day of the quarter, 1959Q1 -> 1959-01-01).
  int date_col = -1;
  int year_col = -1;
  int quarter_col = -1;
  // Bars.
  int open_col = -1, high_col = -1, low_col = -1, close_col = -1, volume_col = -1;
  // Long.
  int series_col = -1, value_col = -1;
  // Wide: the columns that become panel columns, in file order.
  std::vector<int> value_cols;
  // Columns read by nobody (e.g. "Adj Close" in a bars file).
  std::vector<std::string> ignored_columns;

  // Header name of column i, for messages.
  const std::string& name(int i) const { return header[static_cast<std::size_t>(i)]; }
  // The column that error messages about the time should name.
  const std::string& time_column() const { return name(date_col >= 0 ? date_col : year_col); }
  CsvImportOptions to_options(const CsvImportOptions& given) const;
};

// Chooses the delimiter from the header line: the one in `options` if set,
// else ',' — or ';' / tab when the header holds that one and no comma.
// Throws Error{DataError} for a single-column or ambiguous header.
char detect_delimiter(std::string_view header_line, const std::string& file_label, std::size_t line,
                      const CsvImportOptions& options);

// Resolves the layout from the header fields. Throws Error{DataError} for a
// missing or duplicate column, Error{InvalidArgument} for contradictory options.
CsvLayout resolve_layout(const std::vector<std::string_view>& header, std::size_t header_line, char delimiter,
                         const std::string& file_label, const CsvImportOptions& options);

}  // namespace mlt
