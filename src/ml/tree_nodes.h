// Binary decision trees as flat node arrays, shared by the tree models
// implemented in this module (extra trees, CART, AdaBoost): prediction and
// the JSON form they are saved in (internal to src/ml).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/json.h"

namespace mlt::detail {

// Children always come after their parent, so a walk from node 0 ends.
struct TreeNode {
  int feature = -1;  // -1: leaf
  double threshold = 0;
  int left = -1, right = -1;  // x[feature] <= threshold goes left
  double value = 0;
};
using Tree = std::vector<TreeNode>;

// The index of the leaf x falls into.
inline std::size_t tree_leaf(const Tree& tree, const double* x) {
  std::size_t i = 0;
  while (tree[i].feature >= 0)
    i = static_cast<std::size_t>(x[tree[i].feature] <= tree[i].threshold ? tree[i].left : tree[i].right);
  return i;
}

inline double tree_predict(const Tree& tree, const double* x) { return tree[tree_leaf(tree, x)].value; }

// {"feature": [...], "threshold": [...], "left": [...], "right": [...], "value": [...]}
Json tree_to_json(const Tree& tree);
// The inverse; a malformed tree (empty, a child before its parent, a feature
// beyond n_features) is an InvalidArgument naming model `id`.
Tree tree_from_json(const Json& j, std::size_t n_features, const std::string& id);

}  // namespace mlt::detail
