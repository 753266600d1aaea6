// The planner's tables (internal): which registered actions serve each
// intent, which model ids serve each model family, and which schema
// property names each slot may fill. New actions (finance.*, portfolio.*,
// risk.*, backtest.*, ml.predict, ...) are wired here, in one place.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "agent/clause.h"

namespace mlt::agent {

struct IntentRule {
  Intent intent;
  std::vector<std::string_view> actions;  // preferred names, first registered wins
  std::string_view prefix;                // else: first registered action with this prefix ...
  std::string_view keyword;               // ... whose name contains this word ("" = any)
  std::string_view missing;               // what to say when nothing is registered
};

const IntentRule& intent_rule(Intent intent);

struct FamilyModels {
  std::string_view family;
  std::vector<std::string_view> classification;  // model ids, preferred first
  std::vector<std::string_view> regression;
  std::string_view id_keyword;  // fallback: a registered id containing this
  std::string_view label;       // how to say it
};
const FamilyModels* family_models(std::string_view family);
// Families tried for "some ML models" (each only if registered).
std::span<const std::string_view> default_families();

// Schema property names a slot may fill, preferred first.
std::span<const std::string_view> slot_properties(std::string_view slot);
// Every slot name, in the order they are filled.
std::span<const std::string_view> slot_names();

}  // namespace mlt::agent
