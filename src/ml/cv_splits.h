// Cross-validation schemes beyond the expanding walk-forward of splits.h,
// as explicit row-index sets so non-contiguous training sets are possible.
//
// Purging and embargo (Lopez de Prado, AFML ch. 7). The label of row r
// uses bars r..r+h (h = horizon), so it "spans" [r, r+h]. A test block
// [a, b) has labels spanning [a, b-1+h]. A training row is purged when its
// span shares a bar with that: r in [a-h, b+h-1]. The embargo then drops
// `embargo` more rows after the purged zone, because serial correlation
// lets the bars just after a test block echo it.
//
//   rolling_walk_forward_splits(100, 3, 30, 1):
//     test [31,54) [54,77) [77,100); train [0,30) [23,53) [46,76)
//   purged_kfold_splits(10, 2, 1, 1):
//     test [0,5) train {7,8,9};  test [5,10) train {0,1,2,3}
#pragma once

#include <cstddef>
#include <vector>

#include "ml/splits.h"

namespace mlt {

struct IndexSplit {
  std::vector<std::size_t> train;  // ascending
  std::vector<std::size_t> test;   // ascending
};

IndexSplit to_index_split(const Split& s);

// Walk-forward with a fixed-length training window of `train_size` rows
// that ends `horizon_gap` rows before each test block; the test blocks are
// those of walk_forward_splits(n_rows, folds, train_size + horizon_gap,
// horizon_gap). Throws Error{InvalidArgument} when the rows cannot hold it.
std::vector<Split> rolling_walk_forward_splits(std::size_t n_rows, int folds, std::size_t train_size,
                                               std::size_t horizon_gap);

// k contiguous test blocks covering all rows (the remainder spread over the
// first blocks); training = every other row minus purge and embargo.
// Throws Error{InvalidArgument} for k < 2, n_rows < k, or a fold whose
// training set is empty.
std::vector<IndexSplit> purged_kfold_splits(std::size_t n_rows, int k, std::size_t horizon, std::size_t embargo);

// Combinatorial purged CV: the rows are cut into `groups` contiguous groups
// and every choice of `test_groups` of them is one split (C(groups,
// test_groups) splits, in lexicographic order of the chosen groups), with
// purge and embargo around each test group.
std::vector<IndexSplit> combinatorial_purged_splits(std::size_t n_rows, int groups, int test_groups,
                                                    std::size_t horizon, std::size_t embargo);

}  // namespace mlt
