// Training with point-in-time macro features, end to end through a store:
// the real S&P 500 bars and the bundled FRED panel (fred_core) are imported
// into a temporary store, loaded back (SHA-256 checked) and trained on.
// Proves that every macro value a row at t uses was published by t under
// the documented lag rule (fred_core rows are period dates, no vintages).
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "data/dataset_repository.h"
#include "data/fred_vintages.h"
#include "ml/train_pipeline.h"
#include "store/store.h"
#include "support/test_paths.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

struct StoredData {
  test::TempDir dir;
  Store store{dir.path()};
  StoredData() {
    DatasetRepository repo(store);
    const std::string sp = test::slice_csv(test::read_text("market/sp500_daily_2000-2020.csv"), "2010-01-01", "2015-12-31");
    CsvImportOptions o1;
    o1.name = "sp500_daily";
    repo.save(CsvImporter::parse(sp, "market/sp500_daily_2000-2020.csv", o1, 0), sp, o1);
    const std::string fred = test::read_text("macro/fred_core_series.csv");
    CsvImportOptions o2;
    o2.name = "fred_core";
    repo.save(CsvImporter::parse(fred, "macro/fred_core_series.csv", o2, 0), fred, o2);
  }
};

// The newest value of `column` whose publication (lag rule) is on or before t.
double published_by(const Series& s, char freq, TimestampMs t) {
  double v = std::nan("");
  for (std::size_t i = 0; i < s.size(); ++i)
    if (std::isfinite(s.values[i]) && publication_date(s.ts[i], freq) <= t) v = s.values[i];
  return v;
}

TEST(MacroTraining, EveryMacroValueWasPublishedByItsRowDate) {
  StoredData data;
  DatasetRepository repo(data.store);
  const Dataset sp = repo.load("sp500_daily");
  const Dataset fred = repo.load("fred_core");
  TrainSpec spec;
  spec.features.macro = {fred};
  spec.features.macro_columns = {"CPIAUCSL", "UNRATE", "GDP"};  // monthly and quarterly lags
  const TrainingSet set = build_training_set(sp, spec);
  ASSERT_GT(set.X.rows(), 1000U);
  for (const auto& [column, freq] : {std::pair{"CPIAUCSL", 'M'}, {"UNRATE", 'M'}, {"GDP", 'Q'}}) {
    SCOPED_TRACE(column);
    const int c = set.X.column_index(std::string("macro_") + column);
    ASSERT_GE(c, 0);
    ASSERT_GE(set.X.column_index(std::string("macro_") + column + "_chg"), 0);
    const Series raw = fred.panel().series(column);
    bool changed_inside = false;
    for (std::size_t r = 0; r < set.X.rows(); ++r) {
      const double used = set.X.at(r, static_cast<std::size_t>(c));
      ASSERT_EQ(used, published_by(raw, freq, set.X.ts[r])) << format_date(set.X.ts[r]);
      changed_inside = changed_inside || (r > 0 && used != set.X.at(r - 1, static_cast<std::size_t>(c)));
    }
    EXPECT_TRUE(changed_inside) << "the macro value should move with publications";
  }
  // The look-ahead a period-date join would commit: on 2012-01-03 the December
  // 2011 CPI (period 2011-12-01) was not yet published, so it must not be used.
  const auto t = *parse_timestamp("2012-01-03");
  const Series cpi = fred.panel().series("CPIAUCSL");
  const int c = set.X.column_index("macro_CPIAUCSL");
  for (std::size_t r = 0; r < set.X.rows(); ++r)
    if (set.X.ts[r] == t) {
      double dec2011 = std::nan("");
      for (std::size_t i = 0; i < cpi.size(); ++i)
        if (cpi.ts[i] == *parse_timestamp("2011-12-01")) dec2011 = cpi.values[i];
      EXPECT_NE(set.X.at(r, static_cast<std::size_t>(c)), dec2011);
    }
}

TEST(MacroTraining, TrainsEndToEndAndRecordsTheMacroProvenance) {
  StoredData data;
  DatasetRepository repo(data.store);
  TrainSpec spec;
  spec.model = "xgboost_classifier";
  spec.params = Json{{"n_estimators", 30}, {"nthread", 1}};
  spec.folds = 3;
  spec.seed = 7;
  spec.features.macro = {repo.load("fred_core")};
  spec.features.macro_columns = {"CPIAUCSL", "UNRATE", "FEDFUNDS"};
  const Json a = train_walk_forward(repo.load("sp500_daily"), spec);
  EXPECT_EQ(a["feature_set"], "standard+macro(fred_core)");
  EXPECT_EQ(a["folds"].size(), 3U);
  EXPECT_EQ(a["data"]["macro"][0]["dataset"], "fred_core");
  EXPECT_EQ(a["data"]["macro"][0]["sha256"].get<std::string>().size(), 64U);
  bool has_macro = false;
  for (const auto& n : a["feature_names"]) has_macro = has_macro || n == "macro_FEDFUNDS_chg";
  EXPECT_TRUE(has_macro);
  const Json b = train_walk_forward(repo.load("sp500_daily"), spec);
  EXPECT_EQ(a["metrics"], b["metrics"]);  // reproducible

  spec.features.macro_columns = {"NOT_A_SERIES"};
  try {
    (void)build_training_set(repo.load("sp500_daily"), spec);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

}  // namespace
}  // namespace mlt
