// PolygonSource: daily, intraday and longer bars from Polygon.io (also
// branded Massive), and ticker look-up. One of the approved sources: it is
// allowed to construct Datasets (friend of ApprovedSourceKey).
//
// Requests: GET {base}/v2/aggs/ticker/{T}/range/{multiplier}/{timespan}/{from}/{to}
// with adjusted, sort and limit; every page of next_url is followed — re-based
// onto the configured base URL and with any key parameter removed, since the
// key travels only in the Authorization header and never in a URL.
// Pages are kept in memory until the last one arrived: a fetch that fails on
// page 3 returns nothing (Error), so nothing partial can be stored.
//
// Mapping: results[] {t (bar start, ms UTC), o, h, l, c, v, vw, n} → Bars.
// For day and longer spans, t (midnight US Eastern) becomes midnight UTC of
// that calendar date, mlTrainer's convention for dates; intraday t is kept.
// vw and n stay in the stored bytes but are not part of Bars.
//
// Errors (mlt::Error with a hint): 401/403 Denied (key or plan), 400
// InvalidArgument, 404 and unknown tickers NotFound ("did you mean AAPL?"),
// empty results NotFound, garbage bodies DataError, network trouble and
// exhausted retries Unavailable (from HttpClient).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "data/dataset.h"
#include "data/http_client.h"
#include "data/paged_fetch.h"

namespace mlt {

inline constexpr std::string_view kPolygonDefaultBaseUrl = "https://api.polygon.io";

struct AggsQuery {
  std::string ticker;             // e.g. "AAPL", "C:USDCHF", "X:BTCUSD"
  int multiplier = 1;
  std::string timespan = "day";   // second|minute|hour|day|week|month|quarter|year
  std::string from, to;           // YYYY-MM-DD, inclusive
  bool adjusted = true;           // split-adjusted
  std::string sort = "asc";       // asc|desc (bars are always stored ascending)
  int limit = 5000;               // base bars per page, 1..50000

  // Throws Error{InvalidArgument} naming the bad field.
  void validate() const;
  // "/v2/aggs/ticker/AAPL/range/1/day/2020-01-01/2020-12-31?adjusted=true&sort=asc&limit=5000"
  std::string path() const;
  // "AAPL 1 day 2020-01-01..2020-12-31 adjusted"
  std::string identifier() const;
};

struct TickerCheck {
  bool exists = false;
  std::string name;                      // company or instrument name when found
  std::vector<std::string> suggestions;  // close tickers when not found
};

class PolygonSource {
 public:
  // endpoint.base_url empty → kPolygonDefaultBaseUrl. An empty key is allowed
  // here (the fake servers accept any); requests then fail with Denied.
  PolygonSource(HttpClient& http, SourceEndpoint endpoint);

  // Every page of the request, or an Error. on_page runs after each page.
  PagedFetch fetch_aggs(const AggsQuery& query, const PageCallback& on_page = {});
  // GET /v3/reference/tickers?ticker=T; when absent, nearby tickers ranked by
  // edit distance form the suggestions.
  TickerCheck check_ticker(const std::string& ticker);

  // Bars from stored content (PagedFetch::content()). Sorted ascending,
  // duplicates across pages dropped. Throws Error{DataError}.
  static Bars parse_aggs(std::string_view content, std::string_view timespan);
  // A Dataset from stored content; options as stored_options().
  static Dataset dataset(std::string name, Provenance provenance, std::string_view content, const Json& options);
  // {"format":"polygon_aggs","ticker","timespan","multiplier","from","to","adjusted"}
  static Json stored_options(const AggsQuery& query);
  // "polygon " + query.path(): the fetch cache key.
  static std::string cache_key(const AggsQuery& query);

 private:
  HttpResponse get(const std::string& path_and_query);
  std::string base_url_;
  std::string api_key_;
  HttpClient& http_;
};

// Turns a non-200 Polygon answer into an Error (never returns).
[[noreturn]] void throw_polygon_error(const HttpResponse& response, const std::string& shown_url);

}  // namespace mlt
