#include "ml/cart_builder.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"

namespace mlt::detail {
namespace {

struct NodeSums {
  double w = 0, wz = 0;
  std::size_t n = 0;
};

struct Scan {  // running left sums of one node along the current feature
  double w = 0, wz = 0, last = 0;
  std::size_t n = 0;
};

struct Best {
  double gain = 0, threshold = 0;
  int feature = -1;
};

double split_gain(const NodeSums& all, const Scan& left) {
  const double wr = all.w - left.w;
  if (!(left.w > 0) || !(wr > 0)) return 0.0;
  const double diff = left.wz / left.w - (all.wz - left.wz) / wr;
  return left.w * wr / all.w * diff * diff;
}

}  // namespace

CartBuilder::CartBuilder(const Matrix& X) : rows_(X.rows), cols_(X.cols), columns_(X.rows * X.cols), order_(X.cols) {
  if (rows_ > INT32_MAX) throw Error(ErrorKind::InvalidArgument, "tree: more than 2^31 training rows");
  for (std::size_t r = 0; r < rows_; ++r)
    for (std::size_t f = 0; f < cols_; ++f) columns_[f * rows_ + r] = X(r, f);
  for (std::size_t f = 0; f < cols_; ++f) {
    auto& o = order_[f];
    o.resize(rows_);
    std::iota(o.begin(), o.end(), std::uint32_t{0});
    const double* col = columns_.data() + f * rows_;
    std::stable_sort(o.begin(), o.end(), [col](std::uint32_t a, std::uint32_t b) { return col[a] < col[b]; });
  }
}

Tree CartBuilder::fit(std::span<const double> z, std::span<const double> w, const CartSettings& settings,
                      std::vector<double>* importance) const {
  // node_of[r]: the node row r sits in while that node may still split; -1
  // once its node is final.
  std::vector<int> node_of(rows_, -1);
  Tree tree(1);
  std::vector<NodeSums> sums(1);
  for (std::size_t r = 0; r < rows_; ++r) {
    node_of[r] = 0;
    sums[0].w += w[r];
    sums[0].wz += w[r] * z[r];
    ++sums[0].n;
  }
  tree[0].value = sums[0].w > 0 ? sums[0].wz / sums[0].w : 0.0;
  const auto splittable = [&](int node) {
    return sums[static_cast<std::size_t>(node)].n >= static_cast<std::size_t>(settings.min_samples_split);
  };
  std::vector<int> frontier;
  if (splittable(0)) frontier.push_back(0);
  std::vector<int> slot_of;  // per node: its index in the frontier, -1 when not in it

  for (int depth = 0; depth < settings.max_depth && !frontier.empty(); ++depth) {
    slot_of.assign(tree.size(), -1);
    for (std::size_t s = 0; s < frontier.size(); ++s) slot_of[static_cast<std::size_t>(frontier[s])] = static_cast<int>(s);
    std::vector<Best> best(frontier.size());
    std::vector<Scan> scan(frontier.size());
    for (std::size_t f = 0; f < cols_; ++f) {
      std::fill(scan.begin(), scan.end(), Scan{});
      const double* col = columns_.data() + f * rows_;
      for (const std::uint32_t r : order_[f]) {
        const int node = node_of[r];
        if (node < 0) continue;
        const int slot = slot_of[static_cast<std::size_t>(node)];
        if (slot < 0) continue;
        Scan& s = scan[static_cast<std::size_t>(slot)];
        const double v = col[r];
        if (s.n > 0 && v > s.last) {
          const double gain = split_gain(sums[static_cast<std::size_t>(node)], s);
          Best& b = best[static_cast<std::size_t>(slot)];
          if (gain > b.gain) {
            double t = s.last + (v - s.last) / 2;
            if (!(t < v)) t = s.last;  // adjacent doubles: keep v on the right
            b = {gain, t, static_cast<int>(f)};
          }
        }
        s.w += w[r];
        s.wz += w[r] * z[r];
        s.last = v;
        ++s.n;
      }
    }
    // Split the nodes that gained; their rows move to the children.
    std::vector<int> next;
    for (std::size_t s = 0; s < frontier.size(); ++s) {
      const Best& b = best[s];
      if (b.feature < 0) continue;
      const auto node = static_cast<std::size_t>(frontier[s]);
      tree[node].feature = b.feature;
      tree[node].threshold = b.threshold;
      tree[node].left = static_cast<int>(tree.size());
      tree[node].right = static_cast<int>(tree.size() + 1);
      tree.resize(tree.size() + 2);
      sums.resize(sums.size() + 2);
      if (importance) (*importance)[static_cast<std::size_t>(b.feature)] += b.gain;
    }
    for (std::size_t r = 0; r < rows_; ++r) {
      const int node = node_of[r];
      if (node < 0) continue;
      const TreeNode& n = tree[static_cast<std::size_t>(node)];
      if (n.feature < 0) {
        node_of[r] = -1;  // its node stays a leaf
        continue;
      }
      const int child = columns_[static_cast<std::size_t>(n.feature) * rows_ + r] <= n.threshold ? n.left : n.right;
      node_of[r] = child;
      NodeSums& c = sums[static_cast<std::size_t>(child)];
      c.w += w[r];
      c.wz += w[r] * z[r];
      ++c.n;
    }
    for (int node : frontier) {
      const TreeNode& n = tree[static_cast<std::size_t>(node)];
      if (n.feature < 0) continue;
      for (const int child : {n.left, n.right}) {
        const NodeSums& c = sums[static_cast<std::size_t>(child)];
        tree[static_cast<std::size_t>(child)].value = c.w > 0 ? c.wz / c.w : 0.0;
        if (splittable(child)) next.push_back(child);
      }
    }
    frontier = std::move(next);
  }
  return tree;
}

}  // namespace mlt::detail
