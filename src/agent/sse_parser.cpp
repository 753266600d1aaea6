#include "agent/sse_parser.h"

namespace mlt::agent {

bool SseParser::feed(std::string_view chunk) {
  for (char c : chunk) {
    if (last_cr_ && c == '\n') {  // the \n of a \r\n split across chunks
      last_cr_ = false;
      continue;
    }
    last_cr_ = c == '\r';
    if (c == '\n' || c == '\r') {
      if (!line(buffer_)) return false;
      buffer_.clear();
    } else if (buffer_.size() < (16u << 20)) {
      buffer_ += c;
    }
  }
  return true;
}

bool SseParser::line(std::string_view l) {
  if (l.empty()) {
    if (!has_data_) {
      event_.clear();
      return true;
    }
    SseEvent ev{event_.empty() ? "message" : event_, data_};
    event_.clear();
    data_.clear();
    has_data_ = false;
    return on_event_(ev);
  }
  if (l.front() == ':') return true;
  const auto colon = l.find(':');
  std::string_view field = l.substr(0, colon), value = colon == std::string_view::npos ? "" : l.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "event") event_ = std::string(value);
  else if (field == "data") {
    if (has_data_) data_ += '\n';
    data_ += value;
    has_data_ = true;
  }
  return true;
}

}  // namespace mlt::agent
