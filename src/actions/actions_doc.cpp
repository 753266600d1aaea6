#include "actions/actions_doc.h"

#include <fmt/format.h>

#include "actions/registry.h"

namespace mlt {
namespace {

std::string type_text(const Json& prop) {
  if (prop.contains("enum")) {
    std::string values;
    for (const auto& v : prop["enum"]) values += (values.empty() ? "" : " | ") + (v.is_string() ? v.get<std::string>() : v.dump());
    return "one of " + values;
  }
  std::string t = prop.contains("type") ? (prop["type"].is_string() ? prop["type"].get<std::string>() : prop["type"].dump()) : "any";
  if (prop.contains("minimum") || prop.contains("maximum"))
    t += fmt::format(" ({}..{})", prop.contains("minimum") ? prop["minimum"].dump() : "", prop.contains("maximum") ? prop["maximum"].dump() : "");
  return t;
}

std::string escape_cell(std::string s) {
  for (size_t pos = s.find('|'); pos != std::string::npos; pos = s.find('|', pos + 2)) s.replace(pos, 1, "\\|");
  for (auto& c : s)
    if (c == '\n') c = ' ';
  return s;
}

}  // namespace

std::string render_actions_markdown(const ActionRegistry& registry) {
  std::string out =
      "# Actions\n\n"
      "Generated from the action registry by `mltrainer docs actions --output docs/actions.md`; do not edit.\n"
      "Every action can be run from the CLI (`mltrainer run NAME --arg key=value` or `--json '{...}'`),\n"
      "the HTTP API (`POST /api/actions/NAME` with the arguments as the JSON body) and the assistant.\n"
      "Arguments are validated against the schema before anything runs, and every call passes the\n"
      "compliance gateway and is written to the audit log. *Trial* actions run in the background\n"
      "with live progress (`mltrainer trials watch ID`, `GET /api/trials/ID/events`).\n\n";
  out += "| action | cost | summary |\n| --- | --- | --- |\n";
  for (const Action* a : registry.list())
    out += fmt::format("| [`{}`](#{}) | {} | {} |\n", a->name, a->name, cost_name(a->cost), escape_cell(a->summary));
  for (const Action* a : registry.list()) {
    const Json schema = registry.schema_json(a->name);
    out += fmt::format("\n<a id=\"{}\"></a>\n## `{}`\n\n{}\n\n", a->name, a->name, a->summary);
    if (!a->details.empty()) out += a->details + "\n\n";
    out += fmt::format("Cost: {}.", cost_name(a->cost));
    if (!a->dataset_args.empty() || !a->path_args.empty()) out += " The gateway checks the provenance of its data inputs.";
    out += "\n\n";
    const Json props = schema.value("properties", Json::object());
    if (props.empty()) {
      out += "No arguments.\n";
    } else {
      const Json required = schema.value("required", Json::array());
      out += "| argument | type | required | description |\n| --- | --- | --- | --- |\n";
      for (const auto& [name, prop] : props.items()) {
        bool req = false;
        for (const auto& r : required) req = req || r == name;
        std::string desc = prop.value("description", "");
        if (prop.contains("default")) desc += fmt::format(" Default: `{}`.", prop["default"].dump());
        out += fmt::format("| `{}` | {} | {} | {} |\n", name, escape_cell(type_text(prop)), req ? "yes" : "no", escape_cell(desc));
      }
    }
    out += fmt::format("\nExample:\n\n```sh\nmltrainer run {} --json '{}'\n```\n", a->name, Json::parse(a->example).dump());
  }
  return out;
}

}  // namespace mlt
