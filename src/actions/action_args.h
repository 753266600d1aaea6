// Reading typed values out of an action's (already schema-validated)
// arguments, with errors that name the argument.
#pragma once

#include "core/json.h"
#include "core/time.h"

namespace mlt {

// The date in args[key] ("YYYY-MM-DD" or with a time of day); 0 when absent.
// Throws Error{InvalidArgument} naming the argument for anything else.
TimestampMs date_arg(const Json& args, const char* key);

}  // namespace mlt
