// Macro features joined point in time onto real AAPL features, from the
// bundled FRED file (period dates → publication-lag rule).
#include "features/macro_features.h"

#include <gtest/gtest.h>

#include <cmath>

#include "data/as_of_join.h"
#include "data/csv_import.h"
#include "data/fred_vintages.h"
#include "features/feature_set.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

Dataset bundled(const std::string& rel) {
  const std::string content = CsvImporter::read_bytes(test::data_file(rel));
  return CsvImporter::parse(content, rel, CsvImportOptions{}, 0);
}

TEST(MacroFeaturesTest, CpiJoinedAsOfPublicationNeverItsPeriod) {
  const Dataset aapl = bundled("market/aapl_daily_2013-2018.csv");
  const Dataset fred = bundled("macro/fred_core_series.csv");
  const FeatureMatrix base = bar_features(aapl.bars());
  const FeatureMatrix fm = macro_features_as_of(base, fred, {.columns = {"CPIAUCSL", "UNRATE"}});
  EXPECT_EQ(fm.rows(), base.rows());  // CPI is published long before 2013
  ASSERT_GE(fm.column_index("macro_CPIAUCSL"), 0);
  ASSERT_GE(fm.column_index("macro_UNRATE_chg"), 0);
  const auto cpi = fm.column(static_cast<std::size_t>(fm.column_index("macro_CPIAUCSL")));
  const Series raw = fred.panel().series("CPIAUCSL");
  for (std::size_t r = 0; r < fm.rows(); r += 37) {
    // The value used at t is the newest month published (by the lag rule) on or before t.
    double expected = std::nan("");
    for (std::size_t i = 0; i < raw.size(); ++i)
      if (std::isfinite(raw.values[i]) && publication_date(raw.ts[i], 'M') <= fm.ts[r]) expected = raw.values[i];
    EXPECT_EQ(cpi[r], expected) << format_date(fm.ts[r]);
  }
}

TEST(MacroFeaturesTest, RowsBeforeTheFirstPublicationAreDropped) {
  const Dataset fred = bundled("macro/fred_core_series.csv");
  const std::vector<TimestampMs> at = {*parse_timestamp("1947-01-15"), *parse_timestamp("1947-02-16"),
                                       *parse_timestamp("1947-02-17")};
  const AsOfColumn cpi = as_of_values(fred, "CPIAUCSL", at);  // first CPI month 1947-01, known 1947-02-16
  EXPECT_TRUE(std::isnan(cpi.values[0]));
  EXPECT_FALSE(std::isnan(cpi.values[1]));
  EXPECT_NE(cpi.rule.find("frequency M"), std::string::npos);
}

}  // namespace
}  // namespace mlt
