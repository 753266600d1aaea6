// OpenAiProvider: OpenAI-compatible chat completions (OpenAI, Ollama,
// llama.cpp server, vLLM) with tools and streamed tool_call deltas joined by
// index. Base URL from config ([openai] base_url, OPENAI_BASE_URL) else
// https://api.openai.com; the key (OPENAI_API_KEY) is sent only when set,
// since local servers need none. Model from config else kDefaultOpenAiModel.
#pragma once

#include "agent/provider.h"
#include "core/config.h"

namespace mlt::agent {

inline constexpr const char* kDefaultOpenAiModel = "gpt-4o-mini";

class OpenAiProvider : public Provider {
 public:
  explicit OpenAiProvider(ServiceConfig config, RetryPolicy retry = {});
  std::string name() const override { return "openai"; }
  ProviderReply complete(const std::string& system, const std::vector<ChatTurn>& turns,
                         const std::vector<ToolSpec>& tools, const StreamCallbacks& callbacks) override;
  Json request_body(const std::string& system, const std::vector<ChatTurn>& turns,
                    const std::vector<ToolSpec>& tools) const;

 private:
  ServiceConfig config_;
  RetryPolicy retry_;
};

}  // namespace mlt::agent
