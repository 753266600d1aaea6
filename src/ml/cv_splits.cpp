#include "ml/cv_splits.h"

#include <fmt/format.h>

#include <numeric>

#include "core/error.h"

namespace mlt {
namespace {

// Contiguous blocks [bounds[i], bounds[i+1]); the first n % k blocks get one extra row.
std::vector<std::size_t> block_bounds(std::size_t n, std::size_t k) {
  std::vector<std::size_t> b{0};
  for (std::size_t i = 0; i < k; ++i) b.push_back(b.back() + n / k + (i < n % k ? 1 : 0));
  return b;
}

// Marks rows in the test block [a, b) plus its purge and embargo zone.
void exclude_zone(std::vector<char>& excluded, std::size_t a, std::size_t b, std::size_t h, std::size_t embargo) {
  const std::size_t lo = a >= h ? a - h : 0;
  const std::size_t hi = std::min(excluded.size(), b + h + embargo);  // exclusive: b+h-1+embargo inclusive
  for (std::size_t r = lo; r < hi; ++r) excluded[r] = 1;
}

IndexSplit make_split(const std::vector<char>& excluded, const std::vector<std::pair<std::size_t, std::size_t>>& tests) {
  IndexSplit s;
  for (const auto& [a, b] : tests)
    for (std::size_t r = a; r < b; ++r) s.test.push_back(r);
  for (std::size_t r = 0; r < excluded.size(); ++r)
    if (!excluded[r]) s.train.push_back(r);
  if (s.train.empty())
    throw Error(ErrorKind::InvalidArgument, "purge and embargo leave a fold without training rows",
                "use more folds or groups, a shorter horizon or a smaller embargo");
  return s;
}

}  // namespace

IndexSplit to_index_split(const Split& s) {
  IndexSplit out;
  out.train.resize(s.n_train());
  std::iota(out.train.begin(), out.train.end(), s.train_begin);
  out.test.resize(s.n_test());
  std::iota(out.test.begin(), out.test.end(), s.test_begin);
  return out;
}

std::vector<Split> rolling_walk_forward_splits(std::size_t n_rows, int folds, std::size_t train_size,
                                               std::size_t horizon_gap) {
  if (train_size < 1) throw Error(ErrorKind::InvalidArgument, "train_size must be >= 1");
  auto splits = walk_forward_splits(n_rows, folds, train_size + horizon_gap, horizon_gap);
  for (auto& s : splits) s.train_begin = s.train_end - train_size;
  return splits;
}

std::vector<IndexSplit> purged_kfold_splits(std::size_t n_rows, int k, std::size_t horizon, std::size_t embargo) {
  if (k < 2) throw Error(ErrorKind::InvalidArgument, fmt::format("purged k-fold needs k >= 2, got {}", k));
  const auto kk = static_cast<std::size_t>(k);
  if (n_rows < kk)
    throw Error(ErrorKind::InvalidArgument, fmt::format("{} rows cannot make {} folds", n_rows, k), "use fewer folds");
  const auto b = block_bounds(n_rows, kk);
  std::vector<IndexSplit> out;
  for (std::size_t i = 0; i < kk; ++i) {
    std::vector<char> excluded(n_rows, 0);
    exclude_zone(excluded, b[i], b[i + 1], horizon, embargo);
    out.push_back(make_split(excluded, {{b[i], b[i + 1]}}));
  }
  return out;
}

std::vector<IndexSplit> combinatorial_purged_splits(std::size_t n_rows, int groups, int test_groups,
                                                    std::size_t horizon, std::size_t embargo) {
  if (groups < 2 || test_groups < 1 || test_groups >= groups)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("combinatorial purged CV needs 1 <= test_groups < groups, got {} of {}", test_groups,
                            groups));
  if (groups > 16) throw Error(ErrorKind::InvalidArgument, "at most 16 groups", "C(16, k) splits is plenty");
  const auto g = static_cast<std::size_t>(groups);
  if (n_rows < g) throw Error(ErrorKind::InvalidArgument, fmt::format("{} rows cannot make {} groups", n_rows, g));
  const auto b = block_bounds(n_rows, g);
  std::vector<IndexSplit> out;
  // Bit masks in increasing order of their lowest-first lexicographic choice.
  std::vector<std::size_t> choice(static_cast<std::size_t>(test_groups));
  std::iota(choice.begin(), choice.end(), 0);
  while (true) {
    std::vector<char> excluded(n_rows, 0);
    std::vector<std::pair<std::size_t, std::size_t>> tests;
    for (std::size_t c : choice) {
      exclude_zone(excluded, b[c], b[c + 1], horizon, embargo);
      tests.emplace_back(b[c], b[c + 1]);
    }
    out.push_back(make_split(excluded, tests));
    // Next combination.
    std::size_t i = choice.size();
    while (i > 0 && choice[i - 1] == g - choice.size() + (i - 1)) --i;
    if (i == 0) break;
    ++choice[i - 1];
    for (std::size_t j = i; j < choice.size(); ++j) choice[j] = choice[j - 1] + 1;
  }
  return out;
}

}  // namespace mlt
