#include "data/csv_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "core/error.h"
#include "core/sha256.h"
#include "data/csv_layout.h"
#include "data/csv_reader.h"

namespace mlt {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Spellings of "no value" that real exports use; "." is FRED's.
bool is_missing_token(std::string_view s) {
  return s.empty() || s == "." || s == "NA" || s == "N/A" || s == "#N/A" || s == "NaN" || s == "nan" || s == "null" ||
         s == "NULL" || s == "-";
}

// The first line that is not blank, and its 1-based number.
std::pair<std::string_view, std::size_t> first_content_line(std::string_view body) {
  std::size_t line = 1, pos = 0;
  while (pos < body.size()) {
    const std::size_t end = std::min(body.find('\n', pos), body.size());
    const std::string_view text = body.substr(pos, end - pos);
    if (text.find_first_not_of(" \t\r") != std::string_view::npos) return {text, line};
    pos = end + 1;
    ++line;
  }
  return {{}, 0};
}

// Reads cells of one file, failing with messages that name file, line and column.
class CellReader {
 public:
  CellReader(const std::string& file, const CsvLayout& layout) : file_(file), layout_(layout) {}

  [[noreturn]] void fail(std::size_t line, int col, const std::string& problem, const std::string& hint) const {
    throw Error(ErrorKind::DataError,
                fmt::format("file '{}' line {}, column '{}': {}", file_, line, layout_.name(col), problem), hint);
  }

  // NaN for a missing value.
  double number(const std::vector<std::string_view>& fields, int col, std::size_t line) const {
    std::string_view s = fields[static_cast<std::size_t>(col)];
    if (is_missing_token(s)) return kNaN;
    if (s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
      std::string hint = "use plain numbers with '.' as the decimal mark; leave the cell empty for a missing value";
      if (layout_.delimiter == ';' && s.find(',') != std::string_view::npos)
        hint = "this ';'-separated file seems to use a decimal comma; export it with '.' as the decimal mark";
      fail(line, col, fmt::format("'{}' is not a number", fields[static_cast<std::size_t>(col)]), hint);
    }
    return v;
  }

  TimestampMs time(const std::vector<std::string_view>& fields, std::size_t line) const {
    if (layout_.date_col >= 0) {
      const std::string_view text = fields[static_cast<std::size_t>(layout_.date_col)];
      if (auto ts = parse_timestamp(text)) return *ts;
      fail(line, layout_.date_col, fmt::format("cannot read '{}' as a date", text),
           "write dates as 2024-01-31 or 2024-01-31 15:30:00 (ISO 8601)");
    }
    const int year = integer(fields, layout_.year_col, line);
    std::string_view q = fields[static_cast<std::size_t>(layout_.quarter_col)];
    if (!q.empty() && (q.front() == 'Q' || q.front() == 'q')) q.remove_prefix(1);
    int quarter = 0;
    const auto [end, ec] = std::from_chars(q.data(), q.data() + q.size(), quarter);
    if (ec != std::errc() || end != q.data() + q.size() || quarter < 1 || quarter > 4)
      fail(line, layout_.quarter_col,
           fmt::format("'{}' is not a quarter", fields[static_cast<std::size_t>(layout_.quarter_col)]),
           "quarters are 1, 2, 3 or 4 (or Q1..Q4)");
    return days_from_civil(year, static_cast<unsigned>(3 * (quarter - 1) + 1), 1) * kMsPerDay;
  }

  // Enforces one value per header column; extra empty cells at the end are tolerated.
  void check_width(std::vector<std::string_view>& fields, std::size_t line) const {
    const std::size_t want = layout_.header.size();
    if (fields.size() > want &&
        std::all_of(fields.begin() + static_cast<std::ptrdiff_t>(want), fields.end(), [](auto f) { return f.empty(); }))
      fields.resize(want);
    if (fields.size() == want) return;
    std::string why;
    if (fields.size() == 1 && layout_.delimiter == ',') {
      if (fields[0].find(';') != std::string_view::npos) why = "; the line is separated by ';' but a comma is expected";
      if (fields[0].find('\t') != std::string_view::npos)
        why = "; the line is separated by tabs but a comma is expected";
    }
    if (fields.size() < want)
      fail(line, static_cast<int>(fields.size()),
           fmt::format("expected {} fields, found {}: this column has no value{}", want, fields.size(), why),
           why.empty() ? "every row needs one value per header column (leave a cell empty for a missing value)"
                       : "separate every value in the file with a comma, as in the header");
    fail(line, static_cast<int>(want - 1),
         fmt::format("expected {} fields, found {}: extra values after this column", want, fields.size()),
         "every row needs one value per header column; quote values that contain the delimiter");
  }

  // Rows must be strictly increasing in time.
  void check_order(TimestampMs ts, std::size_t line, TimestampMs prev_ts, std::size_t prev_line) const {
    if (prev_line == 0 || ts > prev_ts) return;
    const int col = layout_.date_col >= 0 ? layout_.date_col : layout_.year_col;
    if (ts == prev_ts)
      fail(line, col, fmt::format("duplicate timestamp {} (also on line {})", format_timestamp(ts), prev_line),
           "remove the repeated row");
    fail(line, col,
         fmt::format("timestamp {} comes after {} on line {}; rows must be in increasing time order",
                     format_timestamp(ts), format_timestamp(prev_ts), prev_line),
         "sort the file by date, oldest first");
  }

 private:
  int integer(const std::vector<std::string_view>& fields, int col, std::size_t line) const {
    const std::string_view s = fields[static_cast<std::size_t>(col)];
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
      fail(line, col, fmt::format("'{}' is not a year", s), "write years as 1959");
    return v;
  }

  const std::string& file_;
  const CsvLayout& layout_;
};

Bars read_bars(CsvReader& reader, const CellReader& cells, const CsvLayout& layout) {
  Bars bars;
  std::vector<std::string_view> f;
  std::size_t prev_line = 0;
  while (reader.next(f)) {
    const std::size_t line = reader.line();
    cells.check_width(f, line);
    const TimestampMs ts = cells.time(f, line);
    cells.check_order(ts, line, prev_line ? bars.ts.back() : 0, prev_line);
    double price[4];
    const int cols[4] = {layout.open_col, layout.high_col, layout.low_col, layout.close_col};
    for (int k = 0; k < 4; ++k) {
      price[k] = cells.number(f, cols[k], line);
      if (std::isnan(price[k]))
        cells.fail(line, cols[k], "the price is missing",
                   "bars need open, high, low and close on every row; remove the row");
      if (price[k] < 0)
        cells.fail(line, cols[k], fmt::format("negative price {}", price[k]), "prices cannot be negative");
    }
    const auto [open, high, low, close] = price;
    if (high < std::max(open, close))
      cells.fail(line, layout.high_col,
                 fmt::format("high {} is below max(open, close) = {}", high, std::max(open, close)),
                 "check the row: the high must be at least the open and the close");
    if (low > std::min(open, close))
      cells.fail(line, layout.low_col, fmt::format("low {} is above min(open, close) = {}", low, std::min(open, close)),
                 "check the row: the low must be at most the open and the close");
    const double volume = layout.volume_col >= 0 ? cells.number(f, layout.volume_col, line) : kNaN;
    if (volume < 0)
      cells.fail(line, layout.volume_col, fmt::format("negative volume {}", volume), "volumes cannot be negative");
    bars.ts.push_back(ts);
    bars.open.push_back(open);
    bars.high.push_back(high);
    bars.low.push_back(low);
    bars.close.push_back(close);
    bars.volume.push_back(volume);
    prev_line = line;
  }
  return bars;
}

Panel read_wide(CsvReader& reader, const CellReader& cells, const CsvLayout& layout) {
  Panel panel;
  for (int c : layout.value_cols) panel.columns.push_back(layout.name(c));
  panel.values.resize(layout.value_cols.size());
  std::vector<std::string_view> f;
  std::size_t prev_line = 0;
  while (reader.next(f)) {
    const std::size_t line = reader.line();
    cells.check_width(f, line);
    const TimestampMs ts = cells.time(f, line);
    cells.check_order(ts, line, prev_line ? panel.ts.back() : 0, prev_line);
    panel.ts.push_back(ts);
    for (std::size_t k = 0; k < layout.value_cols.size(); ++k)
      panel.values[k].push_back(cells.number(f, layout.value_cols[k], line));
    prev_line = line;
  }
  return panel;
}

// Long rows (series, date, value) pivoted into one column per series, in
// order of first appearance, over the union of all dates; NaN where a series
// has no value. Each series' own dates must increase.
Panel read_long(CsvReader& reader, const CellReader& cells, const CsvLayout& layout) {
  struct Column {
    std::vector<TimestampMs> ts;
    std::vector<double> values;
    std::vector<std::size_t> lines;
    std::size_t last_line = 0;
  };
  std::vector<std::string> names;
  std::vector<Column> columns;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<std::string_view> f;
  while (reader.next(f)) {
    const std::size_t line = reader.line();
    cells.check_width(f, line);
    const std::string_view series = f[static_cast<std::size_t>(layout.series_col)];
    if (series.empty()) cells.fail(line, layout.series_col, "the series name is empty", "name the series on every row");
    auto [it, added] = index.try_emplace(std::string(series), columns.size());
    if (added) {
      names.emplace_back(series);
      columns.emplace_back();
    }
    Column& col = columns[it->second];
    const TimestampMs ts = cells.time(f, line);
    if (col.last_line && ts < col.ts.back()) {
      // A repeat of an earlier observation is a duplicate, not an ordering problem.
      const auto at = std::lower_bound(col.ts.begin(), col.ts.end(), ts);
      if (*at == ts) cells.check_order(ts, line, ts, col.lines[static_cast<std::size_t>(at - col.ts.begin())]);
    }
    cells.check_order(ts, line, col.last_line ? col.ts.back() : 0, col.last_line);
    col.lines.push_back(line);
    col.ts.push_back(ts);
    col.values.push_back(cells.number(f, layout.value_col, line));
    col.last_line = line;
  }
  Panel panel;
  for (const auto& c : columns) panel.ts.insert(panel.ts.end(), c.ts.begin(), c.ts.end());
  std::sort(panel.ts.begin(), panel.ts.end());
  panel.ts.erase(std::unique(panel.ts.begin(), panel.ts.end()), panel.ts.end());
  panel.columns = std::move(names);
  for (const auto& c : columns) {
    std::vector<double> values(panel.ts.size(), kNaN);
    for (std::size_t i = 0; i < c.ts.size(); ++i) {
      const auto at = std::lower_bound(panel.ts.begin(), panel.ts.end(), c.ts[i]) - panel.ts.begin();
      values[static_cast<std::size_t>(at)] = c.values[i];
    }
    panel.values.push_back(std::move(values));
  }
  return panel;
}

// Bytes past the BOM that some spreadsheets write; they are still hashed.
std::string_view without_bom(std::string_view content) {
  return content.substr(0, 3) == "\xEF\xBB\xBF" ? content.substr(3) : content;
}

[[noreturn]] void fail_invalid_utf8(std::string_view body, std::size_t offset, const std::string& file, char delimiter,
                                    std::string_view header_line) {
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  const std::size_t line_start = body.rfind('\n', offset) == std::string_view::npos ? 0 : body.rfind('\n', offset) + 1;
  const auto field =
      static_cast<std::size_t>(std::count(body.begin() + static_cast<std::ptrdiff_t>(line_start),
                                          body.begin() + static_cast<std::ptrdiff_t>(offset), delimiter));
  std::string column = fmt::format("column {}", field + 1);
  if (find_invalid_utf8(header_line) == std::nullopt) {
    CsvReader header(header_line, file, delimiter);
    std::vector<std::string_view> names;
    if (header.next(names) && field < names.size()) column = fmt::format("column '{}'", names[field]);
  }
  throw Error(ErrorKind::DataError,
              fmt::format("file '{}' line {}, {}: byte 0x{:02X} is not valid UTF-8", file, line, column,
                          static_cast<unsigned char>(body[offset])),
              "save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8'), or remove the stray bytes");
}

struct OpenedCsv {
  CsvLayout layout;
  std::optional<CsvReader> reader;  // positioned after the header
};

OpenedCsv open_csv(std::string_view content, const std::string& file, const CsvImportOptions& options) {
  const std::string_view body = without_bom(content);
  const auto [header_text, header_line] = first_content_line(body);
  if (header_line == 0)
    throw Error(ErrorKind::DataError, fmt::format("file '{}' line 1: the file is empty", file),
                "export the data with a header row, e.g. date,open,high,low,close,volume");
  const char delimiter = detect_delimiter(header_text, file, header_line, options);
  if (const auto bad = find_invalid_utf8(body)) fail_invalid_utf8(body, *bad, file, delimiter, header_text);

  OpenedCsv out;
  out.reader.emplace(body, file, delimiter);
  std::vector<std::string_view> header;
  out.reader->next(header);
  out.layout = resolve_layout(header, out.reader->line(), delimiter, file, options);
  out.reader->set_column_names(out.layout.header);
  return out;
}

}  // namespace

CsvImport CsvImporter::import(std::string_view content, const std::string& file_label, const CsvImportOptions& options,
                              TimestampMs retrieved_at) {
  const std::string name = options.name.empty() ? dataset_name_from_file(file_label) : options.name;
  check_dataset_name(name);
  OpenedCsv csv = open_csv(content, file_label, options);
  const CsvLayout& layout = csv.layout;
  CellReader cells(file_label, layout);

  Provenance provenance;
  provenance.source = Source::UserFile;
  provenance.identifier = file_label;
  provenance.retrieved_at = retrieved_at;
  provenance.sha256 = sha256_hex(content);
  provenance.origin = std::filesystem::path(file_label).filename().string();
  provenance.description = options.description;

  CsvImportOptions resolved = layout.to_options(options);
  resolved.name = name;
  const ApprovedSourceKey key;
  auto make = [&](auto data) {
    if (data.size() == 0)
      throw Error(
          ErrorKind::DataError,
          fmt::format("file '{}' line {}: there are no data rows below the header", file_label, layout.header_line + 1),
          "the file needs at least one row of data");
    return CsvImport{Dataset(key, name, std::move(provenance), std::move(data)), std::move(resolved),
                     layout.ignored_columns};
  };
  if (layout.shape == CsvShape::Bars) return make(read_bars(*csv.reader, cells, layout));
  if (layout.shape == CsvShape::Long) return make(read_long(*csv.reader, cells, layout));
  return make(read_wide(*csv.reader, cells, layout));
}

CsvImportOptions CsvImporter::resolve(std::string_view content, const std::string& file_label,
                                      const CsvImportOptions& options) {
  CsvImportOptions resolved = open_csv(content, file_label, options).layout.to_options(options);
  resolved.name = options.name.empty() ? dataset_name_from_file(file_label) : options.name;
  return resolved;
}

Dataset CsvImporter::parse(std::string_view content, const std::string& file_label, const CsvImportOptions& options,
                           TimestampMs retrieved_at) {
  return import(content, file_label, options, retrieved_at).dataset;
}

Dataset CsvImporter::read_file(const std::filesystem::path& path, const std::string& file_label,
                               const CsvImportOptions& options, TimestampMs retrieved_at, std::string* content_out) {
  std::string content = read_bytes(path);
  Dataset ds = parse(content, file_label, options, retrieved_at);
  if (content_out) *content_out = std::move(content);
  return ds;
}

}  // namespace mlt
