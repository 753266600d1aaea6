#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/secrets.h"
#include "store/store.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env.clock = [this] { return now += 1000; };
    for (int i = 0; i < 5; ++i)
      log.append({"cli", "data.describe", {{"name", "sp500_daily"}, {"i", i}}, {{"allowed", true}}, {{"rows", 5105}}});
  }
  // Tampering goes around mltrainer: drop the append-only triggers first,
  // as someone editing the file with the sqlite3 shell could.
  void tamper(const std::string& sql) {
    store->write([&](SQLite::Database& db) {
      db.exec("DROP TRIGGER IF EXISTS audit_no_update");
      db.exec("DROP TRIGGER IF EXISTS audit_no_delete");
      db.exec(sql);
    });
  }
  TimestampMs now = 1'700'000'000'000;
  Env env;
  std::unique_ptr<Store> store = Store::in_memory();
  AuditLog log{*store, env};
};

TEST_F(AuditLogTest, IntactChainVerifies) {
  const auto report = log.verify();
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.records, 5);
}

TEST_F(AuditLogTest, AppendOnlyTriggersRefuseEdits) {
  EXPECT_ANY_THROW(store->write([](SQLite::Database& db) { db.exec("UPDATE audit SET actor='x' WHERE seq=1"); }));
  EXPECT_ANY_THROW(store->write([](SQLite::Database& db) { db.exec("DELETE FROM audit WHERE seq=1"); }));
}

TEST_F(AuditLogTest, AlteredRecordIsNamed) {
  tamper("UPDATE audit SET arguments='{\"i\":2,\"name\":\"aapl_daily\"}' WHERE seq=3");
  const auto report = log.verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("altered"), std::string::npos);
}

TEST_F(AuditLogTest, DeletedRecordIsNamed) {
  tamper("DELETE FROM audit WHERE seq=2");
  const auto report = log.verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("record 2 is missing"), std::string::npos) << report.problem;
}

TEST_F(AuditLogTest, ReorderedRecordsAreDetected) {
  // Swap the contents of records 2 and 4 while keeping their seq numbers.
  tamper("CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (2,4);"
         "UPDATE audit SET ts=(SELECT ts FROM t WHERE seq=4), arguments=(SELECT arguments FROM t WHERE seq=4),"
         " prev_hash=(SELECT prev_hash FROM t WHERE seq=4), hash=(SELECT hash FROM t WHERE seq=4) WHERE seq=2;"
         "UPDATE audit SET ts=(SELECT ts FROM t WHERE seq=2), arguments=(SELECT arguments FROM t WHERE seq=2),"
         " prev_hash=(SELECT prev_hash FROM t WHERE seq=2), hash=(SELECT hash FROM t WHERE seq=2) WHERE seq=4;");
  const auto report = log.verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 2);
}

TEST_F(AuditLogTest, RecomputedHashStillBreaksTheChain) {
  // A forger who alters record 2 and recomputes its hash breaks record 3's link.
  tamper("UPDATE audit SET hash='" + std::string(64, 'a') + "' WHERE seq=2");
  const auto report = log.verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 2);
}

TEST(AuditLogOnDisk, TruncatedTailIsDetectedThroughTheAnchor) {
  test::TempDir dir;
  Env env;
  Store store(dir.path());
  AuditLog log(store, env);
  for (int i = 0; i < 4; ++i) log.append({"cli", "data.list", {{"i", i}}, {{"allowed", true}}, {}});
  ASSERT_TRUE(log.verify().ok);
  store.write([](SQLite::Database& db) {
    db.exec("DROP TRIGGER audit_no_delete");
    db.exec("DELETE FROM audit WHERE seq >= 3");
  });
  const auto report = log.verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("truncated"), std::string::npos) << report.problem;
}

TEST_F(AuditLogTest, SecretsNeverReachTheLog) {
  register_secret("audit-secret-0123456789");
  log.append({"http", "data.fetch", {{"api_key", "whatever"}, {"url", "https://x/y?apiKey=audit-secret-0123456789"}},
              {{"allowed", false}}, {}});
  std::ostringstream out;
  log.export_jsonl(out);
  EXPECT_EQ(out.str().find("audit-secret-0123456789"), std::string::npos);
  EXPECT_EQ(out.str().find("whatever"), std::string::npos);
  EXPECT_TRUE(log.verify().ok);
}

TEST_F(AuditLogTest, ExportIsOneJsonObjectPerLineWithHashes) {
  std::ostringstream out;
  log.export_jsonl(out);
  std::istringstream in(out.str());
  std::string line;
  int n = 0;
  std::string prev(64, '0');
  while (std::getline(in, line)) {
    const Json rec = Json::parse(line);
    EXPECT_EQ(rec["seq"], ++n);
    EXPECT_EQ(rec["prev_hash"], prev);
    prev = rec["hash"].get<std::string>();
  }
  EXPECT_EQ(n, 5);
}

}  // namespace
}  // namespace mlt
