#include "ml/nearest_neighbors.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <span>
#include <utility>

#include "core/error.h"

// The ranking pass below may contract multiply-adds into FMAs (one per
// feature and pair); the distances returned are recomputed exactly.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif

namespace mlt::detail {
namespace {

// Queries are taken kQueries at a time so that each loaded training value
// serves all of them; training rows kChunk at a time so that the key block
// (kQueries x kChunk doubles, 32 KiB) stays in L1.
constexpr std::size_t kQueries = 4;
constexpr std::size_t kChunk = 1024;

// Eight doubles as one value (a GCC/clang vector extension): one AVX-512
// register, two AVX2 or four SSE2 ones, as the clone below is built for.
using Lanes = double __attribute__((vector_size(64)));

// out[q * len + i] = |t_i|^2 - 2 x_q.t_i for training rows t_i, i in
// [first, first + len), and the kQueries rows x_q of `queries`: the squared
// distance less |x_q|^2, which ranks rows as the distance does, at one
// multiply-add per feature. Eight rows at a time, the four queries' sums
// stay in registers across the features and are stored once. Built for
// AVX-512 and AVX2 as well, picked at load time (the build targets baseline
// SSE2).
#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void rank_block(const double* columns, const double* norms, std::size_t rows, std::size_t p, const double* queries,
                std::size_t first, std::size_t len, double* out) {
  double *o0 = out, *o1 = out + len, *o2 = out + 2 * len, *o3 = out + 3 * len;
  const double* n = norms + first;
  const double* t = columns + first;
  std::size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    Lanes a0, x;
    std::memcpy(&a0, n + i, sizeof a0);
    Lanes a1 = a0, a2 = a0, a3 = a0;
    for (std::size_t j = 0; j < p; ++j) {
      std::memcpy(&x, t + j * rows + i, sizeof x);
      a0 += -2 * queries[j] * x;
      a1 += -2 * queries[p + j] * x;
      a2 += -2 * queries[2 * p + j] * x;
      a3 += -2 * queries[3 * p + j] * x;
    }
    std::memcpy(o0 + i, &a0, sizeof a0);
    std::memcpy(o1 + i, &a1, sizeof a1);
    std::memcpy(o2 + i, &a2, sizeof a2);
    std::memcpy(o3 + i, &a3, sizeof a3);
  }
  for (; i < len; ++i) {
    double a[kQueries] = {n[i], n[i], n[i], n[i]};
    for (std::size_t j = 0; j < p; ++j)
      for (std::size_t q = 0; q < kQueries; ++q) a[q] += -2 * queries[q * p + j] * t[j * rows + i];
    o0[i] = a[0];
    o1[i] = a[1];
    o2[i] = a[2];
    o3[i] = a[3];
  }
}

using Candidate = std::pair<double, std::uint32_t>;  // (key, training row): lexicographic order

// The k smallest candidates of one query. Candidates at or below the bound
// are appended to a buffer; when it holds kSpare * k of them, it is cut back
// to its k smallest (nth_element) and the bound drops to the largest kept.
// Cheaper than a heap when, as in a time-ordered panel, many rows improve on
// the k-th best. Among equal keys the earlier row is the smaller, in
// whatever order the rows arrive.
class Selection {
 public:
  void reset(std::size_t k) {
    k_ = k;
    size_ = 0;
    buffer_.resize(kSpare * k + kBlock);
    bound_ = std::numeric_limits<double>::infinity();
  }

  void offer(const double* d, std::size_t first, std::size_t len) {
    for (std::size_t i = 0; i < len; i += kBlock) {
      const std::size_t end = std::min(i + kBlock, len);
      // Almost every row is beyond the bound once it has dropped: take the
      // minimum of the block (no branch) and look closer only when one
      // could enter; then append without branching, keeping what qualifies.
      double lowest = d[i];
#pragma omp simd reduction(min : lowest)
      for (std::size_t j = i; j < end; ++j) lowest = std::min(lowest, d[j]);
      if (lowest > bound_) continue;
      for (std::size_t j = i; j < end; ++j) {
        buffer_[size_] = {d[j], static_cast<std::uint32_t>(first + j)};
        size_ += d[j] <= bound_ ? 1 : 0;
      }
      if (size_ >= kSpare * k_) cut();
    }
  }

  // The k smallest, in no particular order.
  std::span<Candidate> result() {
    if (size_ > k_) cut();
    return {buffer_.data(), size_};
  }

 private:
  static constexpr std::size_t kSpare = 2, kBlock = 16;

  void cut() {
    const auto kth = buffer_.begin() + static_cast<std::ptrdiff_t>(k_ - 1);
    std::nth_element(buffer_.begin(), kth, buffer_.begin() + static_cast<std::ptrdiff_t>(size_));
    size_ = k_;
    bound_ = kth->first;  // the k-th smallest: the others are <= it
  }

  std::size_t k_ = 0, size_ = 0;
  double bound_ = 0;
  std::vector<Candidate> buffer_;  // [0, size_) in use, room for one more block
};

}  // namespace

NeighbourIndex::NeighbourIndex(const Matrix& train) : rows_(train.rows), cols_(train.cols) {
  if (rows_ > UINT32_MAX) throw Error(ErrorKind::InvalidArgument, "k-NN: more than 2^32 training rows");
  columns_.resize(rows_ * cols_);
  norms_.assign(rows_, 0.0);
  for (std::size_t i = 0; i < rows_; ++i)
    for (std::size_t j = 0; j < cols_; ++j) {
      columns_[j * rows_ + i] = train(i, j);
      norms_[i] += train(i, j) * train(i, j);
    }
}

std::vector<double> NeighbourIndex::row_major() const {
  std::vector<double> out(rows_ * cols_);
  for (std::size_t i = 0; i < rows_; ++i)
    for (std::size_t j = 0; j < cols_; ++j) out[i * cols_ + j] = columns_[j * rows_ + i];
  return out;
}

double NeighbourIndex::squared_distance(const double* x, std::size_t row) const {
  double s = 0;
  for (std::size_t j = 0; j < cols_; ++j) {
    const double d = x[j] - columns_[j * rows_ + row];
    s += d * d;
  }
  return s;
}

NeighbourLists NeighbourIndex::query(const Matrix& X, std::size_t k) const {
  NeighbourLists out;
  out.k = std::min(k, rows_);
  out.index.resize(X.rows * out.k);
  out.squared_distance.resize(X.rows * out.k);
  if (out.k == 0 || X.rows == 0) return out;
  const std::size_t p = cols_;
  const auto blocks = static_cast<std::ptrdiff_t>((X.rows + kQueries - 1) / kQueries);
#pragma omp parallel
  {
    std::vector<double> queries(kQueries * p), d(kQueries * kChunk);
    Selection chosen[kQueries];
#pragma omp for schedule(static)
    for (std::ptrdiff_t b = 0; b < blocks; ++b) {
      const std::size_t q0 = static_cast<std::size_t>(b) * kQueries, nq = std::min(kQueries, X.rows - q0);
      // A short last block repeats its last query; the copies are ignored.
      for (std::size_t q = 0; q < kQueries; ++q)
        std::copy_n(X.row(q0 + std::min(q, nq - 1)), p, queries.begin() + static_cast<std::ptrdiff_t>(q * p));
      for (auto& c : chosen) c.reset(out.k);
      for (std::size_t first = 0; first < rows_; first += kChunk) {
        const std::size_t len = std::min(kChunk, rows_ - first);
        rank_block(columns_.data(), norms_.data(), rows_, p, queries.data(), first, len, d.data());
        for (std::size_t q = 0; q < nq; ++q) chosen[q].offer(d.data() + q * len, first, len);
      }
      for (std::size_t q = 0; q < nq; ++q) {
        // Exact distances of the chosen rows, in exact order (ties: earlier row).
        const std::span<Candidate> best = chosen[q].result();
        for (auto& c : best) c.first = squared_distance(X.row(q0 + q), c.second);
        std::sort(best.begin(), best.end());
        for (std::size_t j = 0; j < out.k; ++j) {
          out.squared_distance[(q0 + q) * out.k + j] = best[j].first;
          out.index[(q0 + q) * out.k + j] = best[j].second;
        }
      }
    }
  }
  return out;
}

}  // namespace mlt::detail
