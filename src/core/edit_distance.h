// Levenshtein distance, for "did you mean …?" hints on unknown names.
#pragma once

#include <cstddef>
#include <string_view>

namespace mlt {
std::size_t edit_distance(std::string_view a, std::string_view b);
}  // namespace mlt
