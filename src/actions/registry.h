// ActionRegistry: the table of declared actions, with each schema compiled
// once. Thread-safe for concurrent lookups; add() may be called at run time
// (e.g. one train.<model> action per registered model).
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "actions/action.h"

namespace mlt {

class ActionRegistry {
 public:
  ActionRegistry();
  ~ActionRegistry();

  // Throws Error{Conflict} for a duplicate name, Error{Internal} for an
  // invalid schema or an example that does not satisfy it.
  void add(Action action);

  // Throws Error{NotFound} with a "did you mean" hint.
  const Action& get(const std::string& name) const;
  bool contains(const std::string& name) const;
  // All actions, sorted by name.
  std::vector<const Action*> list() const;
  std::size_t size() const;

  // Validates args against the action's schema. Throws Error{InvalidArgument}
  // naming the offending field ("/horizon: expected integer").
  void validate(const std::string& name, const Json& args) const;

  // The schema parsed as JSON (for tool lists and docs).
  Json schema_json(const std::string& name) const;

 private:
  struct Entry;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace mlt
