// Server-Sent Events wire format. Every SSE byte the server sends is made
// here, so framing rules (multi-line data, the blank line that ends an
// event) live in one place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlt {

// "id: 7\nevent: progress\ndata: {...}\n\n". A data value with newlines
// becomes several "data:" lines, which the client joins back with "\n".
// An id of nullopt omits the "id:" line (the client keeps its last id).
std::string format_sse_event(std::optional<std::int64_t> id, std::string_view event, std::string_view data);

// ": ping\n\n" — a comment line that keeps proxies from closing an idle
// stream and lets the server notice a vanished client.
std::string format_sse_comment(std::string_view text);

}  // namespace mlt
