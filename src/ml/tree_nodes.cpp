#include "ml/tree_nodes.h"

#include <fmt/format.h>

#include "core/error.h"

namespace mlt::detail {

Json tree_to_json(const Tree& tree) {
  Json feature = Json::array(), threshold = Json::array(), left = Json::array(), right = Json::array(),
       value = Json::array();
  for (const auto& n : tree) {
    feature.push_back(n.feature);
    threshold.push_back(n.threshold);
    left.push_back(n.left);
    right.push_back(n.right);
    value.push_back(n.value);
  }
  return {{"feature", feature}, {"threshold", threshold}, {"left", left}, {"right", right}, {"value", value}};
}

Tree tree_from_json(const Json& j, std::size_t n_features, const std::string& id) {
  const auto feature = j.at("feature").get<std::vector<int>>();
  const auto threshold = j.at("threshold").get<std::vector<double>>();
  const auto left = j.at("left").get<std::vector<int>>();
  const auto right = j.at("right").get<std::vector<int>>();
  const auto value = j.at("value").get<std::vector<double>>();
  const std::size_t n = feature.size();
  if (n == 0) throw Error(ErrorKind::InvalidArgument, fmt::format("saved '{}' model has an empty tree", id));
  if (threshold.size() != n || left.size() != n || right.size() != n || value.size() != n)
    throw Error(ErrorKind::InvalidArgument, fmt::format("saved '{}' model has a malformed tree", id));
  Tree tree(n);
  for (std::size_t i = 0; i < n; ++i) {
    tree[i] = {feature[i], threshold[i], left[i], right[i], value[i]};
    const auto in_range = [&](int c) { return c > static_cast<int>(i) && c < static_cast<int>(n); };
    if (feature[i] >= 0 && (feature[i] >= static_cast<int>(n_features) || !in_range(left[i]) || !in_range(right[i])))
      throw Error(ErrorKind::InvalidArgument, fmt::format("saved '{}' model has a malformed tree", id));
  }
  return tree;
}

}  // namespace mlt::detail
