#include "memory/memory_actions.h"

#include "actions/registry.h"
#include "core/error.h"
#include "memory/memory_store.h"

namespace mlt {
namespace {

std::optional<TimestampMs> date_arg(const Json& args, const char* key, bool end_of_day) {
  if (!args.contains(key)) return std::nullopt;
  auto ts = parse_timestamp(args[key].get<std::string>());
  if (!ts) throw Error(ErrorKind::InvalidArgument, std::string("/") + key + ": expected a date YYYY-MM-DD");
  return end_of_day ? *ts + kMsPerDay - 1 : *ts;
}

Json search(const Json& args, ActionContext& ctx) {
  memory::MemoryStore store(ctx.store, ctx.env);
  memory::SearchQuery q;
  q.text = args.value("query", std::string());
  if (args.contains("topic")) q.topic = args["topic"].get<std::string>();
  q.since = date_arg(args, "since", false);
  q.until = date_arg(args, "until", true);
  q.min_importance = args.value("min_importance", 0.0);
  if (args.contains("role")) q.role = args["role"].get<std::string>();
  q.limit = args.value("limit", 10);
  if (q.text.empty() && !q.topic && !q.since && !q.until)
    throw Error(ErrorKind::InvalidArgument, "give a query, a topic or a date range",
                R"(e.g. {"query":"xgboost momentum"} or {"topic":"AAPL"})");
  Json hits = Json::array();
  for (const auto& h : store.search(q)) hits.push_back(h.to_json());
  return Json{{"hits", hits}, {"count", hits.size()}};
}

Json topics(const Json& args, ActionContext& ctx) {
  memory::MemoryStore store(ctx.store, ctx.env);
  return Json{{"topics", store.topic_index(args.value("limit", 50))}};
}

}  // namespace

void register_memory_actions(ActionRegistry& registry) {
  registry.add(Action{
      .name = "memory.search",
      .summary = "Search past conversations, actions, results and compliance events (full text, BM25, by topic).",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{
        "query":{"type":"string","maxLength":2000,"description":"Words to look for, e.g. 'xgboost momentum'."},
        "topic":{"type":"string","maxLength":100,"description":"Only memories about this topic: a ticker (AAPL, S&P 500), model family (xgboost) or concept (momentum)."},
        "since":{"type":"string","description":"Only memories from this date on (YYYY-MM-DD)."},
        "until":{"type":"string","description":"Only memories up to this date (YYYY-MM-DD)."},
        "min_importance":{"type":"number","minimum":0,"maximum":2,"description":"Only memories at least this important (after recency decay)."},
        "role":{"type":"string","enum":["user","assistant","tool","action","result","compliance","system"]},
        "limit":{"type":"integer","minimum":1,"maximum":100,"default":10}}})",
      .example = R"({"query":"xgboost","topic":"SPX","limit":5})",
      .cost = Cost::Instant,
      .run = search,
      .details = "Ranking: relevance (−BM25) × (0.5 + importance), where importance = role base + result and denial "
                 "bonuses + topics + pin, halved every 30 days unless pinned (see docs/conversation.md).",
  });
  registry.add(Action{
      .name = "memory.topics",
      .summary = "List the topic index: tickers, model families, concepts and keywords with how often they came up.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{
        "limit":{"type":"integer","minimum":1,"maximum":1000,"default":50}}})",
      .example = R"({"limit":20})",
      .cost = Cost::Instant,
      .run = topics,
  });
}

}  // namespace mlt
