// The scaler sees training rows only: fitted on a training fold it differs
// from a fit on all rows, and the pipeline's scalers match the training rows.
#include "ml/scaler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ml/splits.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

std::vector<double> column_means(const FeatureMatrix& X, std::size_t begin, std::size_t end) {
  std::vector<double> m(X.cols(), 0.0);
  for (std::size_t r = begin; r < end; ++r)
    for (std::size_t c = 0; c < X.cols(); ++c) m[c] += X.at(r, c);
  for (double& v : m) v /= static_cast<double>(end - begin);
  return m;
}

TEST(StandardScaler, ByHand) {
  Matrix X(2, 1);
  X(0, 0) = 1;
  X(1, 0) = 3;
  StandardScaler s;
  const Matrix Z = s.fit_transform(X);  // mean 2, population std 1
  EXPECT_DOUBLE_EQ(s.mean()[0], 2.0);
  EXPECT_DOUBLE_EQ(s.scale()[0], 1.0);
  EXPECT_DOUBLE_EQ(Z(0, 0), -1.0);
  EXPECT_DOUBLE_EQ(Z(1, 0), 1.0);
}

TEST(StandardScaler, TrainOnlyFitDiffersFromFitOnAllRows) {
  const FeatureMatrix& X = test::sp500_set().X;
  const std::size_t half = X.rows() / 2;
  StandardScaler train_only, all_rows;
  train_only.fit(test::rows_matrix(X, 0, half));
  all_rows.fit(test::rows_matrix(X, 0, X.rows()));
  const int vol = X.column_index("vol_20");
  ASSERT_GE(vol, 0);
  // 2010-2012 was more volatile than 2013-2015: the statistics must differ.
  EXPECT_GT(std::abs(train_only.mean()[static_cast<std::size_t>(vol)] - all_rows.mean()[static_cast<std::size_t>(vol)]),
            1e-4);
  const Matrix Z = train_only.transform(test::rows_matrix(X, 0, half));
  double mean = 0;
  for (std::size_t r = 0; r < Z.rows; ++r) mean += Z(r, static_cast<std::size_t>(vol));
  EXPECT_NEAR(mean / static_cast<double>(Z.rows), 0.0, 1e-12);
}

TEST(StandardScaler, PipelineFitsScalerOnTrainingRowsOnly) {
  const TrainingSet& set = test::sp500_set();
  TrainSpec spec = test::small_spec("logistic_l2");
  const auto splits = walk_forward_splits(set.X.rows(), spec.folds, set.X.rows() / 4, 1);
  const auto all_means = column_means(set.X, 0, set.X.rows());
  int calls = 0;
  TrainCallbacks cb;
  cb.on_scaler_fit = [&](int fold, const StandardScaler& s) {
    const Split& sp = splits[static_cast<std::size_t>(fold - 1)];
    const auto train_means = column_means(set.X, sp.train_begin, sp.train_end);
    for (std::size_t c = 0; c < set.X.cols(); ++c) EXPECT_NEAR(s.mean()[c], train_means[c], 1e-9) << set.X.names[c];
    bool differs = false;
    for (std::size_t c = 0; c < set.X.cols(); ++c) differs = differs || std::abs(s.mean()[c] - all_means[c]) > 1e-6;
    EXPECT_TRUE(differs) << "fold " << fold << " scaler looks fitted on all rows";
    ++calls;
  };
  (void)train_on_set(set, spec, cb);
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace mlt
