// Logging: spdlog behind a sink that passes every line through redact(), so
// a secret cannot reach a log even if a caller formats one by mistake.
#pragma once

#include <spdlog/spdlog.h>

namespace mlt {

// Installs the redacting logger as spdlog's default (stderr). Idempotent.
// level: "debug", "info", "warn", "error", "off".
void init_logging(const std::string& level = "info");

}  // namespace mlt
