// Human-readable output for the terminal: aligned tables, key/value blocks,
// and a one-line progress bar.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"

namespace mlt::cli {

void print_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);
// Objects as "key: value" lines (nested objects indented), arrays of objects as tables.
void print_generic(const Json& value);
// A JSON scalar as short text (numbers with up to 6 significant digits).
std::string scalar_text(const Json& v);
// "[#########-----------]  45%  fold 2/5" for a terminal of `width` columns.
std::string progress_bar(double fraction, const std::string& message, int width = 80);

}  // namespace mlt::cli
