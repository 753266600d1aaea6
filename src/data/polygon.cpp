#include "data/polygon.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/edit_distance.h"
#include "core/error.h"
#include "core/secrets.h"
#include "data/url.h"

namespace mlt {
namespace {

const std::set<std::string, std::less<>> kTimespans = {"second", "minute", "hour", "day",
                                                       "week",   "month",  "quarter", "year"};
constexpr int kMaxPages = 2000;  // a runaway next_url chain ends here

bool is_date_span(std::string_view timespan) { return timespan != "second" && timespan != "minute" && timespan != "hour"; }

std::string body_message(const HttpResponse& r) {
  Json j = Json::parse(r.body, nullptr, false);
  std::string msg;
  if (j.is_object()) {
    if (j.contains("error") && j["error"].is_string()) msg = j["error"].get<std::string>();
    else if (j.contains("message") && j["message"].is_string()) msg = j["message"].get<std::string>();
  }
  if (msg.empty()) msg = r.body.substr(0, 200);
  return redact(msg);
}

double number(const Json& bar, const char* field, bool required, std::size_t page, std::size_t row) {
  if (!bar.contains(field) || bar[field].is_null()) {
    if (!required) return std::nan("");
    throw Error(ErrorKind::DataError, fmt::format("Polygon bar {} of page {} has no '{}'", row + 1, page + 1, field));
  }
  if (!bar[field].is_number())
    throw Error(ErrorKind::DataError,
                fmt::format("Polygon bar {} of page {}: '{}' is not a number", row + 1, page + 1, field));
  return bar[field].get<double>();
}

}  // namespace

void AggsQuery::validate() const {
  const auto bad = [](std::string msg, std::string hint) { throw Error(ErrorKind::InvalidArgument, msg, hint); };
  if (ticker.empty() || ticker.size() > 32 ||
      !std::all_of(ticker.begin(), ticker.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '-'; }))
    bad(fmt::format("'{}' is not a ticker", ticker), "use the exchange symbol, e.g. AAPL, or C:USDCHF for forex");
  if (!kTimespans.count(timespan))
    bad(fmt::format("timespan '{}' is not one of Polygon's", timespan),
        "use second, minute, hour, day, week, month, quarter or year");
  if (multiplier < 1 || multiplier > 10000) bad("multiplier must be between 1 and 10000", "e.g. 1 for daily bars, 5 with minute for 5-minute bars");
  const auto f = parse_timestamp(from), t = parse_timestamp(to);
  if (!f || from.size() != 10) bad(fmt::format("from '{}' is not a date", from), "use YYYY-MM-DD, e.g. 2020-01-01");
  if (!t || to.size() != 10) bad(fmt::format("to '{}' is not a date", to), "use YYYY-MM-DD, e.g. 2020-12-31");
  if (*f > *t) bad(fmt::format("from {} is after to {}", from, to), "swap the dates");
  if (sort != "asc" && sort != "desc") bad("sort must be asc or desc", "");
  if (limit < 1 || limit > 50000) bad("limit must be between 1 and 50000", "Polygon's default is 5000 bars per page");
}

std::string AggsQuery::path() const {
  return fmt::format("/v2/aggs/ticker/{}/range/{}/{}/{}/{}?", url_encode(ticker), multiplier, timespan, from, to) +
         query_string({{"adjusted", adjusted ? "true" : "false"}, {"sort", sort}, {"limit", std::to_string(limit)}});
}

std::string AggsQuery::identifier() const {
  return fmt::format("{} {} {} {}..{}{}", ticker, multiplier, timespan, from, to, adjusted ? " adjusted" : " unadjusted");
}

PolygonSource::PolygonSource(HttpClient& http, SourceEndpoint endpoint)
    : base_url_(endpoint.base_url.empty() ? std::string(kPolygonDefaultBaseUrl) : endpoint.base_url),
      api_key_(std::move(endpoint.api_key)),
      http_(http) {
  register_secret(api_key_);
}

HttpResponse PolygonSource::get(const std::string& path) {
  HttpRequest request{join_url(base_url_, path), {}};
  if (!api_key_.empty()) request.headers.emplace_back("Authorization", "Bearer " + api_key_);
  return http_.get(request);
}

[[noreturn]] void throw_polygon_error(const HttpResponse& r, const std::string& shown_url) {
  const std::string msg = body_message(r);
  switch (r.status) {
    case 401:
      throw Error(ErrorKind::Denied, fmt::format("Polygon refused the API key (HTTP 401: {})", msg),
                  "set POLYGON_API_KEY (or [polygon] api_key in mltrainer.toml) to a valid key; see docs/data-sources.md");
    case 403:
      throw Error(ErrorKind::Denied, fmt::format("Polygon refused the request (HTTP 403: {})", msg),
                  "your Polygon plan does not include this data (the free tier has end-of-day bars for about two "
                  "years); choose a shorter or more recent range, or upgrade the plan");
    case 400:
      throw Error(ErrorKind::InvalidArgument, fmt::format("Polygon rejected the request {} (HTTP 400: {})", shown_url, msg),
                  "check the ticker, dates (YYYY-MM-DD) and timespan");
    case 404:
      throw Error(ErrorKind::NotFound, fmt::format("Polygon has nothing at {} (HTTP 404: {})", shown_url, msg),
                  "check the ticker and the base URL setting (POLYGON_BASE_URL)");
    default:
      throw Error(ErrorKind::Unavailable, fmt::format("Polygon answered HTTP {} for {}: {}", r.status, shown_url, msg),
                  "try again later");
  }
}

PagedFetch PolygonSource::fetch_aggs(const AggsQuery& query, const PageCallback& on_page) {
  query.validate();
  PagedFetch out;
  std::string path = query.path();
  out.origin = redact(join_url(base_url_, path));
  std::set<std::string> seen;
  PageProgress progress;
  while (true) {
    const std::string shown = redact(join_url(base_url_, path));
    const HttpResponse r = get(path);
    if (r.status != 200) throw_polygon_error(r, shown);
    const Json page = parse_body_object(r.body, "Polygon", shown);
    const std::string status = page.value("status", "");
    if (status != "OK" && status != "DELAYED")
      throw Error(ErrorKind::Unavailable, fmt::format("Polygon answered status '{}' for {}: {}", status, shown, body_message(r)),
                  "try again later");
    if (page.contains("results") && !page["results"].is_array())
      throw Error(ErrorKind::DataError, fmt::format("Polygon's 'results' is not an array for {}", shown));
    out.bodies.push_back(r.body);
    ++progress.page;
    if (page.contains("results") && !page["results"].empty()) {
      progress.rows += page["results"].size();
      const Json& last = page["results"].back();
      if (last.contains("t") && last["t"].is_number()) progress.last_ts = last["t"].get<TimestampMs>();
    }
    if (on_page) on_page(progress);
    const std::string next = page.value("next_url", "");
    if (next.empty()) break;
    // Re-base onto the configured host and drop any key a proxy may have put in the link.
    path = remove_query_param(remove_query_param(path_and_query(next), "apiKey"), "api_key");
    if (!seen.insert(path).second || progress.page >= kMaxPages)
      throw Error(ErrorKind::DataError, fmt::format("Polygon's next_url chain for {} does not end", out.origin),
                  "narrow the date range");
  }
  return out;
}

TickerCheck PolygonSource::check_ticker(const std::string& ticker) {
  TickerCheck out;
  const std::string path = "/v3/reference/tickers?" + query_string({{"ticker", ticker}, {"limit", "1"}});
  HttpResponse r = get(path);
  if (r.status != 200) throw_polygon_error(r, redact(join_url(base_url_, path)));
  Json page = parse_body_object(r.body, "Polygon", redact(join_url(base_url_, path)));
  if (page.contains("results") && page["results"].is_array() && !page["results"].empty()) {
    out.exists = true;
    out.name = page["results"][0].value("name", "");
    return out;
  }
  // Nearby symbols: same first letter, ranked by edit distance.
  const std::string first(1, ticker.empty() ? 'A' : static_cast<char>(std::toupper(static_cast<unsigned char>(ticker[0]))));
  const std::string next(1, static_cast<char>(first[0] + 1));
  const std::string near = "/v3/reference/tickers?" +
                           query_string({{"ticker.gte", first}, {"ticker.lt", next}, {"limit", "1000"}});
  r = get(near);
  if (r.status != 200) return out;  // the hint is a courtesy; the NotFound stands without it
  page = parse_body_object(r.body, "Polygon", redact(join_url(base_url_, near)));
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& t : page.value("results", Json::array()))
    if (t.contains("ticker") && t["ticker"].is_string()) {
      const std::string s = t["ticker"].get<std::string>();
      const std::size_t d = edit_distance(ticker, s);
      if (d <= 2) ranked.emplace_back(d, s);
    }
  std::sort(ranked.begin(), ranked.end());
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) out.suggestions.push_back(ranked[i].second);
  return out;
}

Bars PolygonSource::parse_aggs(std::string_view content, std::string_view timespan) {
  const std::vector<Json> pages = parse_pages(content, "Polygon");
  struct Row { TimestampMs t; double o, h, l, c, v; };
  std::vector<Row> rows;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const Json results = pages[p].value("results", Json::array());
    for (std::size_t i = 0; i < results.size(); ++i) {
      const Json& bar = results[i];
      if (!bar.is_object() || !bar.contains("t") || !bar["t"].is_number_integer())
        throw Error(ErrorKind::DataError, fmt::format("Polygon bar {} of page {} has no integer 't'", i + 1, p + 1));
      TimestampMs t = bar["t"].get<TimestampMs>();
      // Midnight US Eastern is 04:00 or 05:00 UTC of the same date, so flooring gives the date.
      if (is_date_span(timespan)) t = (t >= 0 ? t / kMsPerDay : (t - kMsPerDay + 1) / kMsPerDay) * kMsPerDay;
      Row row{t, number(bar, "o", true, p, i), number(bar, "h", true, p, i), number(bar, "l", true, p, i),
              number(bar, "c", true, p, i), number(bar, "v", false, p, i)};
      if (std::isnan(row.v)) row.v = 0;
      if (row.o <= 0 || row.h <= 0 || row.l <= 0 || row.c <= 0 || row.v < 0 || row.l > row.h)
        throw Error(ErrorKind::DataError,
                    fmt::format("Polygon bar at {} is implausible (o={} h={} l={} c={} v={})", format_timestamp(t),
                                row.o, row.h, row.l, row.c, row.v));
      rows.push_back(row);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.t < b.t; });
  Bars bars;
  for (const Row& r : rows) {
    if (!bars.ts.empty() && bars.ts.back() == r.t) continue;  // a bar repeated at a page boundary
    bars.ts.push_back(r.t);
    bars.open.push_back(r.o);
    bars.high.push_back(r.h);
    bars.low.push_back(r.l);
    bars.close.push_back(r.c);
    bars.volume.push_back(r.v);
  }
  return bars;
}

Dataset PolygonSource::dataset(std::string name, Provenance provenance, std::string_view content,
                               const Json& options) {
  Bars bars = parse_aggs(content, options.value("timespan", "day"));
  return Dataset(ApprovedSourceKey{}, std::move(name), std::move(provenance), std::move(bars));
}

Json PolygonSource::stored_options(const AggsQuery& q) {
  return Json{{"format", "polygon_aggs"}, {"ticker", q.ticker},     {"timespan", q.timespan},
              {"multiplier", q.multiplier}, {"from", q.from},        {"to", q.to},
              {"adjusted", q.adjusted}};
}

std::string PolygonSource::cache_key(const AggsQuery& query) { return "polygon " + query.path(); }

}  // namespace mlt
