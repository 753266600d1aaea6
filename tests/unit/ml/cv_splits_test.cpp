// Rolling walk-forward, purged k-fold with embargo and combinatorial purged
// CV: row indices checked by hand (see the arithmetic in each comment).
#include "ml/cv_splits.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "ml/train_pipeline.h"

namespace mlt {
namespace {

std::vector<std::size_t> range(std::size_t a, std::size_t b) {
  std::vector<std::size_t> v;
  for (std::size_t i = a; i < b; ++i) v.push_back(i);
  return v;
}

std::vector<std::size_t> concat(std::vector<std::size_t> a, const std::vector<std::size_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(RollingWalkForward, FixedWindowEndsOneGapBeforeEachTestBlock) {
  // walk_forward_splits(100, 3, 31, 1): test size (100-31)/3 = 23, first test row 100-69 = 31.
  const auto s = rolling_walk_forward_splits(100, 3, 30, 1);
  ASSERT_EQ(s.size(), 3U);
  const std::size_t tb[] = {31, 54, 77};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(s[i].test_begin, tb[i]);
    EXPECT_EQ(s[i].train_end, tb[i] - 1);  // row tb-1's label looks at row tb: purged
    EXPECT_EQ(s[i].n_train(), 30U);
  }
  EXPECT_EQ(s[0].train_begin, 0U);
  EXPECT_EQ(s[1].train_begin, 23U);
  EXPECT_EQ(s[2].train_begin, 46U);
}

TEST(PurgedKFold, PurgesLabelOverlapAndEmbargoesAfterTheTestBlock) {
  // 10 rows, 2 blocks [0,5) [5,10), horizon 1, embargo 1.
  // Block [0,5): purge [0-1, 5+1-1] = [0,5], embargo row 6 -> train {7,8,9}.
  // Block [5,10): purge [4, 10] -> train {0,1,2,3}.
  const auto s = purged_kfold_splits(10, 2, 1, 1);
  ASSERT_EQ(s.size(), 2U);
  EXPECT_EQ(s[0].test, range(0, 5));
  EXPECT_EQ(s[0].train, range(7, 10));
  EXPECT_EQ(s[1].test, range(5, 10));
  EXPECT_EQ(s[1].train, range(0, 4));
}

TEST(PurgedKFold, MiddleBlockIsPurgedOnBothSidesAndRemainderGoesFirst) {
  // 20 rows, 3 blocks: sizes 7,7,6 -> [0,7) [7,14) [14,20). Horizon 2, embargo 0.
  // Middle block: purge [7-2, 14+2-1] = [5, 15] -> train {0..4} + {16..19}.
  const auto s = purged_kfold_splits(20, 3, 2, 0);
  ASSERT_EQ(s.size(), 3U);
  EXPECT_EQ(s[1].test, range(7, 14));
  EXPECT_EQ(s[1].train, concat(range(0, 5), range(16, 20)));
  EXPECT_EQ(s[2].test, range(14, 20));
  EXPECT_EQ(s[2].train, range(0, 12));  // purge [12, 21] -> rows 0..11
  // No training label window [r, r+h] shares a bar with a test label window.
  for (const auto& f : s)
    for (std::size_t r : f.train)
      for (std::size_t t : f.test) EXPECT_TRUE(r + 2 < t || t + 2 < r) << r << " vs " << t;
}

TEST(CombinatorialPurged, AllPairsOfGroupsWithPurge) {
  // 12 rows in 4 groups of 3: [0,3) [3,6) [6,9) [9,12); C(4,2) = 6 splits.
  const auto s = combinatorial_purged_splits(12, 4, 2, 1, 0);
  ASSERT_EQ(s.size(), 6U);
  // First split tests groups 0 and 1: rows 0..5; purge [0, 6] -> train {7..11}.
  EXPECT_EQ(s[0].test, range(0, 6));
  EXPECT_EQ(s[0].train, range(7, 12));
  // Split (0,2): test {0,1,2,6,7,8}; purge [0,3] and [5,9] -> train {4, 10, 11}.
  EXPECT_EQ(s[1].test, concat(range(0, 3), range(6, 9)));
  EXPECT_EQ(s[1].train, (std::vector<std::size_t>{4, 10, 11}));
  // Last split (2,3): test rows 6..11; purge [5, 12] -> train {0..4}.
  EXPECT_EQ(s[5].test, range(6, 12));
  EXPECT_EQ(s[5].train, range(0, 5));
}

TEST(CvSplits, RefuseImpossibleRequests) {
  EXPECT_THROW(purged_kfold_splits(10, 1, 1, 0), Error);
  EXPECT_THROW(purged_kfold_splits(3, 4, 1, 0), Error);
  EXPECT_THROW(purged_kfold_splits(10, 2, 5, 5), Error);  // purge eats all training rows
  EXPECT_THROW(combinatorial_purged_splits(12, 4, 4, 1, 0), Error);
  EXPECT_THROW(rolling_walk_forward_splits(100, 3, 0, 1), Error);
  TrainSpec spec;
  spec.scheme = "bootstrap";
  EXPECT_THROW(make_cv_splits(1000, spec), Error);
}

TEST(CvSplits, PipelineSchemesGiveTheDocumentedFolds) {
  TrainSpec spec;
  spec.folds = 4;
  spec.horizon = 5;
  spec.embargo = 10;
  spec.scheme = "purged_kfold";
  const auto k = make_cv_splits(1000, spec);
  ASSERT_EQ(k.size(), 4U);
  EXPECT_EQ(k[1].test.front(), 250U);
  // Excluded: [250-5, 500+5-1+10] = [245, 514], 270 rows.
  EXPECT_EQ(k[1].train.size(), 730U);
  spec.scheme = "cpcv";
  EXPECT_EQ(make_cv_splits(1200, spec).size(), 15U);  // C(6, 2)
}

}  // namespace
}  // namespace mlt
