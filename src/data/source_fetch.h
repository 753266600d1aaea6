// Fetching a dataset from an external source into the store, with the
// fetch cache, provenance and coverage warnings — the one flow behind
// data.fetch_polygon and data.fetch_fred.
//
//   1. name checked, and a Conflict raised before any request when the name
//      is taken and replace is false (no rate-limit budget is spent);
//   2. the cache is consulted under the refresh policy; offline mode serves
//      only the cache and says so in the outcome;
//   3. otherwise every page is fetched into memory (progress per page,
//      cancellation between pages) and parsed into a Dataset;
//   4. the cache entry and the dataset are written in ONE transaction.
// Any error in 1-4 leaves the store exactly as it was.
//
// Provenance: source, identifier (the query in words), retrieved_at (the
// original retrieval, also when served from the cache), SHA-256 of the
// stored bytes, origin = the first request URL with secrets removed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "data/dataset.h"
#include "data/fetch_cache.h"
#include "data/fred.h"
#include "data/paged_fetch.h"
#include "data/polygon.h"
#include "store/store.h"

namespace mlt {

struct FetchPlan {
  Source source = Source::Polygon;
  std::string cache_key;
  std::string identifier;   // provenance identifier
  std::string description;  // provenance description
  Json options;             // stored options (with "format")
  std::string missing_key;  // non-empty: why the network cannot be used (no key configured)
  std::optional<TimestampMs> from, to;  // requested range, for coverage warnings
  std::function<PagedFetch(const PageCallback&)> fetch;
  std::function<Dataset(std::string name, Provenance, std::string_view content)> make;
  std::function<double(const PageProgress&)> fraction;  // progress estimate per page
  std::function<void()> on_empty;                        // throws the right NotFound
};

struct FetchTarget {
  std::string name;  // dataset name
  bool replace = false;
  RefreshPolicy refresh{};
};

struct FetchHooks {
  std::function<void(double, const std::string&)> progress;
  std::function<void()> check_cancelled;  // may throw Error{Cancelled}
  std::function<TimestampMs()> clock;     // required
};

// Runs the flow above. Returns {name, kind, source, rows, first, last,
// columns, pages, served_from ("network"|"cache"), offline, retrieved_at,
// sha256, provenance, warnings[], note?}.
Json run_fetch(Store& store, const FetchPlan& plan, const FetchTarget& target, const FetchHooks& hooks);

// Plans for the two sources. have_key=false makes the network unusable
// (served from the cache only, else a Denied error explaining the key).
FetchPlan polygon_plan(PolygonSource& source, const AggsQuery& query, bool have_key);
FetchPlan fred_plan(FredSource& source, const FredQuery& query, bool have_key);

}  // namespace mlt
