// SHA-256 of bytes, as lowercase hex. Used for data provenance and the audit chain.
#pragma once

#include <string>
#include <string_view>

namespace mlt {
std::string sha256_hex(std::string_view bytes);
}  // namespace mlt
