// FredSource: economic series from FRED and their vintages from ALFRED (the
// same API with realtime_start / realtime_end). One of the approved sources:
// it may construct Datasets (friend of ApprovedSourceKey).
//
// Requests: GET {base}/fred/series, /fred/series/search,
// /fred/series/vintagedates and /fred/series/observations, all with
// file_type=json and api_key (FRED accepts the key only as a query
// parameter, so every URL shown, logged or stored is redact()ed).
// Observations are paged by offset/limit until `count` rows arrived; pages
// stay in memory until the last one, so a failure stores nothing.
//
// Two kinds of dataset come out of observations:
//  - today's vintage (no realtime range): a Panel indexed by observation
//    date, one column (series_id, or series_id_units when units != lin);
//  - point in time (a realtime range given, e.g. every vintage
//    1776-07-04..9999-12-31): a Panel indexed by PUBLICATION time — at each
//    vintage date, the latest period's value as then published (see
//    fred_vintages.h). Joining it "last row at or before t" can never see a
//    value published after t. Its provenance identifier ends in "point-in-time".
// "." is a missing value (NaN).
//
// Errors: a bad or missing key Denied; unknown series NotFound with close
// series ids from a search; other 400s InvalidArgument; garbage bodies
// DataError; network trouble Unavailable (HttpClient).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "data/dataset.h"
#include "data/fred_vintages.h"
#include "data/http_client.h"
#include "data/paged_fetch.h"

namespace mlt {

inline constexpr std::string_view kFredDefaultBaseUrl = "https://api.stlouisfed.org";
inline constexpr std::string_view kAllVintagesStart = "1776-07-04";  // ALFRED's "since the beginning"
inline constexpr std::string_view kAllVintagesEnd = "9999-12-31";

struct FredQuery {
  std::string series_id;                           // e.g. "CPIAUCSL"
  std::string observation_start, observation_end;  // YYYY-MM-DD, optional
  std::string units = "lin";                       // lin|chg|ch1|pch|pc1|pca|cch|cca|log
  std::string frequency;                           // "" = native; d|w|bw|m|q|sa|a|...
  std::string realtime_start, realtime_end;        // set for point-in-time data (ALFRED)
  int page_limit = 100000;                         // rows per page (FRED's maximum)

  bool point_in_time() const { return !realtime_start.empty() || !realtime_end.empty(); }
  void validate() const;  // Error{InvalidArgument}
  // The request path without api_key and offset.
  std::string path() const;
  // "CPIAUCSL units=lin 1990-01-01..2000-12-31" (+ " vintages A..B point-in-time")
  std::string identifier() const;
  std::string column() const;
};

class FredSource {
 public:
  FredSource(HttpClient& http, SourceEndpoint endpoint);

  // /fred/series: {id, title, frequency, frequency_short, units, seasonal_adjustment, observation_start, ...}.
  Json series(const std::string& series_id);
  // /fred/series/search: array of series objects, most popular first.
  Json search(const std::string& text, int limit);
  // /fred/series/vintagedates: every date the series was published or revised.
  std::vector<std::string> vintage_dates(const std::string& series_id);
  // Every page of the observations request, or an Error.
  PagedFetch fetch_observations(const FredQuery& query, const PageCallback& on_page = {});

  static std::vector<FredObservation> parse_observations(std::string_view content);
  static Dataset dataset(std::string name, Provenance provenance, std::string_view content, const Json& options);
  // {"format":"fred_observations","series_id","column","units","frequency","point_in_time"}
  static Json stored_options(const FredQuery& query);
  static std::string cache_key(const FredQuery& query);

 private:
  Json get_json(const std::string& path_and_query, const std::string& series_id, std::string* raw = nullptr);
  std::string base_url_;
  std::string api_key_;
  HttpClient& http_;
};

// True for a FRED dataset indexed by publication time (fetched with vintages).
bool is_point_in_time(const Dataset& ds);

}  // namespace mlt
