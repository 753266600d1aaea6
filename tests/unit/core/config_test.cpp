#include "core/config.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/log.h"
#include "core/secrets.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

GetEnv fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Config, FileThenEnvironmentOverrides) {
  test::TempDir dir;
  const auto file = dir.path() / "mltrainer.toml";
  std::ofstream(file) << "[store]\ndata_dir = \"from-file\"\n[server]\nport = 9000\n[trials]\nworkers = 3\n"
                         "[polygon]\nbase_url = \"http://127.0.0.1:1/poly\"\n";
  const Config cfg = load_config(file, fake_env({{"MLTRAINER_PORT", "9100"}, {"POLYGON_API_KEY", "pk_test_0123456789"}}));
  EXPECT_EQ(cfg.data_dir, "from-file");
  EXPECT_EQ(cfg.port, 9100);  // environment wins
  EXPECT_EQ(cfg.workers, 3);
  EXPECT_EQ(cfg.polygon.api_key, "pk_test_0123456789");
  EXPECT_EQ(cfg.polygon.base_url, "http://127.0.0.1:1/poly");
}

TEST(Config, MalformedFileNamesTheLine) {
  test::TempDir dir;
  const auto file = dir.path() / "bad.toml";
  std::ofstream(file) << "[server]\nport = = 1\n";
  try {
    load_config(file, fake_env({}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.message().find(":2:"), std::string::npos) << e.message();
  }
}

TEST(Config, BadPortInEnvironmentIsAClearError) {
  EXPECT_THROW(load_config(std::nullopt, fake_env({{"MLTRAINER_PORT", "eighty"}})), Error);
}

TEST(Config, RedactedJsonNeverShowsKeys) {
  const Config cfg = load_config(std::nullopt, fake_env({{"ANTHROPIC_API_KEY", "sk-ant-api03-SECRETSECRETSECRET1234"},
                                                         {"FRED_API_KEY", "abcdef0123456789abcdef0123456789"}}));
  const std::string text = cfg.to_redacted_json().dump();
  EXPECT_EQ(text.find("SECRETSECRET"), std::string::npos);
  EXPECT_EQ(text.find("abcdef0123456789"), std::string::npos);
  EXPECT_NE(text.find("***"), std::string::npos);
}

TEST(Secrets, RegisteredSecretsAndUrlKeysAreRedacted) {
  register_secret("fredkey-9f8e7d6c5b4a");
  EXPECT_EQ(redact("using fredkey-9f8e7d6c5b4a now"), "using *** now");
  EXPECT_EQ(redact("https://api.example/v2/aggs?adjusted=true&apiKey=XYZ123&limit=5"),
            "https://api.example/v2/aggs?adjusted=true&apiKey=***&limit=5");
  EXPECT_EQ(redact("/fred/series/observations?series_id=CPIAUCSL&api_key=abc"),
            "/fred/series/observations?series_id=CPIAUCSL&api_key=***");
  EXPECT_EQ(redact("key sk-ant-api03-abcdefghijklmnopqrstuvwxyz here"), "key *** here");
  EXPECT_TRUE(looks_like_secret("token fredkey-9f8e7d6c5b4a"));
  EXPECT_FALSE(looks_like_secret("sp500_daily"));
}

TEST(Secrets, LogLinesAreRedacted) {
  const Config cfg = load_config(std::nullopt, fake_env({{"POLYGON_API_KEY", "polygon-secret-value-42"}}));
  std::ostringstream captured;
  auto sink = make_redacting_sink(std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  spdlog::logger logger("test", sink);
  logger.info("fetching https://api.polygon.io/v2/aggs/ticker/AAPL?apiKey={} (key {})", cfg.polygon.api_key,
              cfg.polygon.api_key);
  logger.flush();
  const std::string out = captured.str();
  EXPECT_NE(out.find("fetching https://api.polygon.io/v2/aggs/ticker/AAPL?apiKey=***"), std::string::npos) << out;
  EXPECT_EQ(out.find("polygon-secret-value-42"), std::string::npos) << out;
}

}  // namespace
}  // namespace mlt
