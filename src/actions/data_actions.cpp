#include "actions/data_actions.h"

#include "core/error.h"
#include "data/csv_import.h"
#include "data/dataset_repository.h"

namespace mlt {

namespace {

CsvImportOptions import_options(const Json& args) {
  CsvImportOptions o;
  o.name = args.value("name", "");
  o.layout = args.value("layout", "auto");
  o.date_column = args.value("date_column", "");
  o.description = args.value("description", "");
  if (args.contains("columns")) o.columns = args["columns"].get<std::map<std::string, std::string>>();
  return o;
}

// Parses fully before touching the store, and saves in one transaction, so a
// rejected import leaves the store as it was.
Json import_csv(const Json& args, ActionContext& ctx) {
  const std::string path = args.at("path").get<std::string>();
  const auto resolved_path = ctx.env.resolve_user_file(path);
  const CsvImportOptions options = import_options(args);
  const std::string content = CsvImporter::read_bytes(resolved_path);
  CsvImport imported = CsvImporter::import(content, path, options, ctx.env.now());
  DatasetRepository(ctx.store).save(imported.dataset, content, imported.resolved, args.value("replace", false));
  const Dataset& ds = imported.dataset;
  return Json{{"name", ds.name()},
              {"kind", kind_name(ds.kind())},
              {"rows", ds.rows()},
              {"first", format_timestamp(ds.timestamps().front())},
              {"last", format_timestamp(ds.timestamps().back())},
              {"columns", ds.columns()},
              {"ignored_columns", imported.ignored_columns},
              {"options", imported.resolved.to_json()},
              {"sha256", ds.provenance().sha256},
              {"provenance", ds.provenance().to_json()}};
}

Json list_datasets(const Json&, ActionContext& ctx) {
  return Json{{"datasets", DatasetRepository(ctx.store).list()}};
}

Json describe_dataset(const Json& args, ActionContext& ctx) {
  return DatasetRepository(ctx.store).describe(args.at("name").get<std::string>());
}

Json show_dataset(const Json& args, ActionContext& ctx) {
  return DatasetRepository(ctx.store).show(args.at("name").get<std::string>(), args.value("head", 5),
                                           args.value("tail", 5));
}

Json remove_dataset(const Json& args, ActionContext& ctx) {
  const std::string name = args.at("name").get<std::string>();
  DatasetRepository(ctx.store).remove(name);
  return Json{{"removed", name}};
}

constexpr const char* kNameProperty =
    R"("name":{"type":"string","minLength":1,"maxLength":64,"description":"Name of a stored dataset, as shown by data.list (e.g. sp500_daily)."})";

}  // namespace

void register_data_actions(ActionRegistry& registry) {
  registry.add(Action{
      .name = "data.import_csv",
      .summary = "Import a CSV file of prices or economic series that you own, and store it as a dataset.",
      .schema = R"({"type":"object","required":["path"],"additionalProperties":false,"properties":{
        "path":{"type":"string","minLength":1,"description":"Path of the CSV file, relative to the working folder (or inside an allowed folder)."},
        "name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$","description":"Dataset name to store it under; default: made from the file name."},
        "layout":{"type":"string","enum":["auto","bars","wide","long"],"default":"auto","description":"bars: date + open/high/low/close[/volume]; wide: date + one numeric column per symbol (a panel); long: series_id,date,value rows pivoted to a panel; auto: chosen from the header."},
        "date_column":{"type":"string","description":"Header of the date column; default: detected (date, Date, datetime, timestamp, ...). 'year+quarter' names a year and a quarter column."},
        "columns":{"type":"object","additionalProperties":false,"description":"Bars only: which header holds each field, e.g. {\"close\": \"Last\"}; unmapped fields are detected by name.",
          "properties":{"open":{"type":"string","description":"Header of the opening price."},"high":{"type":"string","description":"Header of the high."},"low":{"type":"string","description":"Header of the low."},"close":{"type":"string","description":"Header of the closing price."},"volume":{"type":"string","description":"Header of the volume (optional column)."}}},
        "description":{"type":"string","description":"Free text kept in the provenance: vendor, licence, notes."},
        "replace":{"type":"boolean","default":false,"description":"Overwrite a stored dataset with the same name."}}})",
      .example = R"({"path":"data/market/aapl_daily_2013-2018.csv","name":"aapl_daily"})",
      .cost = Cost::Instant,
      .run = import_csv,
      .path_args = {"path"},
      .idempotent = false,
      .details = "Detects the date and OHLCV columns (or takes an explicit mapping); wide files such as the Dow-30 "
                 "closes and long files such as FRED exports become panels. Rejects defective files with the file, "
                 "line and column of the first defect: unparseable dates, duplicate or out-of-order timestamps, "
                 "negative prices or volumes, high below max(open, close), low above min(open, close), empty files, "
                 "wrong delimiters, non-UTF-8 bytes, missing columns. The bytes are stored with their SHA-256.",
  });
  registry.add(Action{
      .name = "data.list",
      .summary = "List the stored datasets with their kind, source, rows, date range and columns.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = "{}",
      .cost = Cost::Instant,
      .run = list_datasets,
  });
  registry.add(Action{
      .name = "data.describe",
      .summary = "Describe a dataset: date range, frequency, gaps, per-column statistics and provenance.",
      .schema = std::string(R"({"type":"object","required":["name"],"additionalProperties":false,"properties":{)") +
                kNameProperty + "}}",
      .example = R"({"name":"sp500_daily"})",
      .cost = Cost::Instant,
      .run = describe_dataset,
      .dataset_args = {"name"},
  });
  registry.add(Action{
      .name = "data.show",
      .summary = "Show the first and last rows of a dataset.",
      .schema =
          std::string(R"({"type":"object","required":["name"],"additionalProperties":false,"properties":{)") +
          kNameProperty +
          R"(,"head":{"type":"integer","minimum":0,"maximum":1000,"default":5,"description":"How many rows to show from the start."},
                   "tail":{"type":"integer","minimum":0,"maximum":1000,"default":5,"description":"How many rows to show from the end."}}})",
      .example = R"({"name":"sp500_daily","head":5,"tail":5})",
      .cost = Cost::Instant,
      .run = show_dataset,
      .dataset_args = {"name"},
  });
  registry.add(Action{
      .name = "data.remove",
      .summary = "Remove a stored dataset (its bytes, options and provenance).",
      .schema = std::string(R"({"type":"object","required":["name"],"additionalProperties":false,"properties":{)") +
                kNameProperty + "}}",
      .example = R"({"name":"aapl_daily"})",
      .cost = Cost::Instant,
      .run = remove_dataset,
      // No provenance check: a dataset that failed it must still be removable.
      .idempotent = false,
  });
}

}  // namespace mlt
