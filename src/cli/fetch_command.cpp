// `mltrainer data fetch polygon|fred`, `data search-fred`, `data vintages`
// and `data sources`: shorthands for the data-source actions
// (actions/source_actions.h). Multi-page fetches are trials, so run_action
// follows them with a progress bar.
//
//   mltrainer data fetch polygon AAPL --from 2020-01-01 --to 2020-12-31 --span day
//   mltrainer data fetch fred CPIAUCSL --vintages
//   mltrainer data search-fred "consumer price index"
//   mltrainer data vintages CPIAUCSL --as-of 2020-04-12
//
// Must be called after add_data_commands(), whose `data` subcommand it extends.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli_app.h"
#include "cli/text_output.h"

namespace mlt::cli {

void add_fetch_commands(CLI::App& cli, App& app);

namespace {

struct FetchFlags {
  std::string name;
  bool replace = false, refresh = false, offline = false;
  void add_to(CLI::App* cmd) {
    cmd->add_option("--name", name, "Dataset name (default: made from the request)");
    cmd->add_flag("--replace", replace, "Overwrite a stored dataset with the same name");
    cmd->add_flag("--refresh", refresh, "Fetch again even if the cache holds a fresh copy");
    cmd->add_flag("--offline", offline, "Serve only from the fetch cache");
  }
  void into(Json& args) const {
    if (!name.empty()) args["name"] = name;
    if (replace) args["replace"] = true;
    if (refresh) args["refresh"] = true;
    if (offline) args["offline"] = true;
  }
};

void print_fetch(const Json& j) {
  std::cout << fmt::format("{} '{}': {} rows {}..{} from {} ({}, {} page(s))\n", j.value("kind", ""), j.value("name", ""),
                           j.value("rows", 0), j.value("first", ""), j.value("last", ""), j.value("source", ""),
                           j.value("served_from", ""), j.value("pages", 0));
  if (j.contains("note")) std::cout << j["note"].get<std::string>() << "\n";
  for (const auto& w : j.value("warnings", Json::array())) std::cout << "warning: " << w.get<std::string>() << "\n";
}

}  // namespace

void add_fetch_commands(CLI::App& cli, App& app) {
  CLI::App* data = cli.get_subcommand("data");
  auto* fetch = data->add_subcommand("fetch", "Fetch market data from Polygon or economic series from FRED");
  fetch->require_subcommand(1);

  static std::string ticker, from, to, span = "day";
  static int multiplier = 1;
  static bool unadjusted = false;
  static FetchFlags polygon_flags;
  auto* polygon = fetch->add_subcommand("polygon", "Bars of a ticker from Polygon.io (needs POLYGON_API_KEY)");
  polygon->add_option("ticker", ticker, "Symbol, e.g. AAPL (C:EURUSD forex, I:SPX index)")->required();
  polygon->add_option("--from", from, "First date YYYY-MM-DD")->required();
  polygon->add_option("--to", to, "Last date YYYY-MM-DD")->required();
  polygon->add_option("--span", span, "second, minute, hour, day, week, month, quarter or year")
      ->check(CLI::IsMember({"second", "minute", "hour", "day", "week", "month", "quarter", "year"}));
  polygon->add_option("--multiplier", multiplier, "Bars of N spans, e.g. 5 with --span minute");
  polygon->add_flag("--unadjusted", unadjusted, "Prices not adjusted for splits");
  polygon_flags.add_to(polygon);
  polygon->callback([&app] {
    Json args{{"ticker", ticker}, {"from", from}, {"to", to}, {"span", span}, {"multiplier", multiplier}};
    if (unadjusted) args["adjusted"] = false;
    polygon_flags.into(args);
    app.print(run_action(app, "data.fetch_polygon", args, true), print_fetch);
  });

  static std::string series_id, units, frequency, as_of, fred_from, fred_to;
  static bool vintages = false;
  static FetchFlags fred_flags;
  auto* fred = fetch->add_subcommand("fred", "An economic series from FRED, optionally with every vintage (needs FRED_API_KEY)");
  fred->add_option("series_id", series_id, "FRED series id, e.g. CPIAUCSL")->required();
  fred->add_option("--from", fred_from, "First observation date YYYY-MM-DD");
  fred->add_option("--to", fred_to, "Last observation date YYYY-MM-DD");
  fred->add_option("--units", units, "lin, chg, ch1, pch, pc1, pca, cch, cca or log");
  fred->add_option("--frequency", frequency, "d, w, bw, m, q, sa or a");
  fred->add_flag("--vintages", vintages, "Every vintage: a point-in-time dataset indexed by publication date");
  fred->add_option("--as-of", as_of, "The series as published on this date");
  fred_flags.add_to(fred);
  fred->callback([&app] {
    Json args{{"series_id", series_id}};
    if (!fred_from.empty()) args["from"] = fred_from;
    if (!fred_to.empty()) args["to"] = fred_to;
    if (!units.empty()) args["units"] = units;
    if (!frequency.empty()) args["frequency"] = frequency;
    if (vintages) args["vintages"] = true;
    if (!as_of.empty()) args["as_of"] = as_of;
    fred_flags.into(args);
    app.print(run_action(app, "data.fetch_fred", args, true), print_fetch);
  });

  static std::string text;
  auto* search = data->add_subcommand("search-fred", "Search FRED for series by words");
  search->add_option("text", text, "Words, e.g. \"consumer price index\"")->required();
  search->callback([&app] {
    app.print(run_action(app, "data.search_fred", {{"text", text}}, true), [](const Json& j) {
      std::vector<std::vector<std::string>> rows;
      for (const auto& s : j["series"])
        rows.push_back({scalar_text(s["id"]), scalar_text(s["frequency"]), scalar_text(s["title"])});
      print_table({"id", "freq", "title"}, rows);
    });
  });

  static std::string vintage_series, vintage_as_of;
  auto* vint = data->add_subcommand("vintages", "Publication dates of a FRED series, or its value known on a date");
  vint->add_option("series_id", vintage_series, "FRED series id")->required();
  vint->add_option("--as-of", vintage_as_of, "Show the value known on this date");
  vint->callback([&app] {
    Json args{{"series_id", vintage_series}};
    if (!vintage_as_of.empty()) args["as_of"] = vintage_as_of;
    app.print(run_action(app, "data.vintages", args, true), print_generic);
  });

  data->add_subcommand("sources", "Data sources: keys configured, rate limits, circuit breakers, cache")
      ->callback([&app] { app.print(run_action(app, "data.source_status", Json::object(), true), print_generic); });
}

}  // namespace mlt::cli
