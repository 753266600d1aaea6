#include "ml/nearest_neighbors.h"

#include <algorithm>
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

// out[q * len + i] = |t_i|^2 - 2 x_q.t_i for training rows t_i, i in
// [first, first + len), and the kQueries rows x_q of `queries`: the squared
// distance less |x_q|^2, which ranks rows as the distance does, at one
// multiply-add per feature. Built for AVX-512 and AVX2 as well, picked at
// load time (the build targets baseline SSE2).
#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void rank_block(const double* columns, const double* norms, std::size_t rows, std::size_t p, const double* queries,
                std::size_t first, std::size_t len, double* out) {
  double *o0 = out, *o1 = out + len, *o2 = out + 2 * len, *o3 = out + 3 * len;
  const double* n = norms + first;
  std::copy_n(n, len, o0);
  std::copy_n(n, len, o1);
  std::copy_n(n, len, o2);
  std::copy_n(n, len, o3);
  for (std::size_t j = 0; j < p; ++j) {
    const double* t = columns + j * rows + first;
    const double b0 = -2 * queries[j], b1 = -2 * queries[p + j], b2 = -2 * queries[2 * p + j],
                 b3 = -2 * queries[3 * p + j];
#pragma omp simd
    for (std::size_t i = 0; i < len; ++i) {
      const double x = t[i];
      o0[i] += b0 * x;
      o1[i] += b1 * x;
      o2[i] += b2 * x;
      o3[i] += b3 * x;
    }
  }
}

using Candidate = std::pair<double, std::uint32_t>;  // (key, training row): lexicographic order

// Keeps the k smallest candidates seen in a max-heap. Rows arrive in
// increasing order, so a later row never displaces an equal one.
void offer(std::vector<Candidate>& heap, std::size_t k, const double* d, std::size_t first, std::size_t len) {
  std::size_t i = 0;
  for (; i < len && heap.size() < k; ++i) {
    heap.emplace_back(d[i], static_cast<std::uint32_t>(first + i));
    std::push_heap(heap.begin(), heap.end());
  }
  double worst = heap.empty() ? 0.0 : heap.front().first;
  for (; i < len; ++i) {
    if (!(d[i] < worst)) continue;
    std::pop_heap(heap.begin(), heap.end());
    heap.back() = {d[i], static_cast<std::uint32_t>(first + i)};
    std::push_heap(heap.begin(), heap.end());
    worst = heap.front().first;
  }
}

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
    std::vector<Candidate> heaps[kQueries];
#pragma omp for schedule(static)
    for (std::ptrdiff_t b = 0; b < blocks; ++b) {
      const std::size_t q0 = static_cast<std::size_t>(b) * kQueries, nq = std::min(kQueries, X.rows - q0);
      // A short last block repeats its last query; the copies are ignored.
      for (std::size_t q = 0; q < kQueries; ++q)
        std::copy_n(X.row(q0 + std::min(q, nq - 1)), p, queries.begin() + static_cast<std::ptrdiff_t>(q * p));
      for (auto& h : heaps) h.clear();
      for (std::size_t first = 0; first < rows_; first += kChunk) {
        const std::size_t len = std::min(kChunk, rows_ - first);
        rank_block(columns_.data(), norms_.data(), rows_, p, queries.data(), first, len, d.data());
        for (std::size_t q = 0; q < nq; ++q) offer(heaps[q], out.k, d.data() + q * len, first, len);
      }
      for (std::size_t q = 0; q < nq; ++q) {
        // Exact distances of the chosen rows, in exact order (ties: earlier row).
        for (auto& c : heaps[q]) c.first = squared_distance(X.row(q0 + q), c.second);
        std::sort(heaps[q].begin(), heaps[q].end());
        for (std::size_t j = 0; j < out.k; ++j) {
          out.squared_distance[(q0 + q) * out.k + j] = heaps[q][j].first;
          out.index[(q0 + q) * out.k + j] = heaps[q][j].second;
        }
      }
    }
  }
  return out;
}

}  // namespace mlt::detail
