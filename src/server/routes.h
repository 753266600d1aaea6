// Route groups of the Server (internal to src/server). Each add_* registers
// handlers on the HttpServer; handlers throw mlt::Error and let the
// HttpServer wrapper map it.
#pragma once

#include <string>

namespace mlt {

class HttpServer;
class Runtime;

void add_meta_routes(HttpServer& http, Runtime& runtime);    // /health, /
void add_action_routes(HttpServer& http, Runtime& runtime);  // /api/actions, /api/datasets
void add_trial_routes(HttpServer& http, Runtime& runtime);   // /api/trials...
void add_audit_routes(HttpServer& http, Runtime& runtime);   // /api/audit...
void add_chat_routes(HttpServer& http, Runtime& runtime);    // /api/chat, /api/plan, /api/conversations

// The status page served at "/".
const std::string& status_page_html();

}  // namespace mlt
