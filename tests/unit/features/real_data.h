// Test access to the bundled REAL data (never generated): whole files or
// date slices of them, parsed by the production CsvImporter so tests see
// exactly what users see. Shared by unit_features and unit_ml.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "data/csv_import.h"
#include "support/test_paths.h"

namespace mlt::test {

inline std::string read_text(const std::string& rel) {
  std::ifstream in(data_file(rel), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The header plus the lines whose leading date lies in [from, to] (ISO dates
// compare as strings). A slice of the real file, not new data.
inline std::string slice_csv(const std::string& content, std::string_view from, std::string_view to) {
  std::istringstream in(content);
  std::string line, out;
  std::getline(in, line);
  out = line + "\n";
  while (std::getline(in, line)) {
    const std::string_view date = std::string_view(line).substr(0, 10);
    if ((from.empty() || date >= from) && (to.empty() || date <= to)) out += line + "\n";
  }
  return out;
}

// A real file (optionally one date range of it) as a Dataset.
inline Dataset load_real(const std::string& rel, const std::string& name, std::string_view from = {},
                         std::string_view to = {}) {
  const std::string content = slice_csv(read_text(rel), from, to);
  CsvImportOptions options;
  options.name = name;
  return CsvImporter::parse(content, rel, options, 0);
}

inline const Dataset& sp500() {
  static const Dataset ds = load_real("market/sp500_daily_2000-2020.csv", "sp500_daily");
  return ds;
}

inline const Dataset& dow30() {
  static const Dataset ds = load_real("market/dowjones30_close_1991-2000.csv", "dow30");
  return ds;
}

}  // namespace mlt::test
