#include "core/secrets.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <regex>
#include <shared_mutex>
#include <vector>

namespace mlt {
namespace {

std::shared_mutex g_mutex;
std::vector<std::string>& registered() {
  static std::vector<std::string> values;
  return values;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

const std::regex& query_key_pattern() {
  static const std::regex re(R"(([?&](?:api_?key|apikey|key|token|access_token|password|secret)=)[^&#\s"']+)",
                             std::regex::icase);
  return re;
}

const std::regex& key_shape_pattern() {
  static const std::regex re(R"(\bsk-(?:ant-)?[A-Za-z0-9_\-]{20,})");
  return re;
}

}  // namespace

void register_secret(std::string_view value) {
  if (value.size() < 4) return;
  std::unique_lock lock(g_mutex);
  auto& values = registered();
  if (std::find(values.begin(), values.end(), value) == values.end()) values.emplace_back(value);
}

std::string redact(std::string_view text) {
  std::string out(text);
  {
    std::shared_lock lock(g_mutex);
    for (const auto& secret : registered()) {
      for (size_t pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos))
        out.replace(pos, secret.size(), kRedacted);
    }
  }
  if (out.find('=') != std::string::npos) out = std::regex_replace(out, query_key_pattern(), "$1***");
  if (out.find("sk-") != std::string::npos) out = std::regex_replace(out, key_shape_pattern(), "***");
  return out;
}

bool is_secret_field_name(std::string_view name) {
  const std::string n = lower(name);
  for (const char* marker : {"api_key", "apikey", "secret", "password", "token", "authorization"})
    if (n.find(marker) != std::string::npos) return true;
  return n == "key";
}

bool looks_like_secret(std::string_view text) {
  {
    std::shared_lock lock(g_mutex);
    for (const auto& secret : registered())
      if (text.find(secret) != std::string_view::npos) return true;
  }
  const std::string s(text);
  return std::regex_search(s, key_shape_pattern());
}

}  // namespace mlt
