// SseParser: incremental Server-Sent Events framing (WHATWG rules): lines end
// in \n, \r\n or \r; "event:" and "data:" fields, several data lines joined
// by \n; a blank line dispatches; lines starting with ':' are comments.
// Chunks may split anywhere, even inside "\r\n".
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace mlt::agent {

struct SseEvent {
  std::string event;  // "message" when the server named none
  std::string data;
};

class SseParser {
 public:
  // on_event returns false to stop; feed() then returns false too.
  explicit SseParser(std::function<bool(const SseEvent&)> on_event) : on_event_(std::move(on_event)) {}
  bool feed(std::string_view chunk);

 private:
  bool line(std::string_view l);
  std::function<bool(const SseEvent&)> on_event_;
  std::string buffer_, event_, data_;
  bool has_data_ = false, last_cr_ = false;
};

}  // namespace mlt::agent
