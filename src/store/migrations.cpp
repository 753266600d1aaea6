#include "store/migrations.h"

#include <array>

namespace mlt {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE datasets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL,            -- bars | panel
  source      TEXT NOT NULL,            -- polygon | fred | user_file
  provenance  TEXT NOT NULL,            -- JSON, see data/provenance.h
  sha256      TEXT NOT NULL,            -- of content, must match provenance
  content     BLOB NOT NULL,            -- the bytes exactly as received
  options     TEXT NOT NULL,            -- JSON: how content is parsed
  rows        INTEGER NOT NULL,
  columns     TEXT NOT NULL,            -- JSON array of column names
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);

CREATE TABLE trials (
  id          INTEGER PRIMARY KEY,
  action      TEXT NOT NULL,
  args        TEXT NOT NULL,            -- JSON, secrets removed
  actor       TEXT NOT NULL,
  state       TEXT NOT NULL,            -- queued|running|succeeded|failed|cancelled
  progress    REAL NOT NULL DEFAULT 0,
  message     TEXT NOT NULL DEFAULT '',
  result      TEXT,                     -- JSON on success
  error       TEXT,                     -- JSON {kind,message,hint} on failure
  attempts    INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER
);
CREATE INDEX trials_state ON trials(state);

CREATE TABLE trial_events (
  id        INTEGER PRIMARY KEY,
  trial_id  INTEGER NOT NULL REFERENCES trials(id),
  ts        INTEGER NOT NULL,
  kind      TEXT NOT NULL,              -- state | progress
  state     TEXT NOT NULL,
  fraction  REAL NOT NULL,
  message   TEXT NOT NULL
);
CREATE INDEX trial_events_trial ON trial_events(trial_id, id);

CREATE TABLE results (
  id          INTEGER PRIMARY KEY,
  trial_id    INTEGER REFERENCES trials(id),
  kind        TEXT NOT NULL,            -- e.g. ml.train
  dataset     TEXT,
  summary     TEXT NOT NULL,            -- JSON
  created_at  INTEGER NOT NULL
);

CREATE TABLE audit (
  seq        INTEGER PRIMARY KEY,
  ts         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  arguments  TEXT NOT NULL,             -- JSON, secrets removed
  decision   TEXT NOT NULL,             -- JSON {allowed, rule, reason}
  result     TEXT NOT NULL,             -- JSON summary
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
-- Append-only: the application never updates or deletes audit rows.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
)sql";

constexpr std::string_view kV2 = R"sql(
CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
)sql";

// Responses of external sources (Polygon, FRED), whole fetches keyed by the
// request without its key; see data/fetch_cache.h.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE fetch_cache (
  key           TEXT PRIMARY KEY,       -- canonical request, secrets removed
  source        TEXT NOT NULL,          -- polygon | fred
  origin        TEXT NOT NULL,          -- first request URL, secrets removed
  content       BLOB NOT NULL,          -- the response bodies as received (secrets removed)
  sha256        TEXT NOT NULL,          -- of content
  pages         INTEGER NOT NULL,
  retrieved_at  INTEGER NOT NULL
);
)sql";

// Versioned model artifacts (ml.train, ml.predict, ml.versions): one row per
// (name, version); artifact holds ModelArtifact::bytes(), see ml/model_artifact.h.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE models (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  version          INTEGER NOT NULL,      -- 1, 2, ... per name
  model            TEXT NOT NULL,         -- registry id
  task             TEXT NOT NULL,         -- classification | regression
  dataset          TEXT NOT NULL,
  data_sha256      TEXT NOT NULL,
  feature_set      TEXT NOT NULL,
  params           TEXT NOT NULL,         -- JSON, effective parameters
  seed             INTEGER NOT NULL,
  library_versions TEXT NOT NULL,         -- JSON
  metrics          TEXT NOT NULL,         -- JSON, walk-forward validation {name:{mean,std}}
  spec             TEXT NOT NULL,         -- JSON: target, horizon, column, scheme, folds
  artifact         BLOB NOT NULL,
  artifact_sha256  TEXT NOT NULL,
  result_id        INTEGER,
  trial_id         INTEGER,
  created_at       INTEGER NOT NULL,
  UNIQUE(name, version)
);
)sql";

// Conversations: messages with a full-text index (FTS5, BM25), topics per
// message, term document counts for TF-IDF keywords, and goals with their
// history; see memory/memory_store.h and goals/goal_store.h.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE conversations (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL,
  ts              INTEGER NOT NULL,
  role            TEXT NOT NULL,      -- user|assistant|tool|action|result|compliance|system
  content         TEXT NOT NULL,      -- secrets redacted
  data            TEXT,               -- JSON: tool calls, arguments, result summary
  trial_id        INTEGER,
  importance      REAL NOT NULL,      -- stored part of the score, see memory/importance.h
  pinned          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
CREATE INDEX messages_ts ON messages(ts);
CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id',
                                             tokenize='porter unicode61');
CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TABLE topics (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,           -- ticker|family|concept|keyword
  messages   INTEGER NOT NULL DEFAULT 0,
  last_seen  INTEGER NOT NULL,
  UNIQUE(kind, name)
);
CREATE TABLE message_topics (
  topic_id    INTEGER NOT NULL,
  message_id  INTEGER NOT NULL,
  weight      REAL NOT NULL,
  PRIMARY KEY (topic_id, message_id)
) WITHOUT ROWID;
CREATE INDEX message_topics_message ON message_topics(message_id);
CREATE TABLE term_stats (
  term  TEXT PRIMARY KEY,
  docs  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE goals (
  id           INTEGER PRIMARY KEY,
  text         TEXT NOT NULL,
  constraints  TEXT NOT NULL,         -- JSON, see goals/goal_constraints.h
  actor        TEXT NOT NULL,
  active       INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  ended_at     INTEGER
);
CREATE TABLE goal_events (
  id       INTEGER PRIMARY KEY,
  goal_id  INTEGER NOT NULL REFERENCES goals(id),
  ts       INTEGER NOT NULL,
  kind     TEXT NOT NULL,             -- set|replaced|cleared|violation|drift
  detail   TEXT NOT NULL              -- JSON
);
CREATE INDEX goal_events_goal ON goal_events(goal_id, id);
)sql";

// For memory search with a minimum importance: unpinned messages too old to
// reach it are skipped, which needs the highest stored importance of the
// unpinned ones (the last entry of messages_unpinned_importance); pinned
// ones never decay and are looked up through the (small) messages_pinned.
constexpr std::string_view kV6 = R"sql(
CREATE INDEX messages_pinned ON messages(id) WHERE pinned = 1;
CREATE INDEX messages_unpinned_importance ON messages(importance) WHERE pinned = 0;
)sql";

constexpr std::array<std::string_view, 6> kMigrations = {kV1, kV2, kV3, kV4, kV5, kV6};

}  // namespace

std::span<const std::string_view> store_migrations() { return kMigrations; }

}  // namespace mlt
