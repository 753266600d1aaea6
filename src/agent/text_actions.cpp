#include "agent/text_actions.h"

#include <fmt/format.h>

namespace mlt::agent {
namespace {

void add(TextActions& out, const std::string& name, const Json& args, const std::string& raw) {
  ToolCall c;
  c.id = fmt::format("text-{}", out.calls.size() + 1);
  c.name = name;
  c.raw_arguments = raw;
  c.input = args.is_object() ? args : Json::object();
  out.calls.push_back(std::move(c));
}

bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 100) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

TextActions parse_text_actions(std::string_view text) {
  TextActions out;
  std::size_t pos = 0;
  int line_no = 0;
  bool in_fence = false;
  std::string fence_tag, fence_body;
  while (pos <= text.size()) {
    const std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    if (line.rfind("```", 0) == 0) {
      if (!in_fence) {
        in_fence = true;
        fence_tag = std::string(line.substr(3));
        fence_body.clear();
      } else {
        in_fence = false;
        const bool tagged = fence_tag == "action";
        const Json j = Json::parse(fence_body, nullptr, false);
        const bool looks = tagged || (fence_tag == "json" && fence_body.find("\"action\"") != std::string::npos);
        if (looks) {
          if (j.is_discarded() || !j.is_object() || !j.contains("action") || !j["action"].is_string() ||
              !valid_name(j["action"].get<std::string>()) || (j.contains("args") && !j["args"].is_object()))
            out.errors.push_back(fmt::format("line {}: the action block is not {{\"action\": NAME, \"args\": {{...}}}}",
                                             line_no));
          else
            add(out, j["action"], j.value("args", Json::object()), j.value("args", Json::object()).dump());
        }
      }
    } else if (in_fence) {
      fence_body += std::string(line) + "\n";
    } else if (line.rfind("ACTION ", 0) == 0) {
      std::string_view rest = line.substr(7);
      const std::size_t sp = rest.find(' ');
      const std::string name(rest.substr(0, sp));
      const std::string raw = sp == std::string_view::npos ? "{}" : std::string(rest.substr(sp + 1));
      const Json args = Json::parse(raw, nullptr, false);
      if (!valid_name(name) || args.is_discarded() || !args.is_object())
        out.errors.push_back(fmt::format("line {}: expected ACTION <name> {{json arguments}}", line_no));
      else
        add(out, name, args, raw);
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (in_fence && fence_tag == "action") out.errors.push_back("an ```action block is not closed");
  return out;
}

std::string text_action_instructions() {
  return "To run an action, write a fenced block tagged action:\n```action\n{\"action\": \"data.describe\", "
         "\"args\": {\"name\": \"sp500_daily\"}}\n```\nor one line: ACTION data.describe {\"name\": \"sp500_daily\"}\n"
         "Results come back in the next message.";
}

}  // namespace mlt::agent
