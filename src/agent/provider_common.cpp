#include "agent/provider_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/secrets.h"

namespace mlt::agent {

std::string tool_wire_name(std::string_view action) {
  std::string out;
  for (char c : action) {
    if (c == '.') out += "__";
    else out += c;
  }
  return out;
}

std::string action_from_wire_name(std::string_view wire) {
  std::string out(wire);
  for (std::size_t p = out.find("__"); p != std::string::npos; p = out.find("__", p + 1)) out.replace(p, 2, ".");
  return out;
}

int retry_delay_ms(const RetryPolicy& policy, int attempt, const HttpResult& result) {
  if (auto it = result.headers.find("retry-after"); it != result.headers.end()) {
    try {
      const double s = std::stod(it->second);
      if (s >= 0) return std::min(policy.max_delay_ms, static_cast<int>(s * 1000));
    } catch (const std::exception&) {
      // an HTTP date: fall through to the backoff
    }
  }
  return std::min(policy.max_delay_ms, policy.base_delay_ms * (1 << std::min(attempt - 1, 10)));
}

void wait_or_cancel(int ms, const std::function<bool()>& cancelled) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (cancelled && cancelled()) throw Error(ErrorKind::Cancelled, "cancelled");
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, 50)));
  }
}

Error api_error(const std::string& service, const HttpResult& r, const std::string& key_env) {
  if (r.status == 0)
    return Error(ErrorKind::Unavailable, fmt::format("{} is unreachable: {}", service, redact(r.transport_error)),
                 "check the base URL and the network; the offline planner still works");
  std::string type, message;
  const Json body = Json::parse(r.body, nullptr, false);
  if (body.is_object() && body.contains("error")) {
    const Json& e = body["error"];
    if (e.is_object()) {
      type = e.value("type", e.value("code", Json("")).is_string() ? e.value("code", std::string()) : std::string());
      message = e.value("message", std::string());
    } else if (e.is_string()) {
      message = e.get<std::string>();
    }
  }
  if (message.empty()) message = r.body.substr(0, 300);
  const std::string text = redact(fmt::format("{} returned {}{}{}", service, r.status, type.empty() ? "" : " " + type,
                                              message.empty() ? "" : ": " + message));
  if (r.status == 401 || r.status == 403)
    return Error(ErrorKind::Denied, text, fmt::format("check {} (the key is missing, invalid or lacks permission)", key_env));
  if (r.status == 400 || r.status == 404 || r.status == 413 || r.status == 422)
    return Error(ErrorKind::InvalidArgument, text, "the request was rejected; check the model name in the config");
  return Error(ErrorKind::Unavailable, text, "the service is busy or down; try again, or use the offline planner");
}

void finish_arguments(ToolCall& call) {
  if (call.raw_arguments.find_first_not_of(" \t\r\n") == std::string::npos) {
    call.input = Json::object();
    return;
  }
  Json j = Json::parse(call.raw_arguments, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    call.parse_error = "the tool arguments are not a JSON object: " + call.raw_arguments.substr(0, 200);
    call.input = Json::object();
    return;
  }
  call.input = std::move(j);
}

std::string join_url(std::string base, const std::string& path) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0 && path.rfind("/v1/", 0) == 0)
    return base + path.substr(3);
  return base + path;
}

}  // namespace mlt::agent
