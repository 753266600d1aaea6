// Secrets (API keys) and their redaction. A secret's value is registered
// once when config is loaded; redact() then removes it — and any URL query
// parameter that carries a key — from any text that is about to be logged,
// stored or shown.
#pragma once

#include <string>
#include <string_view>

namespace mlt {

inline constexpr std::string_view kRedacted = "***";

// Remembers `value` so redact() removes it everywhere. Ignores short values
// (< 4 chars) that would mangle ordinary text.
void register_secret(std::string_view value);

// Returns text with every registered secret and every apiKey/api_key/key/
// token/access_token/password query-parameter value replaced by "***".
std::string redact(std::string_view text);

// True if a JSON field name looks like it carries a credential.
bool is_secret_field_name(std::string_view name);

// True if text contains a registered secret or a well-known key shape
// (e.g. "sk-ant-…", "sk-…" of 20+ chars).
bool looks_like_secret(std::string_view text);

}  // namespace mlt
