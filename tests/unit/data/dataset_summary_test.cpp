// describe_dataset / dataset_rows on real data: statistics, frequency and gaps.
#include "data/dataset_summary.h"

#include <gtest/gtest.h>

#include "data/csv_import.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

Dataset bundled(const std::string& rel) {
  return CsvImporter::parse(CsvImporter::read_bytes(test::data_file(rel)), rel, {}, 0);
}

TEST(DatasetSummary, StatisticsOfTheUsMacroPanel) {
  const Json d = describe_dataset(bundled("macro/us_macro_quarterly_1959-2009.csv"));
  EXPECT_EQ(d["frequency"], "quarterly");
  EXPECT_EQ(d["gaps"]["count"], 0);
  const Json unemp = d["columns"][8];
  ASSERT_EQ(unemp["name"], "unemp");
  EXPECT_EQ(unemp["count"], 203);
  EXPECT_EQ(unemp["missing"], 0);
  EXPECT_NEAR(unemp["min"].get<double>(), 3.4, 1e-9);   // 1969
  EXPECT_NEAR(unemp["max"].get<double>(), 10.7, 1e-9);  // 1982Q4
  EXPECT_LE(unemp["25%"].get<double>(), unemp["50%"].get<double>());
  EXPECT_LE(unemp["50%"].get<double>(), unemp["75%"].get<double>());
  EXPECT_GT(unemp["std"].get<double>(), 0);
}

TEST(DatasetSummary, FredPanelCountsMissingValues) {
  const Json d = describe_dataset(bundled("macro/fred_core_series.csv"));
  EXPECT_EQ(d["rows"], 1245);
  const Json gs2 = d["columns"][10];
  ASSERT_EQ(gs2["name"], "GS2");
  EXPECT_EQ(gs2["count"], 556);
  EXPECT_EQ(gs2["missing"], 1245 - 556);
}

TEST(DatasetSummary, IntradayFrequencyAndWeekendsAreNotGaps) {
  const Json d = describe_dataset(bundled("intraday/usdchf_30min_1996-2001.csv"));
  EXPECT_EQ(d["frequency"], "intraday");
  EXPECT_EQ(d["last"], "2001-03-30 23:30:00");
  for (const auto& g : d["gaps"]["largest"]) EXPECT_GT(g["days"].get<double>(), 4.0);
}

TEST(DatasetSummary, RowsClampToTheDatasetLength) {
  const Json r = dataset_rows(bundled("macro/us_macro_quarterly_1959-2009.csv"), 1000, 0);
  EXPECT_EQ(r["head"].size(), 203u);
  EXPECT_EQ(r["tail"].size(), 0u);
  EXPECT_EQ(r["columns"][0], "date");
  EXPECT_EQ(r["head"][0][0], "1959-01-01");
}

}  // namespace
}  // namespace mlt
