// /api/audit: the tail of the hash-chained log and its verification.
#include "server/http_server.h"
#include "server/routes.h"
#include "trials/runtime.h"

namespace mlt {

void add_audit_routes(HttpServer& http, Runtime& runtime) {
  http.get("/api/audit/verify", [&runtime](const HttpRequest&) {
    return HttpResponse::json(runtime.audit().verify().to_json());
  });
  http.get("/api/audit", [&runtime](const HttpRequest& req) {
    const auto limit = query_int(req, "limit", 1, 1000).value_or(50);
    Json records = Json::array();
    for (auto& record : runtime.audit().tail(static_cast<int>(limit))) records.push_back(std::move(record));
    return HttpResponse::json({{"records", records}});
  });
}

}  // namespace mlt
