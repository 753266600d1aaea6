#include "trials/trial_summary.h"

namespace mlt {

Json summarize_result(const Json& result) {
  if (!result.is_object()) return result.is_array() ? Json{{"items", result.size()}} : result;
  Json out = Json::object();
  for (const auto& [k, v] : result.items()) {
    if (v.is_primitive()) {
      if (!v.is_string() || v.get<std::string>().size() <= 200) out[k] = v;
    } else if (v.is_object() && v.dump().size() <= 2000) {
      out[k] = v;
    } else if (v.is_array()) {
      out[k + "_count"] = v.size();
    }
  }
  return out;
}

Json summarize_trial_outcome(const TrialRecord& record) {
  Json out{{"state", state_name(record.state)}};
  if (!record.error.is_null()) out["error"] = record.error;
  if (!record.result.is_null()) out["result"] = summarize_result(record.result);
  return out;
}

}  // namespace mlt
