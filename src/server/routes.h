// Route groups of the Server (internal to src/server). Each add_* registers
// handlers on the HttpServer; handlers throw mlt::Error and let the
// HttpServer wrapper map it.
#pragma once

#include <string>

#include "server/http_types.h"

namespace mlt {

class HttpServer;
class Runtime;

void add_meta_routes(HttpServer& http, Runtime& runtime);    // /health
void add_action_routes(HttpServer& http, Runtime& runtime);  // /api/actions, /api/datasets
void add_trial_routes(HttpServer& http, Runtime& runtime);   // /api/trials...
void add_audit_routes(HttpServer& http, Runtime& runtime);   // /api/audit...
void add_chat_routes(HttpServer& http, Runtime& runtime);    // /api/chat, /api/plan, /api/conversations

// GET /, /assets/* (the web chat: embedded, or read from `web_dir` when it is
// not empty) and GET /status (the status page).
void add_web_routes(HttpServer& http, const std::string& web_dir);

// The status page (served at /status, and at / when no web UI is embedded).
const std::string& status_page_html();
HttpResponse status_page_response();

}  // namespace mlt
