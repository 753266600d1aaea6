// The bundled real files import with the values their vendors published.
// Each row: file, date, column, the value as written in the file (checked to
// 1e-6, or 1e-4 for FRED's float32-rounded values) and the rounded value
// quoted in data/README.md (checked to half a cent).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/sha256.h"
#include "data/csv_import.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

struct SpotValue {
  const char* file;
  const char* when;
  const char* column;
  double in_file;
  double published;
  double tolerance;
};

constexpr SpotValue kSpotValues[] = {
    {"market/sp500_daily_2000-2020.csv", "2008-10-15", "close", 907.840027, 907.84, 1e-6},
    {"market/sp500_daily_2000-2020.csv", "2020-03-16", "close", 2386.129883, 2386.13, 1e-6},
    {"market/sp500_daily_2000-2020.csv", "2010-05-06", "low", 1065.790039, 1065.79, 1e-6},
    {"market/aapl_daily_2013-2018.csv", "2015-08-24", "open", 94.870003, 94.87, 1e-6},
    {"market/aapl_daily_2013-2018.csv", "2015-08-24", "low", 92.000000, 92.00, 1e-6},
    {"market/aapl_daily_2013-2018.csv", "2015-08-24", "close", 103.120003, 103.12, 1e-6},
    {"market/goog_daily_2004-2008.csv", "2004-08-19", "open", 100.0, 100.00, 1e-6},
    {"market/goog_daily_2004-2008.csv", "2004-08-19", "close", 100.34, 100.34, 1e-6},
    {"market/dowjones30_close_1991-2000.csv", "2000-04-14", "MSFT", 74.12, 74.12, 1e-6},
    {"macro/fred_core_series.csv", "1948-01-01", "UNRATE", 3.4, 3.4, 1e-4},
    {"macro/fred_core_series.csv", "2020-04-01", "UNRATE", 14.7, 14.7, 1e-4},
    {"macro/fred_core_series.csv", "1981-06-01", "FEDFUNDS", 19.1, 19.10, 1e-4},
    {"macro/us_macro_quarterly_1959-2009.csv", "1959-01-01", "realgdp", 2710.349, 2710.349, 1e-6},
    {"macro/us_macro_quarterly_1959-2009.csv", "2009-07-01", "realint", -3.44, -3.44, 1e-6},
    {"intraday/usdchf_30min_1996-2001.csv", "1996-04-01 00:30:00", "usdchf", 1.1941, 1.1941, 1e-6},
    {"intraday/usdchf_30min_1996-2001.csv", "2001-03-30 23:30:00", "usdchf", 1.7429, 1.7429, 1e-6},
};

CsvImport import_file(const std::string& rel) {
  const std::string content = CsvImporter::read_bytes(test::data_file(rel));
  return CsvImporter::import(content, "data/" + rel, {}, 1'700'000'000'000);
}

double value_at(const Dataset& ds, const std::string& when, const std::string& column) {
  const TimestampMs ts = *parse_timestamp(when);
  const auto& index = ds.timestamps();
  const auto it = std::lower_bound(index.begin(), index.end(), ts);
  if (it == index.end() || *it != ts) ADD_FAILURE() << "no row at " << when;
  const auto row = static_cast<std::size_t>(it - index.begin());
  if (ds.kind() == DatasetKind::Panel) return ds.panel().series(column).values.at(row);
  const Bars& b = ds.bars();
  if (column == "open") return b.open.at(row);
  if (column == "high") return b.high.at(row);
  if (column == "low") return b.low.at(row);
  if (column == "close") return b.close.at(row);
  return b.volume.at(row);
}

TEST(CsvImportRealData, SpotValuesMatchTheVendors) {
  for (const auto& spot : kSpotValues) {
    SCOPED_TRACE(std::string(spot.file) + " " + spot.when + " " + spot.column);
    const Dataset ds = import_file(spot.file).dataset;
    const double v = value_at(ds, spot.when, spot.column);
    EXPECT_NEAR(v, spot.in_file, spot.tolerance);
    EXPECT_NEAR(v, spot.published, 0.005);
  }
}

struct Shape {
  const char* file;
  DatasetKind kind;
  std::size_t rows;
  std::size_t columns;
  const char* first;
  const char* last;
};

TEST(CsvImportRealData, EachFileHasItsKindRowsAndRange) {
  const Shape shapes[] = {
      {"market/sp500_daily_2000-2020.csv", DatasetKind::Bars, 5105, 5, "2000-01-03", "2020-04-17"},
      {"market/aapl_daily_2013-2018.csv", DatasetKind::Bars, 1260, 5, "2013-05-13", "2018-05-11"},
      {"market/goog_daily_2004-2008.csv", DatasetKind::Bars, 1047, 5, "2004-08-19", "2008-10-14"},
      {"market/dowjones30_close_1991-2000.csv", DatasetKind::Panel, 2529, 30, "1990-12-31", "2001-01-02"},
      {"macro/fred_core_series.csv", DatasetKind::Panel, 1245, 17, "1919-01-01", "2022-09-01"},
      {"macro/us_macro_quarterly_1959-2009.csv", DatasetKind::Panel, 203, 12, "1959-01-01", "2009-07-01"},
      {"intraday/usdchf_30min_1996-2001.csv", DatasetKind::Panel, 62496, 1, "1996-04-01", "2001-03-30 23:30:00"},
  };
  for (const auto& s : shapes) {
    SCOPED_TRACE(s.file);
    const CsvImport imported = import_file(s.file);
    const Dataset& ds = imported.dataset;
    EXPECT_EQ(ds.kind(), s.kind);
    EXPECT_EQ(ds.rows(), s.rows);
    EXPECT_EQ(ds.columns().size(), s.columns);
    EXPECT_EQ(format_timestamp(ds.timestamps().front()), s.first);
    EXPECT_EQ(format_timestamp(ds.timestamps().back()), s.last);
    EXPECT_TRUE(std::is_sorted(ds.timestamps().begin(), ds.timestamps().end()));
    EXPECT_EQ(ds.provenance().source, Source::UserFile);
    EXPECT_EQ(ds.provenance().sha256, sha256_hex(CsvImporter::read_bytes(test::data_file(s.file))));
  }
}

TEST(CsvImportRealData, AaplBarsUseSplitAdjustedPricesAndIgnoreAdjClose) {
  const CsvImport imported = import_file("market/aapl_daily_2013-2018.csv");
  EXPECT_EQ(imported.ignored_columns, std::vector<std::string>{"Adj Close"});
  EXPECT_EQ(imported.resolved.layout, "bars");
  EXPECT_EQ(imported.resolved.date_column, "Date");
  EXPECT_EQ(imported.resolved.columns.at("close"), "Close");
  EXPECT_EQ(imported.dataset.name(), "aapl_daily_2013-2018");
}

TEST(CsvImportRealData, DowFileKeepsTheStaleRepeatedRow) {
  const Dataset ds = import_file("market/dowjones30_close_1991-2000.csv").dataset;
  const Panel& p = ds.panel();
  EXPECT_EQ(format_date(p.ts[1]), "1991-01-02");
  for (std::size_t c = 0; c < p.columns.size(); ++c) EXPECT_EQ(p.values[c][0], p.values[c][1]) << p.columns[c];
}

TEST(CsvImportRealData, FredLongFileBecomesAPanelWithNaNWhereASeriesHasNoValue) {
  const CsvImport imported = import_file("macro/fred_core_series.csv");
  EXPECT_EQ(imported.resolved.layout, "long");
  EXPECT_EQ(imported.ignored_columns, std::vector<std::string>{"freq"});
  const Dataset& ds = imported.dataset;
  EXPECT_EQ(ds.panel().columns.front(), "HOUST");              // order of first appearance
  EXPECT_TRUE(std::isnan(value_at(ds, "1948-01-01", "GS2")));  // GS2 starts 1976-06
  EXPECT_NEAR(value_at(ds, "1976-06-01", "GS2"), 7.06, 1e-4);
  EXPECT_TRUE(std::isnan(value_at(ds, "2020-02-01", "GDP")));  // quarterly: no February value
}

TEST(CsvImportRealData, UsMacroIsDatedAtTheFirstDayOfEachQuarter) {
  const CsvImport imported = import_file("macro/us_macro_quarterly_1959-2009.csv");
  EXPECT_EQ(imported.resolved.date_column, "year+quarter");
  const Panel& p = imported.dataset.panel();
  EXPECT_EQ(format_date(p.ts[1]), "1959-04-01");
  EXPECT_EQ(p.column_index("year"), -1);
  EXPECT_EQ(p.columns.front(), "realgdp");
}

TEST(CsvImportRealData, ResolvedOptionsReparseIdentically) {
  for (const char* rel :
       {"market/sp500_daily_2000-2020.csv", "macro/fred_core_series.csv", "macro/us_macro_quarterly_1959-2009.csv"}) {
    SCOPED_TRACE(rel);
    const std::string content = CsvImporter::read_bytes(test::data_file(rel));
    const CsvImport first = CsvImporter::import(content, rel, {}, 0);
    const CsvImportOptions stored = CsvImportOptions::from_json(first.resolved.to_json());
    const Dataset again = CsvImporter::parse(content, rel, stored, 0);
    EXPECT_EQ(again.timestamps(), first.dataset.timestamps());
    EXPECT_EQ(again.columns(), first.dataset.columns());
  }
}

TEST(CsvImportRealData, ExplicitMappingAndSemicolonFilesWork) {
  // The S&P file's first rows with the close taken from adjclose (identical in this file)
  // and written with ';' as a European spreadsheet would.
  std::string content = CsvImporter::read_bytes(test::data_file("market/sp500_daily_2000-2020.csv")).substr(0, 300);
  content.resize(content.rfind('\n') + 1);
  CsvImportOptions options;
  options.columns = {{"close", "adjclose"}};
  const Dataset mapped = CsvImporter::parse(content, "sp500_head.csv", options, 0);
  EXPECT_NEAR(mapped.bars().close[0], 1455.219971, 1e-6);
  std::replace(content.begin(), content.end(), ',', ';');
  const CsvImport semi = CsvImporter::import(content, "sp500_head.csv", {}, 0);
  EXPECT_EQ(semi.resolved.delimiter, ";");
  EXPECT_NEAR(semi.dataset.bars().close[0], 1455.219971, 1e-6);
}

}  // namespace
}  // namespace mlt
