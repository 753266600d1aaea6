// Walk-forward (expanding window) validation splits with purging.
//
// Rows are time-ordered. The last `folds` blocks of equal size are the test
// blocks, one after another; everything before the first test block is the
// initial training block (at least `min_train` rows; the remainder of the
// division goes to it too). Fold k trains on [0, test_begin - horizon_gap):
// a training row r has a label looking at rows r+1..r+gap, so rows whose
// label window reaches into the test block are purged.
//
//   walk_forward_splits(100, 3, 40, 1):
//     test [40,60) [60,80) [80,100); train [0,39) [0,59) [0,79)
#pragma once

#include <cstddef>
#include <vector>

namespace mlt {

struct Split {
  std::size_t train_begin = 0, train_end = 0;  // half-open row ranges
  std::size_t test_begin = 0, test_end = 0;
  std::size_t n_train() const { return train_end - train_begin; }
  std::size_t n_test() const { return test_end - test_begin; }
};

// Throws Error{InvalidArgument} (with a hint) when folds < 1, min_train < 1,
// or the rows are too few to give every fold a test row and a training row.
std::vector<Split> walk_forward_splits(std::size_t n_rows, int folds, std::size_t min_train, std::size_t horizon_gap);

}  // namespace mlt
