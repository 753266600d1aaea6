// GET /health, and the status page's response (served by web_routes.cpp).
#include "server/http_server.h"
#include "server/routes.h"
#include "trials/runtime.h"

namespace mlt {

HttpResponse status_page_response() {
  HttpResponse res = HttpResponse::html(status_page_html());
  res.headers.emplace_back("Cache-Control", "no-cache");
  // The page has only inline script and style and talks to its own origin.
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "connect-src 'self'");
  return res;
}

void add_meta_routes(HttpServer& http, Runtime& runtime) {
  http.get("/health", [&runtime](const HttpRequest&) {
    return HttpResponse::json(
        {{"status", "ok"}, {"version", MLT_VERSION}, {"schema_version", runtime.store().schema_version()}});
  });
}

}  // namespace mlt
