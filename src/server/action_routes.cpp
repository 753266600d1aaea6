// /api/actions and /api/datasets: the HTTP door to Runtime::call.
#include <fmt/format.h>

#include "server/http_server.h"
#include "server/routes.h"
#include "data/dataset_repository.h"
#include "trials/runtime.h"

namespace mlt {

namespace {

// Empty or all-whitespace body means "no arguments".
Json parse_arguments(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
  Json args = parse_json(body, "request body");
  if (!args.is_object())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("the request body must be a JSON object of arguments, got {}", args.type_name()),
                R"(send e.g. {"dataset":"sp500_daily"}; GET /api/actions shows each action's schema and example)");
  return args;
}

// A denial is an expected outcome, not an exception: 403 carries both the
// decision and the usual error shape so generic clients can show it.
HttpResponse denied(const CallOutcome& outcome) {
  const Json& d = outcome.decision;
  Json body = error_json(ErrorKind::Denied, d.value("reason", std::string("denied by compliance")),
                         d.value("hint", std::string()));
  body["decision"] = d;
  return HttpResponse::json(body, 403);
}

HttpResponse outcome_response(Runtime& runtime, const CallOutcome& outcome) {
  if (!outcome.allowed) return denied(outcome);
  Json body = outcome.to_json();
  if (!outcome.trial_id) return HttpResponse::json(body, 200);
  // The full record tells the client where to follow progress.
  body["trial"] = runtime.trials().get(*outcome.trial_id).to_json();
  HttpResponse res = HttpResponse::json(body, 202);
  res.headers.emplace_back("Location", fmt::format("/api/trials/{}", *outcome.trial_id));
  return res;
}

Json describe(const ActionRegistry& registry, const Action& action) {
  // Examples are validated at registration, so parsing only fails on a bug;
  // then the raw text is still more useful than nothing.
  Json example = Json::parse(action.example, nullptr, false);
  if (example.is_discarded()) example = action.example;
  return {{"name", action.name},
          {"summary", action.summary},
          {"cost", cost_name(action.cost)},
          {"schema", registry.schema_json(action.name)},
          {"example", example}};
}

}  // namespace

void add_action_routes(HttpServer& http, Runtime& runtime) {
  http.get("/api/actions", [&runtime](const HttpRequest&) {
    Json actions = Json::array();
    for (const Action* action : runtime.registry().list()) actions.push_back(describe(runtime.registry(), *action));
    return HttpResponse::json({{"actions", actions}});
  });

  http.post(R"(/api/actions/([^/]+))", [&runtime](const HttpRequest& req) {
    const Json args = parse_arguments(req.body);  // before the lookup: a bad body is the caller's first problem
    return outcome_response(runtime, runtime.call(req.captures.at(0), args, "http"));
  });

  // A read-only view for pages that poll, like GET /api/trials: it reads the
  // store directly instead of making (and auditing) a data.list call each time.
  http.get("/api/datasets", [&runtime](const HttpRequest&) {
    return HttpResponse::json({{"datasets", DatasetRepository(runtime.store()).list()}});
  });
}

}  // namespace mlt
