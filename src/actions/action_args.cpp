#include "actions/action_args.h"

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {

TimestampMs date_arg(const Json& args, const char* key) {
  if (!args.contains(key)) return 0;
  const std::string text = args.at(key).get<std::string>();
  const auto t = parse_timestamp(text);
  if (!t) throw Error(ErrorKind::InvalidArgument, fmt::format("{}: '{}' is not a date", key, text), "use YYYY-MM-DD");
  return *t;
}

}  // namespace mlt
