#include "actions/source_actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

#include "core/error.h"
#include "data/fetch_cache.h"
#include "data/source_channel.h"
#include "data/source_fetch.h"

namespace mlt {
namespace {

int per_minute_setting(const char* variable, int fallback) {
  const auto value = process_getenv(variable);
  if (!value) return fallback;
  try {
    return std::max(0, std::stoi(*value));
  } catch (const std::exception&) {
    throw Error(ErrorKind::InvalidArgument, fmt::format("{}='{}' is not a number", variable, *value),
                "set a whole number of requests per minute, e.g. 5 (0 = no limit)");
  }
}

// The source's process-wide channel with its configured budget, and an
// HTTP client whose waits can be cancelled by the user and are shown as
// progress (a free Polygon key can wait most of a minute between pages).
struct SourceClient {
  SourceClient(const char* source, const char* rate_variable, int default_rate, ActionContext& context)
      : ctx(context),
        channel(source_channel(source)),
        http(channel, default_transport(), HttpClientOptions{},
             HttpHooks{[this] { return ctx.env.now(); }, [this](TimestampMs ms) { wait(ms); }, nullptr}) {
    channel.limiter.configure(per_minute_setting(rate_variable, default_rate), 60'000);
  }
  void wait(TimestampMs ms) {
    if (ms > 1000)
      ctx.report(fraction, fmt::format("waiting {} s for {}'s rate limit or a retry", (ms + 999) / 1000, channel.name));
    for (TimestampMs left = ms; left > 0; left -= 100) {
      ctx.check_cancelled();
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<TimestampMs>(left, 100)));
    }
  }
  FetchHooks hooks() {
    return FetchHooks{[this](double f, const std::string& m) {
                        fraction = f;
                        ctx.report(f, m);
                      },
                      [this] { ctx.check_cancelled(); }, [this] { return ctx.env.now(); }};
  }
  ActionContext& ctx;
  SourceChannel& channel;
  HttpClient http;
  double fraction = 0;
};

std::string lower_name(std::string s) {
  for (char& c : s) c = std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '_';
  return s;
}

FetchTarget fetch_target(const Json& args, std::string default_name) {
  FetchTarget t;
  t.name = args.value("name", std::move(default_name));
  t.replace = args.value("replace", false);
  if (args.value("offline", false)) t.refresh.mode = CacheMode::Offline;
  else if (args.value("refresh", false)) t.refresh.mode = CacheMode::Refresh;
  if (args.contains("max_age_hours")) t.refresh.max_age_ms = static_cast<TimestampMs>(args["max_age_hours"].get<double>() * 3'600'000);
  return t;
}

Json fetch_polygon(const Json& args, ActionContext& ctx) {
  AggsQuery q;
  q.ticker = args.at("ticker").get<std::string>();
  std::transform(q.ticker.begin(), q.ticker.end(), q.ticker.begin(), [](unsigned char c) { return std::toupper(c); });
  q.from = args.at("from").get<std::string>();
  q.to = args.at("to").get<std::string>();
  q.timespan = args.value("span", "day");
  q.multiplier = args.value("multiplier", 1);
  q.adjusted = args.value("adjusted", true);
  q.limit = args.value("limit", 5000);
  SourceClient client("polygon", "POLYGON_REQUESTS_PER_MINUTE", 5, ctx);
  PolygonSource polygon(client.http, SourceEndpoint{ctx.config.polygon.base_url, ctx.config.polygon.api_key});
  const std::string span = q.multiplier == 1 ? q.timespan : fmt::format("{}{}", q.multiplier, q.timespan);
  ctx.report(0.0, fmt::format("fetching {} {} bars {}..{} from Polygon", q.ticker, span, q.from, q.to));
  return run_fetch(ctx.store, polygon_plan(polygon, q, !ctx.config.polygon.api_key.empty()),
                   fetch_target(args, lower_name(q.ticker) + "_" + span), client.hooks());
}

FredQuery fred_query(const Json& args) {
  FredQuery q;
  q.series_id = args.at("series_id").get<std::string>();
  std::transform(q.series_id.begin(), q.series_id.end(), q.series_id.begin(), [](unsigned char c) { return std::toupper(c); });
  q.observation_start = args.value("from", "");
  q.observation_end = args.value("to", "");
  q.units = args.value("units", "lin");
  q.frequency = args.value("frequency", "");
  if (args.value("vintages", false)) {
    q.realtime_start = std::string(kAllVintagesStart);
    q.realtime_end = std::string(kAllVintagesEnd);
  }
  if (args.contains("as_of")) q.realtime_start = q.realtime_end = args["as_of"].get<std::string>();
  return q;
}

Json fetch_fred(const Json& args, ActionContext& ctx) {
  const FredQuery q = fred_query(args);
  SourceClient client("fred", "FRED_REQUESTS_PER_MINUTE", 120, ctx);
  FredSource fred(client.http, SourceEndpoint{ctx.config.fred.base_url, ctx.config.fred.api_key});
  std::string name = lower_name(q.column());
  if (args.contains("as_of")) name += "_asof_" + lower_name(args["as_of"].get<std::string>());
  else if (q.point_in_time()) name += "_pit";
  ctx.report(0.0, fmt::format("fetching {} from FRED{}", q.series_id, q.point_in_time() ? " with vintages" : ""));
  return run_fetch(ctx.store, fred_plan(fred, q, !ctx.config.fred.api_key.empty()), fetch_target(args, name),
                   client.hooks());
}

FredSource fred_for(SourceClient& client, ActionContext& ctx) {
  if (ctx.config.fred.api_key.empty())
    throw Error(ErrorKind::Denied, "FRED_API_KEY is not set, so FRED cannot be searched",
                "set FRED_API_KEY (see docs/data-sources.md); the bundled fred_core dataset has 17 series without a key");
  return FredSource(client.http, SourceEndpoint{ctx.config.fred.base_url, ctx.config.fred.api_key});
}

Json search_fred(const Json& args, ActionContext& ctx) {
  SourceClient client("fred", "FRED_REQUESTS_PER_MINUTE", 120, ctx);
  Json out = Json::array();
  for (const auto& s : fred_for(client, ctx).search(args.at("text").get<std::string>(), args.value("limit", 10)))
    out.push_back({{"id", s.value("id", "")}, {"title", s.value("title", "")}, {"units", s.value("units", "")},
                   {"frequency", s.value("frequency_short", s.value("frequency", ""))},
                   {"observation_start", s.value("observation_start", "")},
                   {"observation_end", s.value("observation_end", "")}});
  return Json{{"series", out}};
}

Json fred_series(const Json& args, ActionContext& ctx) {
  SourceClient client("fred", "FRED_REQUESTS_PER_MINUTE", 120, ctx);
  return fred_for(client, ctx).series(args.at("series_id").get<std::string>());
}

Json vintages(const Json& args, ActionContext& ctx) {
  SourceClient client("fred", "FRED_REQUESTS_PER_MINUTE", 120, ctx);
  FredSource fred = fred_for(client, ctx);
  const std::string id = args.at("series_id").get<std::string>();
  if (!args.contains("as_of")) {
    const auto dates = fred.vintage_dates(id);
    return Json{{"series_id", id}, {"count", dates.size()}, {"vintage_dates", dates}};
  }
  FredQuery q;
  q.series_id = id;
  q.realtime_start = q.realtime_end = args["as_of"].get<std::string>();
  q.validate();
  const auto rows = FredSource::parse_observations(fred.fetch_observations(q).content());
  const auto known = value_known_at(rows, *parse_timestamp(q.realtime_start));
  if (!known)
    throw Error(ErrorKind::NotFound, fmt::format("nothing of {} had been published by {}", id, q.realtime_start),
                "choose a later as_of date");
  return Json{{"series_id", id},
              {"as_of", q.realtime_start},
              {"period", format_date(known->period)},
              {"value", known->value},
              {"published", format_date(known->published)},
              {"note", "the latest period's value as published on as_of; later revisions are not visible"}};
}

Json lookup_ticker(const Json& args, ActionContext& ctx) {
  SourceClient client("polygon", "POLYGON_REQUESTS_PER_MINUTE", 5, ctx);
  if (ctx.config.polygon.api_key.empty())
    throw Error(ErrorKind::Denied, "POLYGON_API_KEY is not set, so tickers cannot be looked up",
                "set POLYGON_API_KEY (see docs/data-sources.md)");
  PolygonSource polygon(client.http, SourceEndpoint{ctx.config.polygon.base_url, ctx.config.polygon.api_key});
  std::string ticker = args.at("ticker").get<std::string>();
  std::transform(ticker.begin(), ticker.end(), ticker.begin(), [](unsigned char c) { return std::toupper(c); });
  const TickerCheck check = polygon.check_ticker(ticker);
  return Json{{"ticker", ticker}, {"exists", check.exists}, {"name", check.name}, {"did_you_mean", check.suggestions}};
}

Json source_status(const Json&, ActionContext& ctx) {
  source_channel("polygon");
  source_channel("fred");
  const auto describe = [](const ServiceConfig& s, std::string_view fallback) {
    return Json{{"key_configured", !s.api_key.empty()}, {"base_url", s.base_url.empty() ? std::string(fallback) : s.base_url}};
  };
  return Json{{"sources", {{"polygon", describe(ctx.config.polygon, kPolygonDefaultBaseUrl)},
                           {"fred", describe(ctx.config.fred, kFredDefaultBaseUrl)}}},
              {"channels", source_channels_status(ctx.env.now())},
              {"cache", FetchCache(ctx.store).list()}};
}

constexpr const char* kDate = R"({"type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")";
constexpr const char* kCacheProps =
    R"("name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$","description":"Dataset name to store it under; default made from the request (e.g. aapl_day, cpiaucsl_pit)."},
       "replace":{"type":"boolean","default":false,"description":"Overwrite a stored dataset with the same name."},
       "refresh":{"type":"boolean","default":false,"description":"Fetch again even if the cache holds a fresh copy."},
       "offline":{"type":"boolean","default":false,"description":"Serve only from the fetch cache; never touch the network."},
       "max_age_hours":{"type":"number","minimum":0,"default":24,"description":"How old a cached copy may be and still be served."})";

std::string schema(const std::string& required, const std::string& properties) {
  return R"({"type":"object","additionalProperties":false,"required":[)" + required + R"(],"properties":{)" +
         properties + "}}";
}

}  // namespace

void register_source_actions(ActionRegistry& registry) {
  registry.add(Action{
      .name = "data.fetch_polygon",
      .summary = "Fetch daily or intraday bars of a ticker from Polygon.io and store them as a dataset with provenance.",
      .schema = schema(R"("ticker","from","to")",
                       std::string(R"("ticker":{"type":"string","minLength":1,"maxLength":32,"description":"Exchange symbol, e.g. AAPL; C:EURUSD for forex, X:BTCUSD for crypto, I:SPX for indices."},)") +
                           R"("from":)" + kDate + R"(,"description":"First date, YYYY-MM-DD."},)" +
                           R"("to":)" + kDate + R"(,"description":"Last date, YYYY-MM-DD (inclusive)."},)" +
                           R"("span":{"type":"string","enum":["second","minute","hour","day","week","month","quarter","year"],"default":"day","description":"Bar timespan."},
                              "multiplier":{"type":"integer","minimum":1,"maximum":10000,"default":1,"description":"Bars of multiplier x span, e.g. 5 with minute."},
                              "adjusted":{"type":"boolean","default":true,"description":"Split-adjusted prices."},
                              "limit":{"type":"integer","minimum":1,"maximum":50000,"default":5000,"description":"Bars per page; longer ranges take several pages."},)" +
                           kCacheProps),
      .example = R"({"ticker":"AAPL","from":"2020-01-01","to":"2020-12-31","span":"day"})",
      .cost = Cost::Trial,
      .run = fetch_polygon,
      .details = "Follows Polygon's pagination (next_url) with the key re-attached in a header, within the rate limit "
                 "(5 requests per minute on the free tier; POLYGON_REQUESTS_PER_MINUTE). Retries 429/5xx/timeouts "
                 "with backoff; a failed page stores nothing. Identical requests are served from the fetch cache for "
                 "max_age_hours; offline serves only the cache. Warnings report coverage gaps.",
  });
  registry.add(Action{
      .name = "data.fetch_fred",
      .summary = "Fetch a FRED economic series (optionally every ALFRED vintage, for point-in-time use) and store it.",
      .schema = schema(R"("series_id")",
                       std::string(R"("series_id":{"type":"string","minLength":1,"maxLength":64,"description":"FRED series id, e.g. CPIAUCSL, UNRATE, GDP; find ids with data.search_fred."},)") +
                           R"("from":)" + kDate + R"(,"description":"First observation date."},)" +
                           R"("to":)" + kDate + R"(,"description":"Last observation date."},)" +
                           R"("units":{"type":"string","enum":["lin","chg","ch1","pch","pc1","pca","cch","cca","log"],"default":"lin","description":"lin levels, chg change, pch percent change, pc1 percent change from a year ago, log ..."},
                              "frequency":{"type":"string","enum":["d","w","bw","m","q","sa","a"],"description":"Aggregate to a lower frequency (default: native)."},
                              "vintages":{"type":"boolean","default":false,"description":"Fetch every vintage and store a point-in-time dataset indexed by publication date: a backtest on date D sees only values published by D."},)" +
                           R"("as_of":)" + kDate + R"(,"description":"Store the series as it was published on this date (one vintage)."},)" +
                           kCacheProps),
      .example = R"({"series_id":"CPIAUCSL","vintages":true})",
      .cost = Cost::Trial,
      .run = fetch_fred,
      .details = "Observations with '.' as missing. With vintages (ALFRED real-time periods) the stored panel holds, "
                 "at each publication date, the latest period's value as then published — join it as of a date and "
                 "nothing published later can leak in. Needs FRED_API_KEY.",
  });
  registry.add(Action{
      .name = "data.search_fred",
      .summary = "Search FRED for economic series by words (e.g. 'consumer price index').",
      .schema = schema(R"("text")",
                       R"("text":{"type":"string","minLength":1,"maxLength":200,"description":"Words to search for."},
                          "limit":{"type":"integer","minimum":1,"maximum":100,"default":10,"description":"How many series to return, most popular first."})"),
      .example = R"({"text":"unemployment rate"})",
      .cost = Cost::Instant,
      .run = search_fred,
  });
  registry.add(Action{
      .name = "data.fred_series",
      .summary = "Show a FRED series' metadata: title, units, frequency, seasonal adjustment, date range.",
      .schema = schema(R"("series_id")", R"("series_id":{"type":"string","minLength":1,"maxLength":64,"description":"FRED series id, e.g. CPIAUCSL."})"),
      .example = R"({"series_id":"CPIAUCSL"})",
      .cost = Cost::Instant,
      .run = fred_series,
  });
  registry.add(Action{
      .name = "data.vintages",
      .summary = "List the dates a FRED series was published or revised, or show the value known on a given date.",
      .schema = schema(R"("series_id")", std::string(R"("series_id":{"type":"string","minLength":1,"maxLength":64,"description":"FRED series id."},"as_of":)") +
                                             kDate + R"(,"description":"Show the latest value as published on this date."})"),
      .example = R"({"series_id":"CPIAUCSL","as_of":"2020-04-12"})",
      .cost = Cost::Instant,
      .run = vintages,
  });
  registry.add(Action{
      .name = "data.lookup_ticker",
      .summary = "Check that Polygon knows a ticker; suggests close symbols when it does not.",
      .schema = schema(R"("ticker")", R"("ticker":{"type":"string","minLength":1,"maxLength":32,"description":"Symbol to check, e.g. AAPL."})"),
      .example = R"({"ticker":"AAPL"})",
      .cost = Cost::Instant,
      .run = lookup_ticker,
  });
  registry.add(Action{
      .name = "data.source_status",
      .summary = "Show the data sources: keys configured, base URLs, rate limits, circuit breakers and cached fetches.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = "{}",
      .cost = Cost::Instant,
      .run = source_status,
  });
}

}  // namespace mlt
