#include "memory/importance.h"

#include <algorithm>
#include <cmath>

namespace mlt::memory {

double role_base(std::string_view role) {
  if (role == "compliance") return 0.7;
  if (role == "result") return 0.6;
  if (role == "user") return 0.5;
  if (role == "action") return 0.4;
  if (role == "assistant" || role == "tool") return 0.3;
  return 0.1;
}

namespace {
bool has_metrics(const Json& j, int depth = 0) {
  if (depth > 3 || !j.is_object()) return false;
  if (j.contains("metrics") || j.contains("rows")) return true;
  for (const auto& [k, v] : j.items())
    if (has_metrics(v, depth + 1)) return true;
  return false;
}
}  // namespace

double stored_importance(std::string_view role, const Json& data, std::size_t topic_count, bool pinned) {
  double s = role_base(role);
  if (has_metrics(data)) s += 0.3;
  if (data.is_object() && data.contains("decision") && data["decision"].is_object() &&
      !data["decision"].value("allowed", true))
    s += 0.2;
  s += std::min(0.2, 0.05 * static_cast<double>(topic_count));
  if (pinned) s += 1.0;
  return std::clamp(s, 0.0, kMaxStoredImportance);
}

double effective_importance(double stored, bool pinned, TimestampMs ts, TimestampMs now) {
  if (pinned) return stored;
  const double age_days = std::max<double>(0.0, static_cast<double>(now - ts) / static_cast<double>(kMsPerDay));
  return stored * std::pow(0.5, age_days / kHalfLifeDays);
}

}  // namespace mlt::memory
