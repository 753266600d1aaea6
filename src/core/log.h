// Logging: spdlog behind a sink that passes every line through redact(), so
// a secret cannot reach a log even if a caller formats one by mistake.
#pragma once

#include <spdlog/spdlog.h>

namespace mlt {

// Wraps a sink so every message passes through redact() before it is written.
spdlog::sink_ptr make_redacting_sink(spdlog::sink_ptr inner);

// Installs the redacting logger as spdlog's default (stderr). Idempotent.
// level: "debug", "info", "warn", "error", "off".
void init_logging(const std::string& level = "info");

}  // namespace mlt
