#include "data/csv_layout.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "core/error.h"

namespace mlt {

namespace {

// "Adj Close" -> "adjclose", "series_id" -> "seriesid": how headers are matched.
std::string normalize(std::string_view name) {
  std::string out;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

constexpr std::array<std::string_view, 8> kDateNames = {"date", "datetime", "timestamp",       "time",
                                                        "day",  "dt",       "observationdate", "period"};
constexpr std::array<std::string_view, 6> kSeriesNames = {"seriesid", "series",     "symbol",
                                                          "ticker",   "seriesname", "code"};
constexpr std::array<std::string_view, 4> kValueNames = {"value", "val", "observation", "obs"};
constexpr std::array<std::string_view, 5> kBarFields = {"open", "high", "low", "close", "volume"};

struct HeaderIndex {
  std::vector<std::string> names;
  std::vector<std::string> normalized;

  // Exact name first, then the normalized form.
  int find(std::string_view wanted) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == wanted) return static_cast<int>(i);
    const std::string key = normalize(wanted);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (!key.empty() && normalized[i] == key) return static_cast<int>(i);
    return -1;
  }
  template <std::size_t N>
  int find_any(const std::array<std::string_view, N>& candidates) const {
    for (auto c : candidates)
      if (int i = find(c); i >= 0) return i;
    return -1;
  }
};

std::string header_list(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

[[noreturn]] void missing_column(const std::string& file, std::size_t line, std::string_view column,
                                 const std::vector<std::string>& header, const std::string& hint) {
  throw Error(ErrorKind::DataError,
              fmt::format("file '{}' line {}: column '{}' is missing (the header has: {})", file, line, column,
                          header_list(header)),
              hint);
}

void resolve_time(CsvLayout& layout, const HeaderIndex& index, const std::string& file,
                  const CsvImportOptions& options) {
  const std::string& wanted = options.date_column;
  const std::string hint = "name the date column 'date' or pass date_column with its header name";
  if (!wanted.empty() && index.find(wanted) >= 0) {
    layout.date_col = index.find(wanted);
    return;
  }
  if (const auto plus = wanted.find('+'); plus != std::string::npos) {
    const std::string year = wanted.substr(0, plus), quarter = wanted.substr(plus + 1);
    layout.year_col = index.find(year);
    layout.quarter_col = index.find(quarter);
    if (layout.year_col < 0) missing_column(file, layout.header_line, year, index.names, hint);
    if (layout.quarter_col < 0) missing_column(file, layout.header_line, quarter, index.names, hint);
    return;
  }
  if (!wanted.empty()) missing_column(file, layout.header_line, wanted, index.names, hint);
  layout.date_col = index.find_any(kDateNames);
  if (layout.date_col >= 0) return;
  layout.year_col = index.find("year");
  layout.quarter_col = index.find("quarter");
  if (layout.quarter_col < 0) layout.quarter_col = index.find("qtr");
  if (layout.year_col >= 0 && layout.quarter_col >= 0) return;
  layout.year_col = layout.quarter_col = -1;
  missing_column(file, layout.header_line, "date", index.names, hint);
}

void resolve_bars(CsvLayout& layout, const HeaderIndex& index, const std::string& file,
                  const CsvImportOptions& options) {
  std::array<int*, 5> targets = {&layout.open_col, &layout.high_col, &layout.low_col, &layout.close_col,
                                 &layout.volume_col};
  for (std::size_t f = 0; f < kBarFields.size(); ++f) {
    const std::string field(kBarFields[f]);
    const auto mapped = options.columns.find(field);
    const std::string wanted = mapped != options.columns.end() ? mapped->second : field;
    *targets[f] = index.find(wanted);
    if (*targets[f] >= 0 || field == "volume") continue;  // volume is optional
    missing_column(
        file, layout.header_line, wanted, index.names,
        fmt::format("map the {} column explicitly, e.g. columns: {{\"{}\": \"<header name>\"}}", field, field));
  }
  if (options.columns.count("volume") && layout.volume_col < 0)
    missing_column(file, layout.header_line, options.columns.at("volume"), index.names,
                   "map volume to a column of the header, or leave it out");
}

void resolve_long(CsvLayout& layout, const HeaderIndex& index, const std::string& file,
                  const CsvImportOptions& options) {
  const std::string hint = "a long file has a series column (series_id), a date column and a value column";
  layout.series_col = options.series_column.empty() ? index.find_any(kSeriesNames) : index.find(options.series_column);
  if (layout.series_col < 0)
    missing_column(file, layout.header_line, options.series_column.empty() ? "series_id" : options.series_column,
                   index.names, hint);
  layout.value_col = options.value_column.empty() ? index.find_any(kValueNames) : index.find(options.value_column);
  if (layout.value_col < 0)
    missing_column(file, layout.header_line, options.value_column.empty() ? "value" : options.value_column, index.names,
                   hint);
}

CsvShape choose_shape(const HeaderIndex& index, const CsvImportOptions& options) {
  if (options.layout == "bars") return CsvShape::Bars;
  if (options.layout == "wide") return CsvShape::Wide;
  if (options.layout == "long") return CsvShape::Long;
  if (!options.columns.empty()) return CsvShape::Bars;
  if ((!options.series_column.empty() || index.find_any(kSeriesNames) >= 0) &&
      (!options.value_column.empty() || index.find_any(kValueNames) >= 0))
    return CsvShape::Long;
  const bool ohlc =
      index.find("open") >= 0 && index.find("high") >= 0 && index.find("low") >= 0 && index.find("close") >= 0;
  return ohlc ? CsvShape::Bars : CsvShape::Wide;
}

}  // namespace

std::string_view shape_name(CsvShape shape) {
  switch (shape) {
    case CsvShape::Bars:
      return "bars";
    case CsvShape::Wide:
      return "wide";
    case CsvShape::Long:
      return "long";
  }
  return "wide";
}

char detect_delimiter(std::string_view header_line, const std::string& file_label, std::size_t line,
                      const CsvImportOptions& options) {
  if (!options.delimiter.empty()) {
    if (options.delimiter == "," || options.delimiter == ";") return options.delimiter[0];
    if (options.delimiter == "\t" || options.delimiter == "tab") return '\t';
    throw Error(ErrorKind::InvalidArgument, fmt::format("delimiter '{}' is not supported", options.delimiter),
                "use ',', ';' or 'tab'");
  }
  std::size_t commas = 0, semicolons = 0, tabs = 0;
  bool quoted = false;
  for (char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (commas > 0) return ',';
  if (semicolons > 0 && tabs == 0) return ';';
  if (tabs > 0 && semicolons == 0) return '\t';
  while (!header_line.empty() && header_line.back() == '\r') header_line.remove_suffix(1);
  const std::string shown(header_line.substr(0, 60));
  if (semicolons > 0)
    throw Error(
        ErrorKind::DataError,
        fmt::format("file '{}' line {}, column '{}': the header mixes ';' and tab separators; a comma is expected",
                    file_label, line, shown),
        "save the file as comma-separated values (CSV)");
  throw Error(ErrorKind::DataError,
              fmt::format("file '{}' line {}, column '{}': the header has a single column; a comma-separated header "
                          "such as date,open,high,low,close,volume is expected",
                          file_label, line, shown),
              "save the file as comma-separated values (CSV), or pass delimiter if it uses another separator");
}

CsvLayout resolve_layout(const std::vector<std::string_view>& header, std::size_t header_line, char delimiter,
                         const std::string& file_label, const CsvImportOptions& options) {
  for (const auto& [field, column] : options.columns)
    if (std::find(kBarFields.begin(), kBarFields.end(), field) == kBarFields.end())
      throw Error(ErrorKind::InvalidArgument, fmt::format("columns: '{}' is not a bar field", field),
                  "map open, high, low, close or volume to header names");
  if (options.layout != "auto" && options.layout != "bars" && options.layout != "wide" && options.layout != "long")
    throw Error(ErrorKind::InvalidArgument, fmt::format("layout '{}' is not known", options.layout),
                "use auto, bars, wide or long");

  CsvLayout layout;
  layout.delimiter = delimiter;
  layout.header_line = header_line;
  HeaderIndex index;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name(header[i]);
    if (name.empty())
      throw Error(ErrorKind::DataError,
                  fmt::format("file '{}' line {}, column {}: the header cell is empty", file_label, header_line, i + 1),
                  "give every column a name in the first row");
    index.normalized.push_back(normalize(name));
    index.names.push_back(std::move(name));
  }
  layout.header = index.names;
  for (std::size_t i = 0; i < index.names.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (index.names[i] == index.names[j])
        throw Error(
            ErrorKind::DataError,
            fmt::format("file '{}' line {}, column '{}': the header names this column twice (columns {} and {})",
                        file_label, header_line, index.names[i], j + 1, i + 1),
            "give every column a distinct name");

  layout.shape = choose_shape(index, options);
  if (!options.columns.empty() && layout.shape != CsvShape::Bars)
    throw Error(ErrorKind::InvalidArgument, "columns maps bar fields, but the layout is not bars",
                "drop columns, or use layout 'bars'");
  resolve_time(layout, index, file_label, options);
  if (layout.shape == CsvShape::Bars) resolve_bars(layout, index, file_label, options);
  if (layout.shape == CsvShape::Long) resolve_long(layout, index, file_label, options);

  const std::set<int> used = {layout.date_col,   layout.year_col, layout.quarter_col, layout.open_col,
                              layout.high_col,   layout.low_col,  layout.close_col,   layout.volume_col,
                              layout.series_col, layout.value_col};
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    if (used.count(i)) continue;
    if (layout.shape == CsvShape::Wide)
      layout.value_cols.push_back(i);
    else
      layout.ignored_columns.push_back(layout.name(i));
  }
  if (layout.shape == CsvShape::Wide && layout.value_cols.empty())
    throw Error(ErrorKind::DataError,
                fmt::format("file '{}' line {}, column '{}': there is no value column besides the date", file_label,
                            header_line, layout.time_column()),
                "add at least one column of numbers");
  return layout;
}

CsvImportOptions CsvLayout::to_options(const CsvImportOptions& given) const {
  CsvImportOptions out;
  out.name = given.name;
  out.description = given.description;
  out.layout = std::string(shape_name(shape));
  out.delimiter = delimiter == '\t' ? "\t" : std::string(1, delimiter);
  out.date_column = date_col >= 0 ? name(date_col) : name(year_col) + "+" + name(quarter_col);
  if (shape == CsvShape::Bars) {
    out.columns = {
        {"open", name(open_col)}, {"high", name(high_col)}, {"low", name(low_col)}, {"close", name(close_col)}};
    if (volume_col >= 0) out.columns["volume"] = name(volume_col);
  }
  if (shape == CsvShape::Long) {
    out.series_column = name(series_col);
    out.value_column = name(value_col);
  }
  return out;
}

}  // namespace mlt
