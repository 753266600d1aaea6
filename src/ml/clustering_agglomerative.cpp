// Hierarchical agglomerative clustering by the nearest-neighbour chain
// (Murtagh 1983): O(n^2) time and memory for the reducible linkages ward,
// average, complete and single, with Lance-Williams updates of a float matrix.
// The merges are then replayed in height order and stopped at k clusters,
// which is the same dendrogram cut scipy/scikit-learn make.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "ml/clustering_internal.h"

namespace mlt {
namespace {

constexpr std::size_t kMaxRows = 6000;  // 6000^2 floats = 144 MB

struct Merge {
  std::size_t a, b;
  double height;
};

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

}  // namespace

ClusterResult agglomerative_rows(const Matrix& X, int k, const std::string& linkage) {
  if (linkage != "ward" && linkage != "average" && linkage != "complete" && linkage != "single")
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown linkage '{}'", linkage),
                "use ward, average, complete or single");
  const std::size_t n = X.rows;
  if (n > kMaxRows)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("agglomerative clustering holds all pairwise distances: {} rows exceed {}", n, kMaxRows),
                "use a shorter date range, or kmeans / gmm");
  const bool ward = linkage == "ward";
  std::vector<float> D(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::size_t c = 0; c < X.cols; ++c) s += (X(i, c) - X(j, c)) * (X(i, c) - X(j, c));
      D[i * n + j] = static_cast<float>(ward ? s : std::sqrt(s));  // ward works on squared distances
    }
  std::vector<double> size(n, 1.0);
  std::vector<bool> active(n, true);
  std::vector<Merge> merges;
  std::vector<std::size_t> chain;
  std::size_t remaining = n;
  while (remaining > 1) {
    if (chain.empty())
      for (std::size_t i = 0; i < n; ++i)
        if (active[i]) {
          chain.push_back(i);
          break;
        }
    const std::size_t a = chain.back();
    // Nearest active neighbour of a; prefer the previous chain element on ties.
    std::size_t best = chain.size() > 1 ? chain[chain.size() - 2] : n;
    float bd = best < n ? D[a * n + best] : std::numeric_limits<float>::infinity();
    for (std::size_t j = 0; j < n; ++j)
      if (active[j] && j != a && D[a * n + j] < bd) bd = D[a * n + j], best = j;
    if (chain.size() > 1 && best == chain[chain.size() - 2]) {
      chain.pop_back();
      chain.pop_back();
      const std::size_t b = best, keep = std::min(a, b), gone = std::max(a, b);
      merges.push_back({a, b, bd});
      const double na = size[keep], nb = size[gone];
      for (std::size_t m = 0; m < n; ++m) {
        if (!active[m] || m == keep || m == gone) continue;
        const double dk = D[keep * n + m], dg = D[gone * n + m], nm = size[m];
        double d = 0;
        if (ward) d = ((na + nm) * dk + (nb + nm) * dg - nm * bd) / (na + nb + nm);
        else if (linkage == "average") d = (na * dk + nb * dg) / (na + nb);
        else if (linkage == "single") d = std::min(dk, dg);
        else d = std::max(dk, dg);
        D[keep * n + m] = D[m * n + keep] = static_cast<float>(d);
      }
      active[gone] = false;
      size[keep] = na + nb;
      --remaining;
    } else {
      chain.push_back(best);
    }
  }
  std::stable_sort(merges.begin(), merges.end(), [](const Merge& x, const Merge& y) { return x.height < y.height; });
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  for (std::size_t m = 0; m + static_cast<std::size_t>(k) < n; ++m)
    parent[find_root(parent, merges[m].a)] = find_root(parent, merges[m].b);
  ClusterResult r;
  r.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) r.labels[i] = static_cast<int>(find_root(parent, i));
  finish_clusters(X, r);
  return r;
}

}  // namespace mlt
