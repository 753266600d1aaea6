// AuditLog: append-only, hash-chained records of every action call.
//
// hash = SHA-256 over the canonical JSON (sorted keys, no spaces) of
// {seq, time, actor, action, arguments, decision, result, prev_hash}; the
// first record's prev_hash is 64 zeros. verify() recomputes the chain and
// names the first record that was altered, deleted or reordered.
// Arguments are stored with secrets removed (see core/secrets.h).
//
// A chain alone cannot show that its newest records were cut off, so each
// append also writes "seq hash" of the newest record to DATA_DIR/audit.head;
// verify() reports a log that ends before that anchor as truncated.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/env.h"
#include "core/json.h"

namespace mlt {

class Store;

struct AuditEntry {
  std::string actor;   // "cli", "http", "agent", "system"
  std::string action;  // action name, or an event such as "trial.finished"
  Json arguments = Json::object();
  Json decision = Json::object();  // {allowed, rule, reason}
  Json result = Json::object();    // short summary, never bulk data
};

struct AuditVerifyReport {
  bool ok = true;
  std::int64_t records = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string problem;  // "altered", "deleted or reordered", ...
  Json to_json() const;
};

class AuditLog {
 public:
  AuditLog(Store& store, const Env& env);

  // Appends one record in its own transaction; returns its seq.
  std::int64_t append(const AuditEntry& entry);
  AuditVerifyReport verify();
  // One JSON object per line, in seq order, including hashes.
  void export_jsonl(std::ostream& out);
  // The most recent `limit` records, newest first.
  std::vector<Json> tail(int limit);

  // Removes secret-looking fields and values from arguments before storage.
  static Json scrub(const Json& arguments);

 private:
  void write_anchor(std::int64_t seq, const std::string& hash);

  Store& store_;
  const Env& env_;
  std::filesystem::path anchor_path_;  // empty for an in-memory store
};

}  // namespace mlt
