#include "goals/goal_store.h"

#include <fmt/format.h>

#include "actions/action.h"
#include "core/error.h"
#include "core/secrets.h"
#include "store/store.h"

namespace mlt::goals {
namespace {

Goal read_goal(SQLite::Statement& st) {
  Goal g;
  g.id = st.getColumn(0).getInt64();
  g.text = st.getColumn(1).getString();
  g.constraints = GoalConstraints::from_json(column_json(st, 2));
  g.actor = st.getColumn(3).getString();
  g.active = st.getColumn(4).getInt() != 0;
  g.created_at = st.getColumn(5).getInt64();
  if (!st.getColumn(6).isNull()) g.ended_at = st.getColumn(6).getInt64();
  return g;
}

constexpr const char* kSelect = "SELECT id, text, constraints, actor, active, created_at, ended_at FROM goals";

}  // namespace

GoalStore::GoalStore(Store& store, const Env& env) : store_(store), env_(env) {}

Goal GoalStore::set(const std::string& text_in, const std::string& actor) {
  const std::string text = redact(text_in);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorKind::InvalidArgument, "a goal needs some text", "e.g. \"find the best model for next-day S&P 500 direction\"");
  if (text.size() > 2000) throw Error(ErrorKind::InvalidArgument, "a goal is at most 2000 characters");
  Goal g;
  g.text = text;
  g.constraints = parse_goal(text);
  g.actor = actor;
  g.active = true;
  g.created_at = env_.now();
  g.id = store_.write([&](SQLite::Database& db) {
    SQLite::Statement old(db, "SELECT id FROM goals WHERE active = 1");
    std::vector<std::int64_t> replaced;
    while (old.executeStep()) replaced.push_back(old.getColumn(0).getInt64());
    SQLite::Statement end(db, "UPDATE goals SET active = 0, ended_at = ? WHERE active = 1");
    end.bind(1, static_cast<std::int64_t>(g.created_at));
    end.exec();
    SQLite::Statement ins(db, "INSERT INTO goals(text, constraints, actor, active, created_at) VALUES (?, ?, ?, 1, ?)");
    ins.bind(1, g.text);
    ins.bind(2, g.constraints.to_json().dump());
    ins.bind(3, actor);
    ins.bind(4, static_cast<std::int64_t>(g.created_at));
    ins.exec();
    const std::int64_t id = db.getLastInsertRowid();
    SQLite::Statement ev(db, "INSERT INTO goal_events(goal_id, ts, kind, detail) VALUES (?, ?, ?, ?)");
    for (auto r : replaced) {
      ev.reset();
      ev.bind(1, r);
      ev.bind(2, static_cast<std::int64_t>(g.created_at));
      ev.bind(3, "replaced");
      ev.bind(4, Json{{"by", id}, {"actor", actor}}.dump());
      ev.exec();
    }
    ev.reset();
    ev.bind(1, id);
    ev.bind(2, static_cast<std::int64_t>(g.created_at));
    ev.bind(3, "set");
    ev.bind(4, Json{{"actor", actor}, {"constraints", g.constraints.to_json()}}.dump());
    ev.exec();
    return id;
  });
  return g;
}

bool GoalStore::clear(const std::string& actor) {
  auto current = active();
  if (!current) return false;
  store_.write([&](SQLite::Database& db) {
    SQLite::Statement end(db, "UPDATE goals SET active = 0, ended_at = ? WHERE id = ?");
    end.bind(1, static_cast<std::int64_t>(env_.now()));
    end.bind(2, current->id);
    end.exec();
  });
  record_event(current->id, "cleared", Json{{"actor", actor}});
  return true;
}

std::optional<Goal> GoalStore::active() {
  return store_.read([&](SQLite::Database& db) -> std::optional<Goal> {
    SQLite::Statement st(db, fmt::format("{} WHERE active = 1 ORDER BY id DESC LIMIT 1", kSelect));
    if (!st.executeStep()) return std::nullopt;
    return read_goal(st);
  });
}

std::vector<Goal> GoalStore::list(int limit) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, fmt::format("{} ORDER BY id DESC LIMIT ?", kSelect));
    st.bind(1, std::clamp(limit, 1, 1000));
    std::vector<Goal> out;
    while (st.executeStep()) out.push_back(read_goal(st));
    return out;
  });
}

Json GoalStore::history(int limit) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT id, goal_id, ts, kind, detail FROM goal_events ORDER BY id DESC LIMIT ?");
    st.bind(1, std::clamp(limit, 1, 1000));
    Json out = Json::array();
    while (st.executeStep())
      out.push_back({{"id", st.getColumn(0).getInt64()},
                     {"goal_id", st.getColumn(1).getInt64()},
                     {"ts", format_iso8601(st.getColumn(2).getInt64())},
                     {"kind", st.getColumn(3).getString()},
                     {"detail", column_json(st, 4)}});
    return out;
  });
}

void GoalStore::record_event(std::int64_t goal_id, const std::string& kind, const Json& detail) {
  store_.write([&](SQLite::Database& db) {
    SQLite::Statement ev(db, "INSERT INTO goal_events(goal_id, ts, kind, detail) VALUES (?, ?, ?, ?)");
    ev.bind(1, goal_id);
    ev.bind(2, static_cast<std::int64_t>(env_.now()));
    ev.bind(3, kind);
    ev.bind(4, detail.dump());
    ev.exec();
  });
}

GoalCheck check_active_goal(Store& store, const Env& env, const Action& action, const Json& args) {
  GoalCheck out;
  GoalStore goals(store, env);
  const auto goal = goals.active();
  if (!goal) return out;
  out.denial = check_goal(*goal, action, args);
  out.drift = goal_drift(*goal, action, args);
  if (out.denial)
    goals.record_event(goal->id, "violation", Json{{"action", action.name}, {"reason", out.denial->reason}});
  for (const auto& d : out.drift) goals.record_event(goal->id, "drift", Json{{"action", action.name}, {"reason", d}});
  return out;
}

}  // namespace mlt::goals
