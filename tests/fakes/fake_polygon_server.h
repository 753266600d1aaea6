// FakePolygonServer: Polygon.io's aggregates and ticker reference endpoints
// on 127.0.0.1, serving the bundled REAL data (no invented prices):
//   AAPL      data/market/aapl_daily_2013-2018.csv   1 day   (o,h,l,c,v; no vw/n: the file has none)
//   GOOG      data/market/goog_daily_2004-2008.csv   1 day
//   I:SPX     data/market/sp500_daily_2000-2020.csv  1 day
//   C:USDCHF  data/intraday/usdchf_30min_1996-2001.csv  30 minute (o=h=l=c = the recorded price, v=0)
// Shapes follow docs (shared/reference/PROTOCOLS.md): results[] of {v,o,c,h,l,t}
// with t = bar start in epoch ms (daily bars at midnight US Eastern), status
// "OK", request_id, queryCount/resultsCount, next_url while more pages exist
// — pointing at https://api.polygon.io like the real service, so clients
// must re-base it. `results` is absent when empty. Errors: 401 {status:
// "ERROR", error:"Unknown API Key"} and 429 {status:"ERROR", error:"You've
// exceeded the maximum requests per minute..."}.
// Only the recorded resolutions are served; other multiplier/timespan
// combinations get a 400 (the real service would aggregate).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fakes/fake_server.h"

namespace mlt::test {

inline constexpr const char* kFakePolygonKey = "pk-test-4f1c2a9e77d3";

class FakePolygonServer : public FakeServer {
 public:
  ~FakePolygonServer() override { stop(); }
  explicit FakePolygonServer(std::string key = kFakePolygonKey);

  struct Bar {
    std::string date;  // YYYY-MM-DD or "YYYY-MM-DD HH:MM:SS"
    long long t;       // epoch ms as Polygon sends it
    std::string o, h, l, c, v;  // as written in the bundled file
  };
  const std::vector<Bar>& bars(const std::string& ticker) const { return series_.at(ticker).bars; }

 protected:
  std::string rate_limited_body() const override;
  void unauthorized(httplib::Response& res) const override;

 private:
  struct Instrument {
    std::string name;
    int multiplier;
    std::string timespan;
    std::vector<Bar> bars;
  };
  void aggs(const httplib::Request& req, httplib::Response& res);
  void tickers(const httplib::Request& req, httplib::Response& res);
  bool authorized(const httplib::Request& req, httplib::Response& res) const;
  std::string key_;
  std::map<std::string, Instrument> series_;
};

}  // namespace mlt::test
