// The store's schema as an ordered list of migrations. Never edit a shipped
// migration: append a new one. Version N is the N-th entry.
#pragma once

#include <span>
#include <string_view>

namespace mlt {
std::span<const std::string_view> store_migrations();
}  // namespace mlt
