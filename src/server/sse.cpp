#include "server/sse.h"

namespace mlt {

std::string format_sse_event(std::optional<std::int64_t> id, std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(data.size() + event.size() + 40);
  if (id) out += "id: " + std::to_string(*id) + "\n";
  if (!event.empty()) {
    out += "event: ";
    out += event;
    out += "\n";
  }
  // Split on \n (dropping \r) so no line of data can end the event early.
  std::size_t start = 0;
  while (true) {
    std::size_t nl = data.find('\n', start);
    std::string_view line = data.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += "data: ";
    out += line;
    out += "\n";
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  out += "\n";
  return out;
}

std::string format_sse_comment(std::string_view text) {
  std::string out = ": ";
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  out += "\n\n";
  return out;
}

}  // namespace mlt
