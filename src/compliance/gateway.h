// Compliance gateway v1: immutable rules compiled into the binary. Every
// action call passes check() before it runs; the decision is audited by the
// caller. No configuration, flag or environment variable can switch a rule
// off — the rule table is a constexpr array and Gateway has no setters.
//
// Rules:
//   approved_sources   every dataset an action uses comes from polygon, fred or user_file
//   no_synthetic_data  no argument asks for generated, simulated or random data as input
//   provenance         every dataset argument names a stored dataset whose content still
//                      matches its provenance SHA-256; every file argument resolves inside
//                      the allowed folders
//   no_secrets         no argument carries an API key or other credential
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/env.h"
#include "core/json.h"
#include "data/provenance.h"

namespace mlt {

class Store;
struct Action;

struct ComplianceRule {
  std::string_view id;
  std::string_view description;
};

inline constexpr std::array<ComplianceRule, 4> kComplianceRules = {{
    {"approved_sources", "Data must come from an approved source: polygon, fred or user_file."},
    {"no_synthetic_data", "Generated, simulated or random data is never used as input data."},
    {"provenance", "Every data input carries provenance whose SHA-256 matches its content."},
    {"no_secrets", "Arguments never carry API keys or other credentials."},
}};

struct Decision {
  bool allowed = true;
  std::string rule;    // the rule that denied, or "all" when allowed
  std::string reason;  // why, in words a user understands
  std::string hint;    // what to do instead (denials only)
  Json to_json() const;
};

class Gateway {
 public:
  Gateway(Store& store, const Env& env) : store_(store), env_(env) {}
  Decision check(const Action& action, const Json& args) const;

 private:
  Store& store_;
  const Env& env_;
};

}  // namespace mlt
