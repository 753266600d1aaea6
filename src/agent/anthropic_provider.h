// AnthropicProvider: the Messages API with tools and SSE streaming
// (reference/PROTOCOLS.md). Base URL from config ([anthropic] base_url,
// ANTHROPIC_BASE_URL) else https://api.anthropic.com; model from config else
// kDefaultAnthropicModel. Retries 429/500/503/529 (and an overloaded_error
// event that arrives before any output) with exponential backoff, honouring
// retry-after. Thread-safety: one call at a time per instance.
#pragma once

#include "agent/provider.h"
#include "core/config.h"

namespace mlt::agent {

inline constexpr const char* kDefaultAnthropicModel = "claude-sonnet-4-5";

class AnthropicProvider : public Provider {
 public:
  // Throws Error{Denied} when no API key is configured.
  explicit AnthropicProvider(ServiceConfig config, RetryPolicy retry = {}, int max_tokens = 4096);
  std::string name() const override { return "anthropic"; }
  ProviderReply complete(const std::string& system, const std::vector<ChatTurn>& turns,
                         const std::vector<ToolSpec>& tools, const StreamCallbacks& callbacks) override;

  // The request body (exposed for tests).
  Json request_body(const std::string& system, const std::vector<ChatTurn>& turns,
                    const std::vector<ToolSpec>& tools) const;

 private:
  ServiceConfig config_;
  RetryPolicy retry_;
  int max_tokens_;
};

}  // namespace mlt::agent
