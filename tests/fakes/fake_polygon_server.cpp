#include "fakes/fake_polygon_server.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>

#include "core/time.h"

namespace mlt::test {
namespace {

using nlohmann::json;

// US Eastern daylight time: second Sunday of March to first Sunday of November (rules since 2007;
// earlier years used April..October, which only shifts t by an hour within the same date).
bool us_eastern_dst(int y, unsigned m, unsigned d) {
  if (m < 3 || m > 11) return false;
  if (m > 3 && m < 11) return true;
  const auto weekday = [](int yy, unsigned mm, unsigned dd) {  // 0 = Sunday
    return static_cast<unsigned>((days_from_civil(yy, mm, dd) + 4) % 7);
  };
  if (m == 3) {
    const unsigned first_sunday = 1 + (7 - weekday(y, 3, 1)) % 7;
    return d >= first_sunday + 7;
  }
  const unsigned first_sunday = 1 + (7 - weekday(y, 11, 1)) % 7;
  return d < first_sunday;
}

long long midnight_eastern_ms(const std::string& date) {
  const int y = std::atoi(date.substr(0, 4).c_str());
  const auto m = static_cast<unsigned>(std::atoi(date.substr(5, 2).c_str()));
  const auto d = static_cast<unsigned>(std::atoi(date.substr(8, 2).c_str()));
  const long long hours = us_eastern_dst(y, m, d) ? 4 : 5;
  return days_from_civil(y, m, d) * kMsPerDay + hours * 3'600'000LL;
}

long long bound_ms(const std::string& s, bool end) {
  if (s.size() == 10 && s[4] == '-') {
    const auto t = parse_timestamp(s);
    if (!t) return -1;
    return end ? *t + kMsPerDay - 1 : *t;
  }
  char* stop = nullptr;
  const long long v = std::strtoll(s.c_str(), &stop, 10);
  return stop && *stop == '\0' ? v : -1;
}

void send(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

std::atomic<int> request_counter{0};
std::string request_id() { return "fake" + std::to_string(++request_counter); }

}  // namespace

FakePolygonServer::FakePolygonServer(std::string key) : key_(std::move(key)) {
  const auto load_daily = [this](const std::string& ticker, const std::string& name, const std::string& file) {
    const auto rows = read_bundled_csv(file);
    const auto& header = rows.at(0);
    const auto col = [&](std::initializer_list<const char*> names) {
      for (std::size_t i = 0; i < header.size(); ++i)
        for (const char* n : names)
          if (header[i] == n) return i;
      throw std::runtime_error("fake polygon: no column in " + file);
    };
    const std::size_t d = col({"Date", "date"}), o = col({"Open", "open"}), h = col({"High", "high"}),
                      l = col({"Low", "low"}), c = col({"Close", "close"}), v = col({"Volume", "volume"});
    Instrument inst{name, 1, "day", {}};
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& row = rows[r];
      inst.bars.push_back({row[d], midnight_eastern_ms(row[d]), row[o], row[h], row[l], row[c], row[v]});
    }
    series_[ticker] = std::move(inst);
  };
  load_daily("AAPL", "Apple Inc.", "market/aapl_daily_2013-2018.csv");
  load_daily("GOOG", "Alphabet Inc. Class C", "market/goog_daily_2004-2008.csv");
  load_daily("I:SPX", "Standard & Poor's 500", "market/sp500_daily_2000-2020.csv");
  {
    const auto rows = read_bundled_csv("intraday/usdchf_30min_1996-2001.csv");
    Instrument inst{"United States dollar - Swiss Franc", 30, "minute", {}};
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto t = parse_timestamp(rows[r][0]);
      if (!t) continue;
      inst.bars.push_back({rows[r][0], *t, rows[r][1], rows[r][1], rows[r][1], rows[r][1], "0"});
    }
    series_["C:USDCHF"] = std::move(inst);
  }
  server_.Get(R"(/v2/aggs/ticker/([^/]+)/range/(\d+)/([a-z]+)/([^/]+)/([^/]+))",
              wrap([this](const httplib::Request& req, httplib::Response& res) { aggs(req, res); }));
  server_.Get("/v3/reference/tickers",
              wrap([this](const httplib::Request& req, httplib::Response& res) { tickers(req, res); }));
  start();
}

std::string FakePolygonServer::rate_limited_body() const {
  return json{{"status", "ERROR"},
              {"request_id", request_id()},
              {"error", "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to "
                        "continue. https://polygon.io/pricing"}}
      .dump();
}

void FakePolygonServer::unauthorized(httplib::Response& res) const {
  send(res, 401, {{"status", "ERROR"}, {"request_id", request_id()}, {"error", "Unknown API Key"}});
}

bool FakePolygonServer::authorized(const httplib::Request& req, httplib::Response& res) const {
  std::string key = req.get_param_value("apiKey");
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) key = auth.substr(7);
  if (key.empty()) {
    send(res, 401, {{"status", "ERROR"}, {"request_id", request_id()},
                    {"error", "API Key was not provided"}});
    return false;
  }
  if (key != key_) {
    unauthorized(res);
    return false;
  }
  return true;
}

void FakePolygonServer::aggs(const httplib::Request& req, httplib::Response& res) {
  if (!authorized(req, res)) return;
  const std::string ticker = req.matches[1], timespan = req.matches[3], from = req.matches[4], to = req.matches[5];
  const int multiplier = std::atoi(std::string(req.matches[2]).c_str());
  const bool adjusted = req.get_param_value("adjusted") != "false";
  const std::string sort = req.has_param("sort") ? req.get_param_value("sort") : "asc";
  int limit = req.has_param("limit") ? std::atoi(req.get_param_value("limit").c_str()) : 5000;
  const long long lo = bound_ms(from, false), hi = bound_ms(to, true);
  if (lo < 0 || hi < 0 || limit < 1 || limit > 50000 || (sort != "asc" && sort != "desc")) {
    send(res, 400, {{"status", "ERROR"}, {"request_id", request_id()},
                    {"error", "Could not parse the request parameters"}});
    return;
  }
  json body{{"ticker", ticker}, {"adjusted", adjusted}, {"status", "OK"}, {"request_id", request_id()}};
  const auto it = series_.find(ticker);
  if (it == series_.end()) {  // unknown tickers: an empty OK answer, as the real service gives
    body["queryCount"] = 0;
    body["resultsCount"] = 0;
    send(res, 200, body);
    return;
  }
  const Instrument& inst = it->second;
  if (inst.multiplier != multiplier || inst.timespan != timespan) {
    send(res, 400, {{"status", "ERROR"}, {"request_id", request_id()},
                    {"error", "the fake serves only the recorded resolution: " + std::to_string(inst.multiplier) +
                                  " " + inst.timespan}});
    return;
  }
  // Day bars compare by date (their t is 04:00/05:00 UTC); intraday by t.
  std::vector<const Bar*> hits;
  for (const Bar& b : inst.bars) {
    const long long key = timespan == "day" ? *parse_timestamp(b.date.substr(0, 10)) : b.t;
    if (key >= lo && key <= hi) hits.push_back(&b);
  }
  if (sort == "desc") std::reverse(hits.begin(), hits.end());
  const std::size_t offset = req.has_param("cursor") ? std::stoul(req.get_param_value("cursor")) : 0;
  const std::size_t end = std::min(hits.size(), offset + static_cast<std::size_t>(limit));
  json results = json::array();
  for (std::size_t i = offset; i < end; ++i) {
    const Bar& b = *hits[i];
    results.push_back({{"v", std::stod(b.v)}, {"o", std::stod(b.o)}, {"c", std::stod(b.c)},
                       {"h", std::stod(b.h)}, {"l", std::stod(b.l)}, {"t", b.t}});
  }
  body["queryCount"] = hits.size();
  body["resultsCount"] = results.size();
  body["count"] = results.size();
  if (!results.empty()) body["results"] = results;
  if (end < hits.size())
    body["next_url"] = "https://api.polygon.io/v2/aggs/ticker/" + ticker + "/range/" + std::to_string(multiplier) +
                       "/" + timespan + "/" + from + "/" + to + "?cursor=" + std::to_string(end) +
                       "&adjusted=" + (adjusted ? "true" : "false") + "&sort=" + sort +
                       "&limit=" + std::to_string(limit);
  send(res, 200, body);
}

void FakePolygonServer::tickers(const httplib::Request& req, httplib::Response& res) {
  if (!authorized(req, res)) return;
  const std::string exact = req.get_param_value("ticker"), gte = req.get_param_value("ticker.gte"),
                    lt = req.get_param_value("ticker.lt"), search = req.get_param_value("search");
  json results = json::array();
  for (const auto& [ticker, inst] : series_) {
    if (!exact.empty() && ticker != exact) continue;
    if (!gte.empty() && ticker < gte) continue;
    if (!lt.empty() && ticker >= lt) continue;
    if (!search.empty() && ticker.find(search) == std::string::npos && inst.name.find(search) == std::string::npos)
      continue;
    results.push_back({{"ticker", ticker}, {"name", inst.name}, {"market", inst.timespan == "day" ? "stocks" : "fx"},
                       {"locale", "us"}, {"active", true}});
  }
  json body{{"status", "OK"}, {"request_id", request_id()}, {"count", results.size()}};
  body["results"] = results;
  send(res, 200, body);
}

}  // namespace mlt::test
