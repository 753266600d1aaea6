#include "audit/audit_log.h"

#include <fmt/format.h>

#include <fstream>

#include "core/secrets.h"
#include "core/sha256.h"
#include "store/store.h"

namespace mlt {
namespace {

const std::string kGenesisHash(64, '0');

// The object whose canonical dump is hashed. nlohmann::json sorts keys, and
// dump() without indent has no whitespace, so this text is canonical.
Json record_body(std::int64_t seq, const std::string& ts, const std::string& actor, const std::string& action,
                 const Json& arguments, const Json& decision, const Json& result, const std::string& prev_hash) {
  return Json{{"seq", seq},           {"time", ts},         {"actor", actor},   {"action", action},
              {"arguments", arguments}, {"decision", decision}, {"result", result}, {"prev_hash", prev_hash}};
}

std::string hash_of(const Json& body) { return sha256_hex(body.dump()); }

Json scrub_value(const Json& v) {
  if (v.is_object()) {
    Json out = Json::object();
    for (const auto& [k, val] : v.items())
      out[k] = is_secret_field_name(k) ? Json(std::string(kRedacted)) : scrub_value(val);
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(scrub_value(e));
    return out;
  }
  if (v.is_string()) return redact(v.get<std::string>());
  return v;
}

}  // namespace

Json AuditVerifyReport::to_json() const {
  Json j{{"ok", ok}, {"records", records}};
  if (first_bad_seq) j["first_bad_seq"] = *first_bad_seq;
  if (!problem.empty()) j["problem"] = problem;
  return j;
}

Json AuditLog::scrub(const Json& arguments) { return scrub_value(arguments); }

AuditLog::AuditLog(Store& store, const Env& env) : store_(store), env_(env) {
  if (store_.path() != ":memory:") anchor_path_ = store_.path().parent_path() / "audit.head";
}

void AuditLog::write_anchor(std::int64_t seq, const std::string& hash) {
  if (anchor_path_.empty()) return;
  // Write-then-rename so a crash never leaves a half-written anchor.
  const auto tmp = anchor_path_.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << seq << ' ' << hash << '\n';
  }
  std::error_code ec;
  std::filesystem::rename(tmp, anchor_path_, ec);
}

std::int64_t AuditLog::append(const AuditEntry& e) {
  const std::string ts = format_iso8601(env_.now());
  const Json args = scrub(e.arguments);
  const Json decision = scrub(e.decision);
  const Json result = scrub(e.result);
  const auto appended = store_.write([&](SQLite::Database& db) {
    std::int64_t seq = 1;
    std::string prev = kGenesisHash;
    SQLite::Statement last(db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (last.executeStep()) {
      seq = last.getColumn(0).getInt64() + 1;
      prev = last.getColumn(1).getString();
    }
    const std::string hash = hash_of(record_body(seq, ts, e.actor, e.action, args, decision, result, prev));
    SQLite::Statement ins(db, "INSERT INTO audit VALUES (?,?,?,?,?,?,?,?,?)");
    ins.bind(1, seq);
    ins.bind(2, ts);
    ins.bind(3, e.actor);
    ins.bind(4, e.action);
    ins.bind(5, args.dump());
    ins.bind(6, decision.dump());
    ins.bind(7, result.dump());
    ins.bind(8, prev);
    ins.bind(9, hash);
    ins.exec();
    return std::make_pair(seq, hash);
  });
  // After the commit: an anchor must never point past what was stored. Two
  // racing appends may leave the older one anchored, which only weakens it.
  write_anchor(appended.first, appended.second);
  return appended.first;
}

AuditVerifyReport AuditLog::verify() {
  std::int64_t anchor_seq = 0;
  std::string anchor_hash;
  if (!anchor_path_.empty()) std::ifstream(anchor_path_) >> anchor_seq >> anchor_hash;
  return store_.read([&](SQLite::Database& db) {
    AuditVerifyReport report;
    std::string prev = kGenesisHash;
    std::int64_t expected_seq = 1;
    SQLite::Statement st(db, "SELECT seq, ts, actor, action, arguments, decision, result, prev_hash, hash "
                             "FROM audit ORDER BY rowid");
    auto fail = [&](std::int64_t seq, std::string problem) {
      report.ok = false;
      report.first_bad_seq = seq;
      report.problem = std::move(problem);
    };
    while (st.executeStep()) {
      const std::int64_t seq = st.getColumn(0).getInt64();
      ++report.records;
      if (seq != expected_seq) {
        fail(seq, seq > expected_seq ? fmt::format("record {} is missing (deleted)", expected_seq)
                                     : fmt::format("record {} is out of order", seq));
        return report;
      }
      const std::string stored_prev = st.getColumn(7).getString();
      if (stored_prev != prev) {
        fail(seq, "its prev_hash does not match the previous record (deleted, inserted or reordered)");
        return report;
      }
      Json body;
      try {
        body = record_body(seq, st.getColumn(1).getString(), st.getColumn(2).getString(),
                           st.getColumn(3).getString(), Json::parse(st.getColumn(4).getString()),
                           Json::parse(st.getColumn(5).getString()), Json::parse(st.getColumn(6).getString()),
                           stored_prev);
      } catch (const Json::exception&) {
        fail(seq, "its stored JSON is malformed (altered)");
        return report;
      }
      const std::string stored_hash = st.getColumn(8).getString();
      if (hash_of(body) != stored_hash) {
        fail(seq, "its content does not match its hash (altered)");
        return report;
      }
      if (seq == anchor_seq && stored_hash != anchor_hash) {
        fail(seq, "it differs from the anchored newest record (altered or rewritten)");
        return report;
      }
      prev = stored_hash;
      ++expected_seq;
    }
    if (anchor_seq > report.records) {
      fail(report.records + 1, fmt::format("records {}..{} were deleted from the end of the log (truncated)",
                                           report.records + 1, anchor_seq));
    }
    return report;
  });
}

void AuditLog::export_jsonl(std::ostream& out) {
  store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT seq, ts, actor, action, arguments, decision, result, prev_hash, hash "
                             "FROM audit ORDER BY seq");
    while (st.executeStep()) {
      Json rec = record_body(st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                             st.getColumn(3).getString(), column_json(st, 4), column_json(st, 5),
                             column_json(st, 6), st.getColumn(7).getString());
      rec["hash"] = st.getColumn(8).getString();
      out << rec.dump() << '\n';
    }
  });
}

std::vector<Json> AuditLog::tail(int limit) {
  return store_.read([&](SQLite::Database& db) {
    std::vector<Json> out;
    SQLite::Statement st(db, "SELECT seq, ts, actor, action, arguments, decision, result, hash "
                             "FROM audit ORDER BY seq DESC LIMIT ?");
    st.bind(1, limit);
    while (st.executeStep())
      out.push_back(Json{{"seq", st.getColumn(0).getInt64()},
                         {"time", st.getColumn(1).getString()},
                         {"actor", st.getColumn(2).getString()},
                         {"action", st.getColumn(3).getString()},
                         {"arguments", column_json(st, 4)},
                         {"decision", column_json(st, 5)},
                         {"result", column_json(st, 6)},
                         {"hash", st.getColumn(7).getString()}});
    return out;
  });
}

}  // namespace mlt
