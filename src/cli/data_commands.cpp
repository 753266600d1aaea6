// `mltrainer data import|list|describe|show` and `mltrainer ml results|models`:
// shorthands for the data.* and ml.* actions with friendly text output.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli_app.h"
#include "cli/text_output.h"

namespace mlt::cli {
namespace {

void print_dataset_list(const Json& j) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : j["datasets"])
    rows.push_back({scalar_text(d["name"]), scalar_text(d["kind"]), scalar_text(d["source"]), scalar_text(d["rows"]),
                    scalar_text(d["first"]), scalar_text(d["last"])});
  print_table({"name", "kind", "source", "rows", "first", "last"}, rows);
}

void print_results(const Json& j) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : j.value("results", Json::array())) {
    std::string headline;
    if (r.contains("metrics") && r["metrics"].is_object())
      for (const auto& [name, m] : r["metrics"].items()) {
        const Json mean = m.is_object() ? m.value("mean", Json(nullptr)) : m;
        headline += fmt::format("{}{}={}", headline.empty() ? "" : " ", name, scalar_text(mean));
      }
    rows.push_back({scalar_text(r.value("id", Json(nullptr))), scalar_text(r.value("trial_id", Json(nullptr))),
                    scalar_text(r.value("dataset", Json(nullptr))), scalar_text(r.value("model", Json(nullptr))),
                    scalar_text(r.value("target", Json(nullptr))), headline});
  }
  print_table({"id", "trial", "dataset", "model", "target", "metrics (mean over folds)"}, rows);
}

}  // namespace

void add_data_commands(CLI::App& cli, App& app) {
  auto* data = cli.add_subcommand("data", "Datasets: import your CSV files, list, describe, show");
  data->require_subcommand(1);

  static std::string path, name, layout, date_column;
  auto* import = data->add_subcommand("import", "Import a CSV file you own (OHLCV, wide panel or long series)");
  import->add_option("path", path, "CSV file (inside the working folder)")->required();
  import->add_option("--name", name, "Dataset name (default: from the file name)");
  import->add_option("--layout", layout, "auto, bars, wide or long")->check(CLI::IsMember({"auto", "bars", "wide", "long"}));
  import->add_option("--date-column", date_column, "Name of the date column");
  import->callback([&app] {
    Json args{{"path", path}};
    if (!name.empty()) args["name"] = name;
    if (!layout.empty()) args["layout"] = layout;
    if (!date_column.empty()) args["date_column"] = date_column;
    app.print(run_action(app, "data.import_csv", args, true), print_generic);
  });

  data->add_subcommand("list", "Stored datasets")->callback([&app] {
    app.print(run_action(app, "data.list", Json::object(), true), print_dataset_list);
  });

  auto* describe = data->add_subcommand("describe", "Rows, range, gaps, summary statistics, provenance");
  describe->add_option("name", name, "Dataset name")->required();
  describe->callback([&app] { app.print(run_action(app, "data.describe", {{"name", name}}, true), print_generic); });

  static int head = 5, tail = 5;
  auto* show = data->add_subcommand("show", "First and last rows");
  show->add_option("name", name, "Dataset name")->required();
  show->add_option("--head", head, "Rows from the start")->check(CLI::Range(0, 1000));
  show->add_option("--tail", tail, "Rows from the end")->check(CLI::Range(0, 1000));
  show->callback([&app] {
    app.print(run_action(app, "data.show", {{"name", name}, {"head", head}, {"tail", tail}}, true), print_generic);
  });

  auto* ml = cli.add_subcommand("ml", "Models and training results");
  ml->require_subcommand(1);
  static std::int64_t result_id = 0;
  auto* results = ml->add_subcommand("results", "Stored training results (or one with --id)");
  results->add_option("--id", result_id, "Show one result in full");
  results->callback([&app] {
    if (result_id > 0) {
      app.print(run_action(app, "ml.results", {{"id", result_id}}, true), print_generic);
    } else {
      app.print(run_action(app, "ml.results", Json::object(), true), print_results);
    }
  });
  ml->add_subcommand("models", "The model registry")->callback([&app] {
    app.print(run_action(app, "ml.models", Json::object(), true), print_generic);
  });
}

}  // namespace mlt::cli
