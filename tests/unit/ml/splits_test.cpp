// Walk-forward splits: indices checked by hand.
#include "ml/splits.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace mlt {
namespace {

TEST(WalkForwardSplits, EqualConsecutiveTestBlocksAfterInitialTraining) {
  // 100 rows, 3 folds, 40 initial: test blocks of (100-40)/3 = 20 rows.
  const auto s = walk_forward_splits(100, 3, 40, 1);
  ASSERT_EQ(s.size(), 3U);
  EXPECT_EQ(s[0].test_begin, 40U);
  EXPECT_EQ(s[0].test_end, 60U);
  EXPECT_EQ(s[1].test_begin, 60U);
  EXPECT_EQ(s[1].test_end, 80U);
  EXPECT_EQ(s[2].test_begin, 80U);
  EXPECT_EQ(s[2].test_end, 100U);
  // Expanding window from row 0; row 39's label looks at row 40, inside the test block: purged.
  for (const auto& f : s) EXPECT_EQ(f.train_begin, 0U);
  EXPECT_EQ(s[0].train_end, 39U);
  EXPECT_EQ(s[1].train_end, 59U);
  EXPECT_EQ(s[2].train_end, 79U);
}

TEST(WalkForwardSplits, RemainderJoinsTheInitialBlockAndGapPurges) {
  // 105 rows, 4 folds, 40 initial: (105-40)/4 = 16 per block, remainder 1 ->
  // first test row 105 - 64 = 41. Horizon 5 purges rows 36..40 before it.
  const auto s = walk_forward_splits(105, 4, 40, 5);
  ASSERT_EQ(s.size(), 4U);
  const std::size_t begins[] = {41, 57, 73, 89};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(s[i].test_begin, begins[i]);
    EXPECT_EQ(s[i].n_test(), 16U);
    EXPECT_EQ(s[i].train_end, begins[i] - 5);
    // The last training label window (rows train_end .. train_end-1+5) ends before the test block.
    EXPECT_LT(s[i].train_end - 1 + 5, s[i].test_begin);
  }
  EXPECT_EQ(s[3].test_end, 105U);
}

TEST(WalkForwardSplits, RefusesImpossibleRequests) {
  auto kind = [](auto fn) {
    try {
      fn();
    } catch (const Error& e) {
      return e.kind();
    }
    return ErrorKind::Internal;
  };
  EXPECT_EQ(kind([] { walk_forward_splits(10, 0, 5, 1); }), ErrorKind::InvalidArgument);
  EXPECT_EQ(kind([] { walk_forward_splits(10, 6, 5, 1); }), ErrorKind::InvalidArgument);   // 5 rows for 6 blocks
  EXPECT_EQ(kind([] { walk_forward_splits(100, 3, 5, 5); }), ErrorKind::InvalidArgument);  // gap eats the training
  EXPECT_EQ(kind([] { walk_forward_splits(100, 3, 0, 1); }), ErrorKind::InvalidArgument);
}

}  // namespace
}  // namespace mlt
