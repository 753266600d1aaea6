// FakeFredServer: FRED/ALFRED's series, search, vintagedates and
// observations endpoints on 127.0.0.1, serving the bundled REAL values of
// data/macro/fred_core_series.csv (17 series, a 2022 vintage).
//
// VINTAGE DATES ARE DERIVED, NOT RECORDED. The bundled file is one vintage,
// so for ALFRED requests each value's realtime_start is a derived first
// publication date and its realtime_end is 9999-12-31 (no revisions are
// invented). The derivation, close to the US release calendar:
//   monthly period M      -> the 13th of month M+1 (CPI mid-month, jobs report early in the month)
//   quarterly period Q    -> 28 days after the quarter ends (GDP advance estimate)
// The values themselves are the recorded ones.
//
// Shapes follow docs (shared/reference/PROTOCOLS.md): observations with
// string values ("." missing), count/offset/limit paging, realtime columns
// clipped to the requested real-time window, errors as {error_code,
// error_message} with FRED's wording. units lin, chg and pch are computed
// from the recorded values; other units and frequency aggregation get a 400.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fakes/fake_server.h"

namespace mlt::test {

inline constexpr const char* kFakeFredKey = "abcdef0123456789abcdef0123456789";  // FRED keys are 32 hex chars

class FakeFredServer : public FakeServer {
 public:
  ~FakeFredServer() override { stop(); }
  explicit FakeFredServer(std::string key = kFakeFredKey);

  struct Observation {
    std::string date;       // YYYY-MM-DD (first day of the period)
    std::string value;      // as recorded
    std::string published;  // derived first publication date (see above)
  };
  const std::vector<Observation>& observations(const std::string& series_id) const { return series_.at(series_id).rows; }
  // The derivation rule above, exposed so tests can state expectations independently of the client.
  static std::string derived_publication(const std::string& date, char frequency);

 protected:
  std::string rate_limited_body() const override;
  void unauthorized(httplib::Response& res) const override;

 private:
  struct SeriesData {
    char frequency;
    std::string title, units;
    std::vector<Observation> rows;
  };
  bool authorized(const httplib::Request& req, httplib::Response& res) const;
  const SeriesData* find(const httplib::Request& req, httplib::Response& res) const;
  void series(const httplib::Request& req, httplib::Response& res);
  void search(const httplib::Request& req, httplib::Response& res);
  void vintagedates(const httplib::Request& req, httplib::Response& res);
  void observations(const httplib::Request& req, httplib::Response& res);
  std::string key_;
  std::map<std::string, SeriesData> series_;
};

}  // namespace mlt::test
