#include "data/source_fetch.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/error.h"
#include "core/sha256.h"
#include "data/data_quality.h"
#include "data/dataset_repository.h"

namespace mlt {
namespace {

Json outcome_json(const Dataset& ds, int pages, bool from_cache, bool offline, std::vector<std::string> warnings) {
  const auto& ts = ds.timestamps();
  Json out{{"name", ds.name()},
           {"kind", kind_name(ds.kind())},
           {"source", source_name(ds.provenance().source)},
           {"rows", ds.rows()},
           {"first", ts.empty() ? "" : format_timestamp(ts.front())},
           {"last", ts.empty() ? "" : format_timestamp(ts.back())},
           {"columns", ds.columns()},
           {"pages", pages},
           {"served_from", from_cache ? "cache" : "network"},
           {"offline", offline},
           {"retrieved_at", format_iso8601(ds.provenance().retrieved_at)},
           {"sha256", ds.provenance().sha256},
           {"provenance", ds.provenance().to_json()},
           {"warnings", std::move(warnings)}};
  if (offline)
    out["note"] = fmt::format("offline mode: served from the fetch cache as retrieved at {}; nothing was requested",
                              format_iso8601(ds.provenance().retrieved_at));
  else if (from_cache)
    out["note"] = fmt::format("served from the fetch cache (retrieved at {}); pass refresh: true to fetch again",
                              format_iso8601(ds.provenance().retrieved_at));
  return out;
}

}  // namespace

Json run_fetch(Store& store, const FetchPlan& plan, const FetchTarget& target, const FetchHooks& hooks) {
  check_dataset_name(target.name);
  DatasetRepository repo(store);
  if (!target.replace && repo.exists(target.name))
    throw Error(ErrorKind::Conflict, fmt::format("dataset '{}' already exists", target.name),
                "choose another name, or pass replace: true to overwrite it");

  FetchCache cache(store);
  const TimestampMs now = hooks.clock();
  std::optional<CachedFetch> cached = cache.find(plan.cache_key);
  const bool offline = target.refresh.mode == CacheMode::Offline;
  if (offline && !cached)
    throw Error(ErrorKind::NotFound, fmt::format("offline mode: nothing cached for {}", plan.identifier),
                "fetch it once while online (without offline: true), or use the bundled datasets and your own files");
  bool from_cache = cached && FetchCache::usable(*cached, target.refresh, now);
  if (!from_cache && !plan.missing_key.empty()) {
    std::string hint = "see docs/data-sources.md; without a key you can use the bundled datasets, your own files "
                       "(data.import_csv) and cached fetches (offline: true)";
    if (cached)
      hint = fmt::format("a cached copy retrieved at {} exists: pass offline: true to use it; {}",
                         format_iso8601(cached->retrieved_at), hint);
    throw Error(ErrorKind::Denied, plan.missing_key, hint);
  }

  CachedFetch entry;
  if (from_cache) {
    entry = std::move(*cached);
    if (hooks.progress) hooks.progress(0.9, "served from the fetch cache");
  } else {
    const PageCallback on_page = [&](const PageProgress& p) {
      if (hooks.check_cancelled) hooks.check_cancelled();
      if (hooks.progress)
        hooks.progress(std::clamp(plan.fraction ? plan.fraction(p) : 0.5, 0.0, 0.95),
                       fmt::format("page {}: {} rows", p.page, p.rows));
    };
    PagedFetch fetched;
    try {
      fetched = plan.fetch(on_page);
    } catch (const Error& e) {
      if (!cached || e.kind() == ErrorKind::Cancelled || e.kind() == ErrorKind::InvalidArgument) throw;
      // Say that a cached copy exists; never fall back to it silently.
      throw Error(e.kind(), e.message(),
                  fmt::format("{}{}a cached copy retrieved at {} exists: pass offline: true to use it", e.hint(),
                              e.hint().empty() ? "" : "; ", format_iso8601(cached->retrieved_at)));
    }
    entry.key = plan.cache_key;
    entry.source = std::string(source_name(plan.source));
    entry.origin = fetched.origin;
    entry.content = fetched.content();
    entry.sha256 = sha256_hex(entry.content);
    entry.pages = static_cast<int>(fetched.bodies.size());
    entry.retrieved_at = now;
  }

  Provenance provenance;
  provenance.source = plan.source;
  provenance.identifier = plan.identifier;
  provenance.retrieved_at = entry.retrieved_at;
  provenance.sha256 = entry.sha256;
  provenance.origin = entry.origin;
  provenance.description = plan.description;
  Dataset ds = plan.make(target.name, provenance, entry.content);
  if (ds.rows() == 0 && plan.on_empty) plan.on_empty();
  if (ds.rows() == 0)
    throw Error(ErrorKind::NotFound, fmt::format("no data came back for {}", plan.identifier),
                "check the dates and the identifier");

  store.write([&](SQLite::Database& db) {
    if (!from_cache) FetchCache::put_in(db, entry);
    DatasetRepository::save_in(db, ds, entry.content, plan.options, target.replace);
  });
  if (hooks.progress) hooks.progress(1.0, fmt::format("stored {} rows as '{}'", ds.rows(), ds.name()));
  return outcome_json(ds, entry.pages, from_cache, offline, coverage_warnings(ds, plan.from, plan.to, now));
}

FetchPlan polygon_plan(PolygonSource& source, const AggsQuery& query, bool have_key) {
  query.validate();
  FetchPlan plan;
  plan.source = Source::Polygon;
  plan.cache_key = PolygonSource::cache_key(query);
  plan.identifier = query.identifier();
  plan.description = "Polygon.io aggregates (bars) via /v2/aggs";
  plan.options = PolygonSource::stored_options(query);
  if (!have_key) plan.missing_key = "POLYGON_API_KEY is not set, so Polygon cannot be asked for " + query.identifier();
  plan.from = parse_timestamp(query.from);
  plan.to = parse_timestamp(query.to);
  plan.fetch = [&source, query](const PageCallback& cb) { return source.fetch_aggs(query, cb); };
  plan.make = [options = plan.options](std::string name, Provenance p, std::string_view content) {
    return PolygonSource::dataset(std::move(name), std::move(p), content, options);
  };
  const TimestampMs from = *plan.from, to = *plan.to + kMsPerDay;
  plan.fraction = [from, to](const PageProgress& p) {
    return p.last_ts > from ? static_cast<double>(p.last_ts - from) / static_cast<double>(to - from) : 0.1;
  };
  plan.on_empty = [&source, query] {
    const TickerCheck check = source.check_ticker(query.ticker);
    if (!check.exists)
      throw Error(ErrorKind::NotFound, fmt::format("Polygon does not know the ticker '{}'", query.ticker),
                  check.suggestions.empty() ? "check the symbol (e.g. AAPL; C:EURUSD for forex)"
                                            : fmt::format("did you mean {}?", fmt::join(check.suggestions, ", ")));
    throw Error(ErrorKind::NotFound,
                fmt::format("Polygon has no {} bars for {} between {} and {}", query.timespan, query.ticker,
                            query.from, query.to),
                "the range may fall on a weekend or holiday, precede the listing, or lie outside your plan's history");
  };
  return plan;
}

FetchPlan fred_plan(FredSource& source, const FredQuery& query, bool have_key) {
  query.validate();
  FetchPlan plan;
  plan.source = Source::Fred;
  plan.cache_key = FredSource::cache_key(query);
  plan.identifier = query.identifier();
  plan.description = query.point_in_time()
                         ? "ALFRED vintages via /fred/series/observations; indexed by publication date"
                         : "FRED observations via /fred/series/observations (today's vintage)";
  plan.options = FredSource::stored_options(query);
  if (!have_key) plan.missing_key = "FRED_API_KEY is not set, so FRED cannot be asked for " + query.identifier();
  if (!query.observation_start.empty()) plan.from = parse_timestamp(query.observation_start);
  if (!query.observation_end.empty()) plan.to = parse_timestamp(query.observation_end);
  // A point-in-time panel is indexed by publication dates, so the requested
  // observation range says nothing about its first and last rows.
  if (query.point_in_time()) plan.from = plan.to = std::nullopt;
  plan.fetch = [&source, query](const PageCallback& cb) { return source.fetch_observations(query, cb); };
  plan.make = [options = plan.options](std::string name, Provenance p, std::string_view content) {
    return FredSource::dataset(std::move(name), std::move(p), content, options);
  };
  plan.fraction = [](const PageProgress& p) { return 0.2 + 0.1 * p.page; };
  plan.on_empty = [query] {
    throw Error(ErrorKind::NotFound, fmt::format("FRED returned no observations for {}", query.identifier()),
                "check the observation dates; with vintages, the series may not have been published by then");
  };
  return plan;
}

}  // namespace mlt
