#include "fakes/fake_fred_server.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "core/time.h"

namespace mlt::test {
namespace {

using nlohmann::json;

void send(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json; charset=UTF-8");
}

void bad_request(httplib::Response& res, const std::string& message, int status = 400) {
  send(res, status, {{"error_code", status}, {"error_message", message}});
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Titles and units as FRED lists them (facts about the series, not data).
struct Meta {
  const char* title;
  const char* units;
};
const std::map<std::string, Meta> kMeta = {
    {"CPIAUCSL", {"Consumer Price Index for All Urban Consumers: All Items in U.S. City Average", "Index 1982-1984=100"}},
    {"CPILFESL", {"Consumer Price Index for All Urban Consumers: All Items Less Food and Energy in U.S. City Average", "Index 1982-1984=100"}},
    {"UNRATE", {"Unemployment Rate", "Percent"}},
    {"FEDFUNDS", {"Federal Funds Effective Rate", "Percent"}},
    {"GDP", {"Gross Domestic Product", "Billions of Dollars"}},
    {"GDPC1", {"Real Gross Domestic Product", "Billions of Chained 2012 Dollars"}},
    {"GDPDEF", {"Gross Domestic Product: Implicit Price Deflator", "Index 2012=100"}},
    {"GS10", {"Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity", "Percent"}},
    {"GS2", {"Market Yield on U.S. Treasury Securities at 2-Year Constant Maturity", "Percent"}},
    {"TB3MS", {"3-Month Treasury Bill Secondary Market Rate, Discount Basis", "Percent"}},
    {"INDPRO", {"Industrial Production: Total Index", "Index 2017=100"}},
    {"PAYEMS", {"All Employees, Total Nonfarm", "Thousands of Persons"}},
    {"M2SL", {"M2", "Billions of Dollars"}},
    {"HOUST", {"New Privately-Owned Housing Units Started: Total Units", "Thousands of Units"}},
    {"PSAVERT", {"Personal Saving Rate", "Percent"}},
    {"DSPIC96", {"Real Disposable Personal Income", "Billions of Chained 2012 Dollars"}},
    {"PCEPI", {"Personal Consumption Expenditures: Chain-type Price Index", "Index 2012=100"}},
};

std::string today() { return format_date(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch()).count()); }

}  // namespace

std::string FakeFredServer::derived_publication(const std::string& date, char frequency) {
  int y = std::stoi(date.substr(0, 4));
  int m = std::stoi(date.substr(5, 2));
  if (frequency == 'Q') {
    m += 3;  // the first day after the quarter
    if (m > 12) { m -= 12; ++y; }
    return format_date((days_from_civil(y, static_cast<unsigned>(m), 1) + 27) * kMsPerDay);
  }
  m += 1;
  if (m > 12) { m = 1; ++y; }
  return fmt::format("{:04}-{:02}-13", y, m);
}

FakeFredServer::FakeFredServer(std::string key) : key_(std::move(key)) {
  const auto rows = read_bundled_csv("macro/fred_core_series.csv");  // series_id,freq,date,value
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    SeriesData& s = series_[row[0]];
    s.frequency = row[1].empty() ? 'M' : row[1][0];
    const auto meta = kMeta.find(row[0]);
    s.title = meta != kMeta.end() ? meta->second.title : row[0];
    s.units = meta != kMeta.end() ? meta->second.units : "";
    s.rows.push_back({row[2], row.size() > 3 && !row[3].empty() ? row[3] : ".", derived_publication(row[2], s.frequency)});
  }
  const auto route = [this](void (FakeFredServer::*fn)(const httplib::Request&, httplib::Response&)) {
    return wrap([this, fn](const httplib::Request& req, httplib::Response& res) { (this->*fn)(req, res); });
  };
  server_.Get("/fred/series", route(&FakeFredServer::series));
  server_.Get("/fred/series/search", route(&FakeFredServer::search));
  server_.Get("/fred/series/vintagedates", route(&FakeFredServer::vintagedates));
  server_.Get("/fred/series/observations", route(&FakeFredServer::observations));
  start();
}

std::string FakeFredServer::rate_limited_body() const {
  return json{{"error_code", 429}, {"error_message", "Too Many Requests.  Exceeded Rate Limit"}}.dump();
}

void FakeFredServer::unauthorized(httplib::Response& res) const {
  bad_request(res,
              "Bad Request.  The value for variable api_key is not registered.  Read https://fred.stlouisfed.org/docs/api/api_key.html for more information.");
}

bool FakeFredServer::authorized(const httplib::Request& req, httplib::Response& res) const {
  if (!req.has_param("api_key")) {
    bad_request(res, "Bad Request.  Variable api_key is not set.  Read https://fred.stlouisfed.org/docs/api/api_key.html for more information.");
    return false;
  }
  if (req.get_param_value("api_key") != key_) {
    unauthorized(res);
    return false;
  }
  if (req.get_param_value("file_type") != "json") {
    bad_request(res, "Bad Request.  The fake serves file_type=json only.");
    return false;
  }
  return true;
}

const FakeFredServer::SeriesData* FakeFredServer::find(const httplib::Request& req, httplib::Response& res) const {
  const auto it = series_.find(req.get_param_value("series_id"));
  if (it == series_.end()) {
    bad_request(res, "Bad Request.  The series does not exist.");
    return nullptr;
  }
  return &it->second;
}

void FakeFredServer::series(const httplib::Request& req, httplib::Response& res) {
  if (!authorized(req, res)) return;
  const SeriesData* s = find(req, res);
  if (!s) return;
  const std::string id = req.get_param_value("series_id");
  const std::string freq = s->frequency == 'Q' ? "Quarterly" : "Monthly";
  send(res, 200, {{"realtime_start", today()}, {"realtime_end", today()},
                  {"seriess", json::array({{{"id", id}, {"title", s->title}, {"frequency", freq},
                                            {"frequency_short", std::string(1, s->frequency)}, {"units", s->units},
                                            {"seasonal_adjustment", "Seasonally Adjusted"},
                                            {"observation_start", s->rows.front().date},
                                            {"observation_end", s->rows.back().date},
                                            {"realtime_start", today()}, {"realtime_end", today()}}})}});
}

void FakeFredServer::search(const httplib::Request& req, httplib::Response& res) {
  if (!authorized(req, res)) return;
  const std::string text = lower(req.get_param_value("search_text"));
  const int limit = req.has_param("limit") ? std::stoi(req.get_param_value("limit")) : 1000;
  json out = json::array();
  for (const auto& [id, s] : series_) {
    const std::string hay = lower(id + " " + s.title);
    bool hit = false;
    std::size_t start = 0;
    while (start < text.size()) {  // any word of the search text
      std::size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      if (end > start && hay.find(text.substr(start, end - start)) != std::string::npos) hit = true;
      start = end + 1;
    }
    if (hit && static_cast<int>(out.size()) < limit)
      out.push_back({{"id", id}, {"title", s.title}, {"units", s.units},
                     {"frequency_short", std::string(1, s.frequency)}});
  }
  send(res, 200, {{"count", out.size()}, {"offset", 0}, {"limit", limit}, {"seriess", out}});
}

void FakeFredServer::vintagedates(const httplib::Request& req, httplib::Response& res) {
  if (!authorized(req, res)) return;
  const SeriesData* s = find(req, res);
  if (!s) return;
  std::set<std::string> dates;
  for (const auto& o : s->rows) dates.insert(o.published);
  send(res, 200, {{"count", dates.size()}, {"vintage_dates", json(std::vector<std::string>(dates.begin(), dates.end()))}});
}

void FakeFredServer::observations(const httplib::Request& req, httplib::Response& res) {
  if (!authorized(req, res)) return;
  const SeriesData* s = find(req, res);
  if (!s) return;
  const std::string units = req.has_param("units") ? req.get_param_value("units") : "lin";
  if (units != "lin" && units != "chg" && units != "pch") return bad_request(res, "Bad Request.  The fake computes units lin, chg and pch only.");
  if (req.has_param("frequency")) return bad_request(res, "Bad Request.  The fake does not aggregate frequencies.");
  const std::string rt_start = req.has_param("realtime_start") ? req.get_param_value("realtime_start") : today();
  const std::string rt_end = req.has_param("realtime_end") ? req.get_param_value("realtime_end") : today();
  const std::string obs_start = req.get_param_value("observation_start"), obs_end = req.get_param_value("observation_end");
  const std::size_t limit = req.has_param("limit") ? std::stoul(req.get_param_value("limit")) : 100000;
  const std::size_t offset = req.has_param("offset") ? std::stoul(req.get_param_value("offset")) : 0;

  json all = json::array();
  const std::string kEnd = "9999-12-31";
  std::string previous = ".";
  for (const auto& o : s->rows) {
    const std::string prior = previous;
    previous = o.value;
    // A value exists in real time from its publication on; show rows whose interval meets the window.
    if (o.published > rt_end || kEnd < rt_start) continue;
    if (!obs_start.empty() && o.date < obs_start) continue;
    if (!obs_end.empty() && o.date > obs_end) continue;
    std::string value = o.value;
    if (units != "lin") {
      if (value == "." || prior == ".") {
        value = ".";
      } else {
        const double x = std::stod(value), p = std::stod(prior);
        value = fmt::format("{:.4f}", units == "chg" ? x - p : (x / p - 1) * 100);
      }
    }
    all.push_back({{"realtime_start", std::max(o.published, rt_start)}, {"realtime_end", std::min(kEnd, rt_end)},
                   {"date", o.date}, {"value", value}});
  }
  json page = json::array();
  for (std::size_t i = offset; i < all.size() && i < offset + limit; ++i) page.push_back(all[i]);
  send(res, 200, {{"realtime_start", rt_start}, {"realtime_end", rt_end},
                  {"observation_start", obs_start.empty() ? "1600-01-01" : obs_start},
                  {"observation_end", obs_end.empty() ? "9999-12-31" : obs_end}, {"units", units},
                  {"output_type", 1}, {"file_type", "json"}, {"order_by", "observation_date"},
                  {"sort_order", "asc"}, {"count", all.size()}, {"offset", offset}, {"limit", limit},
                  {"observations", page}});
}

}  // namespace mlt::test
