// /api/trials: list, inspect, cancel and follow trials.
#include <fmt/format.h>

#include <memory>

#include "server/http_server.h"
#include "server/routes.h"
#include "server/trial_stream.h"
#include "trials/runtime.h"

namespace mlt {

namespace {

std::optional<TrialState> state_filter(const HttpRequest& req) {
  auto text = req.query_param("state");
  if (!text || text->empty()) return std::nullopt;
  auto state = parse_state(*text);
  if (!state)
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown trial state '{}'", *text),
                "use one of queued, running, succeeded, failed, cancelled");
  return state;
}

// Last-Event-ID is sent by EventSource on reconnect; a garbled one restarts
// the replay from the beginning rather than failing the stream.
std::int64_t last_event_id(const HttpRequest& req) {
  auto text = req.header("Last-Event-ID");
  if (!text) return 0;
  try {
    std::size_t used = 0;
    long long id = std::stoll(*text, &used);
    return used == text->size() && id > 0 ? id : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

void add_trial_routes(HttpServer& http, Runtime& runtime) {
  http.get("/api/trials", [&runtime](const HttpRequest& req) {
    const auto limit = query_int(req, "limit", 1, 1000).value_or(50);
    Json trials = Json::array();
    for (const TrialRecord& t : runtime.trials().list(static_cast<int>(limit), state_filter(req)))
      trials.push_back(t.to_json());
    return HttpResponse::json({{"trials", trials}});
  });

  http.get(R"(/api/trials/([^/]+))", [&runtime](const HttpRequest& req) {
    return HttpResponse::json(runtime.trials().get(parse_id(req.captures.at(0), "trial")).to_json());
  });

  http.post(R"(/api/trials/([^/]+)/cancel)", [&runtime](const HttpRequest& req) {
    return HttpResponse::json(runtime.trials().cancel(parse_id(req.captures.at(0), "trial")).to_json());
  });

  http.get(R"(/api/trials/([^/]+)/events)", [&runtime](const HttpRequest& req) {
    const std::int64_t id = parse_id(req.captures.at(0), "trial");
    runtime.trials().get(id);  // 404 as JSON now, before the stream starts
    auto stream = std::make_shared<TrialEventStream>(runtime.trials(), id, last_event_id(req));
    HttpResponse res;
    res.content_type = "text/event-stream";
    res.headers.emplace_back("Cache-Control", "no-cache");
    res.headers.emplace_back("X-Accel-Buffering", "no");  // keeps reverse proxies from buffering events
    res.stream = [stream](const ChunkWriter& write) { return stream->next(write); };
    return res;
  });
}

}  // namespace mlt
