// Cross-sectional training on the real Dow-30 closes: splits by date with
// a purge in dates, train-only scaling, the look-ahead canary, the
// cross-sectional metrics and the leaderboard.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "core/error.h"
#include "ml/compare.h"
#include "ml/panel_training.h"
#include "ml/scaler.h"
#include "ml/tune.h"
#include "unit/ml/ml_fixture.h"

namespace mlt {
namespace {

TrainSpec cs_spec(const std::string& model, const std::string& target, int horizon = 1) {
  TrainSpec spec;
  spec.model = model;
  spec.target = target;
  spec.horizon = horizon;
  spec.folds = 4;
  spec.seed = 7;
  spec.cross_section = true;
  return spec;
}

const TrainingSet& dow_excess_set() {
  static const TrainingSet set = build_training_set(test::dow30(), cs_spec("ridge", "excess_return"));
  return set;
}

TEST(CrossSectionTraining, StackedSetShape) {
  const TrainingSet& set = dow_excess_set();
  const CrossSectionIndex& idx = set.cross_section;
  EXPECT_EQ(idx.symbols.size(), 30U);
  EXPECT_EQ(set.X.rows(), idx.date.size());
  EXPECT_EQ(set.X.rows(), set.forward_return.size());
  EXPECT_GT(idx.n_dates, 2400U);
  // Ranked features lie in [-0.5, 0.5]; labels are the excess return and its sign.
  for (double v : set.X.values) ASSERT_TRUE(v >= -0.5 && v <= 0.5);
  for (std::size_t r = 0; r < set.X.rows(); ++r)
    ASSERT_EQ(set.direction[r], set.forward_return[r] > 0 ? 1.0 : 0.0);
}

// Every scheme: a date is wholly in training, wholly in test, or in
// neither, and no training date lies within `horizon` dates of a test date
// (its label window would overlap the test labels).
TEST(CrossSectionTraining, DateSplitsKeepDatesWholeAndPurgeTheHorizon) {
  const int h = 3;
  const TrainingSet set = build_training_set(test::dow30(), cs_spec("ridge", "excess_return", h));
  const CrossSectionIndex& idx = set.cross_section;
  std::vector<std::size_t> rows_per_date(idx.n_dates, 0);
  for (std::size_t d : idx.date) ++rows_per_date[d];
  for (const char* scheme : {"expanding", "rolling", "purged_kfold", "cpcv"}) {
    SCOPED_TRACE(scheme);
    TrainSpec spec = cs_spec("ridge", "excess_return", h);
    spec.scheme = scheme;
    spec.embargo = 2;
    if (spec.scheme == "rolling") spec.min_train = 500;  // dates
    const auto splits = make_date_splits(idx, spec);
    ASSERT_FALSE(splits.empty());
    for (const auto& s : splits) {
      std::vector<std::size_t> train_count(idx.n_dates, 0), test_count(idx.n_dates, 0);
      for (std::size_t r : s.train) ++train_count[idx.date[r]];
      for (std::size_t r : s.test) ++test_count[idx.date[r]];
      for (std::size_t d = 0; d < idx.n_dates; ++d) {
        ASSERT_FALSE(train_count[d] > 0 && test_count[d] > 0) << "date " << d << " in both";
        if (train_count[d] > 0) {
          ASSERT_EQ(train_count[d], rows_per_date[d]);
        }
        if (test_count[d] > 0) {
          ASSERT_EQ(test_count[d], rows_per_date[d]);
        }
        if (train_count[d] == 0) continue;
        const std::size_t lo = d >= static_cast<std::size_t>(h) ? d - h : 0;
        for (std::size_t e = lo; e <= d + h && e < idx.n_dates; ++e)
          ASSERT_EQ(test_count[e], 0U) << "training date " << d << " within " << h << " dates of test date " << e;
      }
    }
  }
}

TEST(CrossSectionTraining, ScalerSeesTrainingRowsOnly) {
  const TrainingSet& set = dow_excess_set();
  const TrainSpec spec = cs_spec("ridge", "excess_return");
  const auto splits = make_date_splits(set.cross_section, spec);
  std::vector<double> fold1_mean;
  TrainCallbacks cb;
  cb.on_scaler_fit = [&](int fold, const StandardScaler& scaler) {
    if (fold == 1) fold1_mean = scaler.mean();
  };
  train_on_set(set, spec, cb);
  ASSERT_EQ(fold1_mean.size(), set.X.cols());
  for (std::size_t c = 0; c < set.X.cols(); ++c) {
    double sum = 0;
    for (std::size_t r : splits[0].train) sum += set.X.at(r, c);
    EXPECT_NEAR(fold1_mean[c], sum / static_cast<double>(splits[0].train.size()), 1e-9);
  }
}

// The canary: a feature equal to the next-day excess return makes the
// model implausibly good and is named; the causal features are near chance.
TEST(CrossSectionTraining, LeakageCanary) {
  const TrainSpec spec = cs_spec("ridge", "excess_return");
  const Json honest = train_on_set(dow_excess_set(), spec);
  EXPECT_TRUE(honest["warnings"].empty()) << honest["warnings"].dump();
  EXPECT_LT(std::abs(honest["metrics"]["ic"]["mean"].get<double>()), 0.1);
  EXPECT_LT(std::abs(honest["metrics"]["cs_ic"]["mean"].get<double>()), 0.1);
  for (const char* key : {"cs_rank_ic", "cs_icir", "ls_spread", "ls_spread_t", "cs_dates"})
    EXPECT_TRUE(honest["metrics"].contains(key)) << key;

  TrainingSet leaky = dow_excess_set();
  leaky.X.add_column("next_excess_return", leaky.forward_return);
  const Json caught = train_on_set(leaky, spec);
  ASSERT_FALSE(caught["warnings"].empty());
  EXPECT_GT(caught["metrics"]["cs_ic"]["mean"].get<double>(), 0.5);
  EXPECT_GT(caught["metrics"]["ls_spread_t"]["mean"].get<double>(), 10.0);
  const auto suspects = caught["suspect_features"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(suspects.begin(), suspects.end(), "next_excess_return"), suspects.end());

  // The same for the classifier on excess_direction.
  const TrainSpec cspec = cs_spec("logistic_l2", "excess_direction");
  TrainingSet dir = build_training_set(test::dow30(), cspec);
  const Json honest_dir = train_on_set(dir, cspec);
  EXPECT_LT(honest_dir["metrics"]["accuracy"]["mean"].get<double>(), 0.6);
  EXPECT_TRUE(honest_dir["warnings"].empty());
  dir.X.add_column("next_excess_return", dir.forward_return);
  const Json caught_dir = train_on_set(dir, cspec);
  EXPECT_GT(caught_dir["metrics"]["accuracy"]["mean"].get<double>(), 0.8);
  EXPECT_FALSE(caught_dir["warnings"].empty());
}

TEST(CrossSectionTraining, LeaderboardOfTwoFastModels) {
  CompareSpec spec;
  spec.models = {"ridge", "ols"};
  spec.base = cs_spec("", "excess_return");
  spec.metric = "cs_ic";
  spec.workers = 2;
  const Json board = compare_on_set(dow_excess_set(), spec);
  EXPECT_EQ(board["n_ok"], 2);
  for (const auto& row : board["rows"]) {
    EXPECT_EQ(row["status"], "ok");
    EXPECT_TRUE(row["metrics"].contains("ls_spread_t"));
  }
  // A cross-sectional metric is not a sort key for a single series.
  CompareSpec single = spec;
  single.base = test::small_spec("ridge", "return");
  EXPECT_THROW(compare_on_set(test::sp500_set(), single), Error);
}

TEST(CrossSectionTraining, ResultReportsTheCrossSection) {
  TrainSpec spec = cs_spec("ridge", "excess_return");
  spec.symbols = {"AA", "AXP", "T", "BA", "CAT", "HON", "IBM", "MSFT"};
  const Json result = train_walk_forward(test::dow30(), spec);
  EXPECT_EQ(result["cross_section"], true);
  EXPECT_EQ(result["n_symbols"], 8);
  EXPECT_GT(result["n_dates"].get<std::size_t>(), 2400U);
  EXPECT_GT(result["n_rows"].get<std::size_t>(), 8U * 2400U);
  EXPECT_FALSE(result["data"].contains("column"));
  EXPECT_EQ(result["folds"].size(), 4U);
}

// ml.tune on a panel: outer and inner splits over dates, each date whole,
// the inner purge counted in dates, and per-date metrics to select by.
TEST(CrossSectionTraining, TuneSplitsByDateOutsideAndInside) {
  TuneSpec t;
  t.base = cs_spec("ridge", "excess_return", 5);
  t.base.symbols = {"AA", "AXP", "T", "BA", "CAT", "KO", "GE", "IBM"};
  t.base.folds = 3;
  t.space = Json{{"alpha", {1.0, 1e4}}};
  t.inner_folds = 2;
  t.metric = "cs_rank_ic";
  const TrainingSet set = build_training_set(test::dow30(), t.base);
  const CrossSectionIndex& cs = set.cross_section;
  for (const auto& outer : make_date_splits(cs, t.base)) {
    std::map<std::size_t, std::size_t> outer_rows_per_date;
    for (std::size_t r : outer.train) ++outer_rows_per_date[cs.date[r]];
    const auto inner = inner_splits(outer, t, &cs);
    ASSERT_EQ(inner.size(), 2U);
    for (const auto& s : inner) {
      std::map<std::size_t, std::size_t> train_dates, test_dates;
      for (std::size_t r : s.train) ++train_dates[cs.date[r]];
      for (std::size_t r : s.test) ++test_dates[cs.date[r]];
      // Whole dates of the outer training set only.
      for (const auto* dates : {&train_dates, &test_dates})
        for (const auto& [d, n] : *dates) {
          ASSERT_TRUE(outer_rows_per_date.count(d)) << "date " << d << " is not an outer training date";
          EXPECT_EQ(n, outer_rows_per_date[d]) << "date " << d << " is split";
        }
      // The purge counts dates: the last training label ends before the first validation date.
      EXPECT_LT(train_dates.rbegin()->first + 5, test_dates.begin()->first);
    }
  }
  const Json report = tune_on_set(set, t);
  EXPECT_EQ(report["metric"], "cs_rank_ic");
  EXPECT_FALSE(report["recommended"].is_null());
  for (const auto& fold : report["outer_folds"]) EXPECT_TRUE(fold["metrics"].contains("cs_ic"));
  EXPECT_TRUE(report["outer"]["mean"].is_number());
}

TEST(CrossSectionTraining, ClearErrors) {
  auto kind_of = [](const Dataset& ds, const TrainSpec& spec) {
    try {
      build_training_set(ds, spec);
    } catch (const Error& e) {
      return e.kind();
    }
    return ErrorKind::Internal;
  };
  EXPECT_EQ(kind_of(test::sp500_2010_2015(), cs_spec("ridge", "excess_return")), ErrorKind::InvalidArgument);
  TrainSpec two = cs_spec("ridge", "excess_return");
  two.symbols = {"AA", "MSFT"};
  EXPECT_EQ(kind_of(test::dow30(), two), ErrorKind::InvalidArgument);
  TrainSpec no_flag = cs_spec("ridge", "excess_return");
  no_flag.cross_section = false;
  EXPECT_EQ(kind_of(test::dow30(), no_flag), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind_of(test::dow30(), cs_spec("ridge", "return")), ErrorKind::InvalidArgument);
  TrainSpec unknown = cs_spec("ridge", "excess_return");
  unknown.symbols = {"AA", "MSFT", "NOPE"};
  EXPECT_EQ(kind_of(test::dow30(), unknown), ErrorKind::NotFound);
}

}  // namespace
}  // namespace mlt
