// /api/chat, /api/plan, /api/conversations: the web chat's door to
// agent::Session. POST /api/chat streams the turn as Server-Sent Events:
//   text {text} · action {action, args} · outcome {action, outcome}
//   progress {trial, fraction, message} · notice {text} · done {report, conversation_id}
//   error {kind, message, hint}
//   budget {steps, max_steps, wall_ms, max_wall_ms, tokens, max_tokens} (research loops)
// A message "research: OBJECTIVE" runs the autonomous research loop in the
// conversation (agent::Session::research), its steps streamed as above.
// GET /api/conversations lists stored conversations (newest first);
// GET /api/conversations/{id}/messages returns one's persisted messages.
// One turn at a time per conversation (409 otherwise); a client that goes
// away cancels the turn (and asks running trials to cancel).
#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>

#include "agent/planner.h"
#include "agent/session.h"
#include "memory/memory_store.h"
#include "server/http_server.h"
#include "server/sse.h"
#include "trials/runtime.h"

namespace mlt {
namespace {

struct Conversation {
  std::mutex busy;
  std::unique_ptr<agent::Session> session;
  std::atomic<bool> cancel{false};
};

class ChatService {
 public:
  explicit ChatService(Runtime& rt) : rt_(rt) {}

  std::shared_ptr<Conversation> open(std::optional<std::int64_t> id, const std::string& provider) {
    std::lock_guard lock(mutex_);
    if (id)
      if (auto it = open_.find(*id); it != open_.end()) return it->second;
    auto conv = std::make_shared<Conversation>();
    std::unique_ptr<agent::Provider> p;
    try {
      p = agent::make_provider(provider, rt_.config());
    } catch (const Error&) {
      p = nullptr;  // the session tells the user through a notice on the first turn
    }
    conv->session = std::make_unique<agent::Session>(rt_, std::move(p), agent::SessionOptions{.actor = "http"}, id);
    open_[conv->session->conversation_id()] = conv;
    return conv;
  }
  std::shared_ptr<Conversation> find(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = open_.find(id);
    return it == open_.end() ? nullptr : it->second;
  }

 private:
  Runtime& rt_;
  std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<Conversation>> open_;
};

Json body_object(const HttpRequest& req) {
  const Json j = req.body.empty() ? Json::object() : parse_json(req.body, "request body");
  if (!j.is_object()) throw Error(ErrorKind::InvalidArgument, "the request body must be a JSON object", R"({"message":"..."})");
  return j;
}

std::string message_of(const Json& j) {
  if (!j.contains("message") || !j["message"].is_string())
    throw Error(ErrorKind::InvalidArgument, "/message: expected a string", R"(send {"message":"describe sp500_daily"})");
  return j["message"].get<std::string>();
}

}  // namespace

void add_chat_routes(HttpServer& http, Runtime& runtime) {
  auto service = std::make_shared<ChatService>(runtime);

  http.post("/api/plan", [&runtime](const HttpRequest& req) {
    const std::string message = message_of(body_object(req));
    ActionContext ctx{runtime.store(), runtime.env(), runtime.config(), "http", std::nullopt, {}, {}};
    agent::PlannerContext pc;
    pc.datasets = agent::datasets_from_list(runtime.registry().get("data.list").run(Json::object(), ctx));
    pc.today = format_date(runtime.env().now());
    return HttpResponse::json(agent::OfflinePlanner(runtime.registry()).plan(message, pc).to_json());
  });

  http.post("/api/chat", [service](const HttpRequest& req) {
    const Json body = body_object(req);
    const std::string message = message_of(body);
    std::optional<std::int64_t> id;
    if (body.contains("conversation_id") && body["conversation_id"].is_number_integer())
      id = body["conversation_id"].get<std::int64_t>();
    auto conv = service->open(id, body.value("provider", std::string("offline")));
    auto lock = std::make_shared<std::unique_lock<std::mutex>>(conv->busy, std::try_to_lock);
    if (!lock->owns_lock())
      throw Error(ErrorKind::Conflict, "this conversation is already answering", "wait for it, or cancel it");
    HttpResponse res;
    res.content_type = "text/event-stream";
    res.headers.emplace_back("Cache-Control", "no-cache");
    res.stream = [conv, lock, message](const ChunkWriter& write) {
      conv->cancel = false;
      auto send = [&](const char* event, const Json& data) {
        if (!write(format_sse_event(std::nullopt, event, data.dump()))) conv->cancel = true;
      };
      try {
        const auto report = conv->session->send(
            message, {.on_text = [&](std::string_view t) { send("text", {{"text", std::string(t)}}); },
                      .on_action = [&](const std::string& a, const Json& args) { send("action", {{"action", a}, {"args", args}}); },
                      .on_outcome = [&](const std::string& a, const Json& o) { send("outcome", {{"action", a}, {"outcome", o}}); },
                      .on_progress = [&](std::int64_t t, double f, const std::string& m) {
                        send("progress", {{"trial", t}, {"fraction", f}, {"message", m}});
                      },
                      .on_notice = [&](const std::string& n) { send("notice", {{"text", n}}); },
                      .cancelled = [&] { return conv->cancel.load(); },
                      .on_budget = [&](const Json& u) { send("budget", u); }});
        send("done", {{"report", report.to_json()}, {"conversation_id", conv->session->conversation_id()}});
      } catch (const Error& e) {
        send("error", {{"kind", kind_name(e.kind())}, {"message", e.message()}, {"hint", e.hint()}});
      }
      return false;
    };
    return res;
  });

  http.post(R"(/api/chat/(\d+)/cancel)", [service](const HttpRequest& req) {
    auto conv = service->find(parse_id(req.captures.at(0), "conversation id"));
    if (!conv) throw Error(ErrorKind::NotFound, "no open conversation with that id");
    conv->cancel = true;
    return HttpResponse::json({{"cancelling", true}});
  });

  http.get("/api/conversations", [&runtime](const HttpRequest& req) {
    const int limit = static_cast<int>(query_int(req, "limit", 1, 1000).value_or(50));
    memory::MemoryStore memory(runtime.store(), runtime.env());
    Json out = Json::array();
    for (const auto& c : memory.conversations(limit)) out.push_back(c.to_json());
    return HttpResponse::json({{"conversations", out}});
  });

  http.get(R"(/api/conversations/(\d+)/messages)", [&runtime](const HttpRequest& req) {
    memory::MemoryStore memory(runtime.store(), runtime.env());
    Json out = Json::array();
    for (const auto& m : memory.conversation(parse_id(req.captures.at(0), "conversation id"), 500)) out.push_back(m.to_json());
    return HttpResponse::json({{"messages", out}});
  });
}

}  // namespace mlt
