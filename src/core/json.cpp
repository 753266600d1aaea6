#include "core/json.h"

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {

Json parse_json(std::string_view text, std::string_view what) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("malformed {}: {}", what, e.what()),
                "send a valid JSON object, e.g. {\"key\": \"value\"}");
  }
}

}  // namespace mlt
