// The JSON type used across mlTrainer. nlohmann::json keeps object keys
// sorted, so dump() is canonical: the audit chain hashes rely on that.
#pragma once

#include <nlohmann/json.hpp>

namespace mlt {
using Json = nlohmann::json;

// Parses text as JSON or throws Error{InvalidArgument} naming what was wrong.
Json parse_json(std::string_view text, std::string_view what = "JSON");
}  // namespace mlt
