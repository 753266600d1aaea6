// The external data sources' actions: fetch Polygon bars and FRED series
// (with ALFRED vintages) into stored datasets, search FRED, look up tickers,
// list vintages, and show the sources' health (rate limit, circuit breaker,
// keys configured, cache).
//
// Fetches are Cost::Trial (pages, rate-limit waits, progress through
// ctx.report, cancellable between pages and during waits); search and
// metadata are Cost::Instant. Keys come from ctx.config (POLYGON_API_KEY,
// FRED_API_KEY) and never from arguments; base URLs from ctx.config
// (POLYGON_BASE_URL, FRED_BASE_URL). Rate limits: POLYGON_REQUESTS_PER_MINUTE
// (default 5, the free tier) and FRED_REQUESTS_PER_MINUTE (default 120).
#pragma once

#include "actions/registry.h"

namespace mlt {

// Adds data.fetch_polygon, data.fetch_fred, data.search_fred, data.fred_series,
// data.vintages, data.lookup_ticker and data.source_status.
// Throws Error{Conflict} when one of them is already registered.
void register_source_actions(ActionRegistry& registry);

}  // namespace mlt
