#include "actions/registry.h"

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <mutex>

#include "core/edit_distance.h"
#include "core/error.h"

namespace mlt {

std::string_view cost_name(Cost cost) { return cost == Cost::Instant ? "instant" : "trial"; }

std::vector<std::string> dataset_names(const Action& action, const Json& args) {
  std::vector<std::string> names;
  for (const auto& key : action.dataset_args) {
    if (!args.is_object() || !args.contains(key)) continue;
    const Json& value = args[key];
    if (value.is_string()) names.push_back(value.get<std::string>());
    if (value.is_array())
      for (const auto& element : value)
        if (element.is_string()) names.push_back(element.get<std::string>());
  }
  return names;
}

void ActionContext::check_cancelled() const {
  if (is_cancelled && is_cancelled()) throw Error(ErrorKind::Cancelled, "cancelled by the user");
}

struct ActionRegistry::Entry {
  Action action;
  Json schema_json;
  valijson::Schema schema;
};

namespace {


// Turns valijson's context path ["<root>", "[horizon]"] into "/horizon".
std::string field_path(const std::vector<std::string>& context) {
  std::string path;
  for (const auto& part : context) {
    if (part == "<root>") continue;
    std::string p = part;
    if (p.size() >= 2 && p.front() == '[' && p.back() == ']') p = p.substr(1, p.size() - 2);
    if (p.size() >= 2 && p.front() == '"' && p.back() == '"') p = p.substr(1, p.size() - 2);
    path += "/" + p;
  }
  return path.empty() ? "/" : path;
}

// valijson reports a chain of failures from the concrete one to the enclosing
// ones; the one with the deepest path names the field and the real problem.
std::string describe_errors(valijson::ValidationResults& results) {
  valijson::ValidationResults::Error err;
  std::string best;
  size_t best_depth = 0;
  while (results.popError(err)) {
    const size_t depth = err.context.size();
    if (best.empty() || depth > best_depth) {
      best = fmt::format("{}: {}", field_path(err.context), err.description);
      best_depth = depth;
    }
  }
  return best;
}

}  // namespace

ActionRegistry::ActionRegistry() = default;
ActionRegistry::~ActionRegistry() = default;

void ActionRegistry::add(Action action) {
  auto entry = std::make_unique<Entry>();
  try {
    entry->schema_json = Json::parse(action.schema);
  } catch (const Json::exception& e) {
    throw Error(ErrorKind::Internal, fmt::format("action '{}' has a malformed schema: {}", action.name, e.what()));
  }
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter adapter(entry->schema_json);
  try {
    parser.populateSchema(adapter, entry->schema);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Internal, fmt::format("action '{}' has an invalid schema: {}", action.name, e.what()));
  }
  if (!action.run) throw Error(ErrorKind::Internal, fmt::format("action '{}' has no handler", action.name));
  entry->action = std::move(action);
  const std::string name = entry->action.name;
  {
    std::unique_lock lock(mutex_);
    if (entries_.count(name)) throw Error(ErrorKind::Conflict, fmt::format("action '{}' is declared twice", name));
    entries_.emplace(name, std::move(entry));
  }
  if (!get(name).example.empty()) {
    try {
      validate(name, Json::parse(get(name).example));
    } catch (const Error& e) {
      std::unique_lock lock(mutex_);
      entries_.erase(name);
      throw Error(ErrorKind::Internal, fmt::format("action '{}' has an invalid example: {}", name, e.message()));
    }
  }
}

const Action& ActionRegistry::get(const std::string& name) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(name);
  if (it != entries_.end()) return it->second->action;
  std::string best;
  size_t best_d = 4;
  for (const auto& [n, _] : entries_) {
    const size_t d = edit_distance(name, n);
    if (d < best_d) best_d = d, best = n;
  }
  throw Error(ErrorKind::NotFound, fmt::format("unknown action '{}'", name),
              best.empty() ? "run 'mltrainer actions list' to see every action"
                           : fmt::format("did you mean '{}'? ('mltrainer actions list' shows all)", best));
}

bool ActionRegistry::contains(const std::string& name) const {
  std::shared_lock lock(mutex_);
  return entries_.count(name) > 0;
}

std::vector<const Action*> ActionRegistry::list() const {
  std::shared_lock lock(mutex_);
  std::vector<const Action*> out;
  out.reserve(entries_.size());
  for (const auto& [_, e] : entries_) out.push_back(&e->action);
  return out;
}

std::size_t ActionRegistry::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

void ActionRegistry::validate(const std::string& name, const Json& args) const {
  get(name);  // NotFound with a hint
  std::shared_lock lock(mutex_);
  const Entry& e = *entries_.at(name);
  if (!args.is_object())
    throw Error(ErrorKind::InvalidArgument, fmt::format("{}: arguments must be a JSON object", name),
                fmt::format("example: {}", e.action.example));
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(args);
  if (!validator.validate(e.schema, target, &results))
    throw Error(ErrorKind::InvalidArgument, fmt::format("{}: {}", name, describe_errors(results)),
                fmt::format("example: {}", e.action.example));
}

Json ActionRegistry::schema_json(const std::string& name) const {
  get(name);
  std::shared_lock lock(mutex_);
  return entries_.at(name)->schema_json;
}

}  // namespace mlt
