#include "data/fred.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>

#include "core/error.h"
#include "core/secrets.h"
#include "data/url.h"

namespace mlt {
namespace {

const std::set<std::string, std::less<>> kUnits = {"lin", "chg", "ch1", "pch", "pc1", "pca", "cch", "cca", "log"};
const std::set<std::string, std::less<>> kFrequencies = {"",    "d",    "w",    "bw",   "m",    "q",    "sa",
                                                         "a",   "wef",  "weth", "wew",  "wetu", "wem",  "wesu",
                                                         "wesa", "bwew", "bwem"};
constexpr const char* kNoKeyHint =
    "set FRED_API_KEY (or [fred] api_key in mltrainer.toml) to a key from "
    "https://fred.stlouisfed.org/docs/api/api_key.html; see docs/data-sources.md";

bool valid_date(const std::string& s) { return s.size() == 10 && parse_timestamp(s).has_value(); }

TimestampMs date_or(const Json& j, const char* field, TimestampMs fallback) {
  if (!j.contains(field) || !j[field].is_string()) return fallback;
  return parse_timestamp(j[field].get<std::string>()).value_or(fallback);
}

}  // namespace

void FredQuery::validate() const {
  const auto bad = [](std::string msg, std::string hint) { throw Error(ErrorKind::InvalidArgument, msg, hint); };
  if (series_id.empty() || series_id.size() > 64 ||
      !std::all_of(series_id.begin(), series_id.end(),
                   [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }))
    bad(fmt::format("'{}' is not a FRED series id", series_id), "e.g. CPIAUCSL, UNRATE; find ids with data.search_fred");
  for (const auto* d : {&observation_start, &observation_end, &realtime_start, &realtime_end})
    if (!d->empty() && !valid_date(*d)) bad(fmt::format("'{}' is not a date", *d), "use YYYY-MM-DD");
  if (!kUnits.count(units)) bad(fmt::format("units '{}' is not one of FRED's", units), "use lin, chg, ch1, pch, pc1, pca, cch, cca or log");
  if (!kFrequencies.count(frequency)) bad(fmt::format("frequency '{}' is not one of FRED's", frequency), "use d, w, bw, m, q, sa or a (or leave it empty)");
  if (page_limit < 1 || page_limit > 100000) bad("page_limit must be 1..100000", "");
}

std::string FredQuery::path() const {
  QueryParams p{{"series_id", series_id}, {"file_type", "json"}};
  if (!observation_start.empty()) p.emplace_back("observation_start", observation_start);
  if (!observation_end.empty()) p.emplace_back("observation_end", observation_end);
  if (units != "lin") p.emplace_back("units", units);
  if (!frequency.empty()) p.emplace_back("frequency", frequency);
  if (!realtime_start.empty()) p.emplace_back("realtime_start", realtime_start);
  if (!realtime_end.empty()) p.emplace_back("realtime_end", realtime_end);
  p.emplace_back("limit", std::to_string(page_limit));
  return "/fred/series/observations?" + query_string(p);
}

std::string FredQuery::identifier() const {
  std::string id = fmt::format("{} units={}", series_id, units);
  if (!frequency.empty()) id += " frequency=" + frequency;
  if (!observation_start.empty() || !observation_end.empty())
    id += fmt::format(" {}..{}", observation_start.empty() ? "start" : observation_start,
                      observation_end.empty() ? "end" : observation_end);
  if (point_in_time())
    id += fmt::format(" vintages {}..{} point-in-time", realtime_start.empty() ? "today" : realtime_start,
                      realtime_end.empty() ? "today" : realtime_end);
  return id;
}

std::string FredQuery::column() const { return units == "lin" ? series_id : series_id + "_" + units; }

FredSource::FredSource(HttpClient& http, SourceEndpoint endpoint)
    : base_url_(endpoint.base_url.empty() ? std::string(kFredDefaultBaseUrl) : endpoint.base_url),
      api_key_(std::move(endpoint.api_key)),
      http_(http) {
  register_secret(api_key_);
}

Json FredSource::get_json(const std::string& path, const std::string& series_id, std::string* raw) {
  if (api_key_.empty())
    throw Error(ErrorKind::Denied, "FRED needs an API key and none is configured", kNoKeyHint);
  const std::string url = join_url(base_url_, path) + "&" + query_string({{"api_key", api_key_}});
  const std::string shown = redact(url);
  const HttpResponse r = http_.get(HttpRequest{url, {}});
  if (r.status == 200) {
    Json j = parse_body_object(r.body, "FRED", shown);
    if (raw) *raw = r.body;
    return j;
  }
  const Json err = Json::parse(r.body, nullptr, false);
  const std::string msg = redact(err.is_object() && err.contains("error_message") && err["error_message"].is_string()
                                     ? err["error_message"].get<std::string>()
                                     : r.body.substr(0, 200));
  std::string lower = msg;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (r.status == 401 || r.status == 403 || lower.find("api_key") != std::string::npos)
    throw Error(ErrorKind::Denied, fmt::format("FRED refused the API key (HTTP {}: {})", r.status, msg), kNoKeyHint);
  if (r.status == 404 || lower.find("does not exist") != std::string::npos) {
    std::string hint = "find series ids with data.search_fred";
    if (!series_id.empty()) {
      // Search the id, then shorter prefixes of it, so a typo at the end still finds neighbours.
      std::vector<std::string> ids;
      try {
        for (std::size_t cut = 0; ids.empty() && cut <= 2 && series_id.size() > cut + 2; ++cut)
          for (const auto& s : search(series_id.substr(0, series_id.size() - cut), 5))
            if (s.contains("id") && s["id"].is_string()) ids.push_back(s["id"].get<std::string>());
      } catch (const Error&) {  // the hint is a courtesy
      }
      if (!ids.empty()) hint = fmt::format("did you mean {}? {}", fmt::join(ids, ", "), hint);
    }
    throw Error(ErrorKind::NotFound, fmt::format("FRED has no series '{}' ({})", series_id, msg), hint);
  }
  if (r.status == 400)
    throw Error(ErrorKind::InvalidArgument, fmt::format("FRED rejected {} (HTTP 400: {})", shown, msg),
                "check the series id, dates, units and frequency");
  throw Error(ErrorKind::Unavailable, fmt::format("FRED answered HTTP {} for {}: {}", r.status, shown, msg),
              "try again later, or use cached data (offline: true)");
}

Json FredSource::series(const std::string& series_id) {
  const Json j = get_json("/fred/series?" + query_string({{"series_id", series_id}, {"file_type", "json"}}), series_id);
  if (!j.contains("seriess") || !j["seriess"].is_array() || j["seriess"].empty())
    throw Error(ErrorKind::NotFound, fmt::format("FRED has no series '{}'", series_id), "find ids with data.search_fred");
  return j["seriess"][0];
}

Json FredSource::search(const std::string& text, int limit) {
  const Json j = get_json("/fred/series/search?" + query_string({{"search_text", text},
                                                                 {"file_type", "json"},
                                                                 {"order_by", "popularity"},
                                                                 {"sort_order", "desc"},
                                                                 {"limit", std::to_string(limit)}}),
                          "");
  return j.value("seriess", Json::array());
}

std::vector<std::string> FredSource::vintage_dates(const std::string& series_id) {
  const Json j = get_json(
      "/fred/series/vintagedates?" + query_string({{"series_id", series_id}, {"file_type", "json"}}), series_id);
  std::vector<std::string> out;
  for (const auto& d : j.value("vintage_dates", Json::array()))
    if (d.is_string()) out.push_back(d.get<std::string>());
  return out;
}

PagedFetch FredSource::fetch_observations(const FredQuery& query, const PageCallback& on_page) {
  query.validate();
  PagedFetch out;
  out.origin = redact(join_url(base_url_, query.path()) + "&api_key=" + api_key_);
  PageProgress progress;
  std::size_t offset = 0;
  while (true) {
    const std::string path = query.path() + (offset ? "&offset=" + std::to_string(offset) : "");
    std::string raw;
    const Json page = get_json(path, query.series_id, &raw);
    if (!page.contains("observations") || !page["observations"].is_array())
      throw Error(ErrorKind::DataError, fmt::format("FRED's answer for {} has no observations array", query.series_id),
                  "try again later");
    const std::size_t n = page["observations"].size();
    out.bodies.push_back(std::move(raw));
    ++progress.page;
    progress.rows += n;
    if (n) progress.last_ts = date_or(page["observations"].back(), "date", 0);
    if (on_page) on_page(progress);
    const std::size_t count = page.value("count", std::size_t{0});
    offset += n;
    if (n == 0 || offset >= count) break;
    if (progress.page >= 1000)
      throw Error(ErrorKind::DataError, fmt::format("FRED's pages for {} do not end", query.series_id));
  }
  return out;
}

std::vector<FredObservation> FredSource::parse_observations(std::string_view content) {
  std::vector<FredObservation> rows;
  constexpr TimestampMs kOpenEnd = 253402214400000;  // 9999-12-31
  for (const Json& page : parse_pages(content, "FRED")) {
    for (const Json& o : page.value("observations", Json::array())) {
      const auto date = o.is_object() && o.contains("date") && o["date"].is_string()
                            ? parse_timestamp(o["date"].get<std::string>())
                            : std::nullopt;
      if (!date) throw Error(ErrorKind::DataError, fmt::format("FRED observation without a valid date: {}", o.dump()));
      FredObservation row{*date, date_or(o, "realtime_start", 0), date_or(o, "realtime_end", kOpenEnd),
                          std::numeric_limits<double>::quiet_NaN()};
      const std::string v = o.contains("value") && o["value"].is_string() ? o["value"].get<std::string>() : ".";
      if (v != ".") {
        try {
          std::size_t used = 0;
          row.value = std::stod(v, &used);
          if (used != v.size()) throw std::invalid_argument(v);
        } catch (const std::exception&) {
          throw Error(ErrorKind::DataError, fmt::format("FRED value '{}' on {} is not a number", v, format_date(*date)));
        }
      }
      rows.push_back(row);
    }
  }
  return rows;
}

Dataset FredSource::dataset(std::string name, Provenance provenance, std::string_view content, const Json& options) {
  const std::vector<FredObservation> rows = parse_observations(content);
  const std::string column = options.value("column", options.value("series_id", "value"));
  if (options.value("point_in_time", false))
    return Dataset(ApprovedSourceKey{}, std::move(name), std::move(provenance), point_in_time_panel(rows, column));
  Panel panel;
  panel.columns = {column};
  panel.values.resize(1);
  for (const auto& r : rows) {
    if (!panel.ts.empty() && r.date <= panel.ts.back()) {
      if (r.date == panel.ts.back()) {  // a later row for the same date wins
        panel.values[0].back() = r.value;
        continue;
      }
      throw Error(ErrorKind::DataError, fmt::format("FRED observations are out of order at {}", format_date(r.date)));
    }
    panel.ts.push_back(r.date);
    panel.values[0].push_back(r.value);
  }
  return Dataset(ApprovedSourceKey{}, std::move(name), std::move(provenance), std::move(panel));
}

Json FredSource::stored_options(const FredQuery& q) {
  return Json{{"format", "fred_observations"}, {"series_id", q.series_id}, {"column", q.column()},
              {"units", q.units},               {"frequency", q.frequency}, {"point_in_time", q.point_in_time()}};
}

std::string FredSource::cache_key(const FredQuery& query) { return "fred " + query.path(); }

bool is_point_in_time(const Dataset& ds) {
  const std::string& id = ds.provenance().identifier;
  constexpr std::string_view kMark = "point-in-time";
  return ds.provenance().source == Source::Fred && id.size() >= kMark.size() &&
         id.compare(id.size() - kMark.size(), kMark.size(), kMark) == 0;
}

}  // namespace mlt
