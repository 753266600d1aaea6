// Importance of a stored memory — the documented formula:
//
//   stored   = base(role) + 0.3·has_result_metrics + 0.2·is_denial
//              + min(0.2, 0.05·topics) + 1.0·pinned           (clamped to [0, 2])
//   base     = compliance 0.7, result 0.6, user 0.5, action 0.4,
//              assistant 0.3, tool 0.3, system 0.1
//   effective(now) = stored · 0.5^(age_days / 30)             (recency: 30-day half-life)
//                    (pinned memories do not decay)
//
// Search ranks by BM25 relevance weighted by effective importance:
//   score = relevance · (0.5 + effective),  relevance = −bm25 (FTS5's bm25 is ≤ 0)
#pragma once

#include <string_view>

#include "core/json.h"
#include "core/time.h"

namespace mlt::memory {

inline constexpr double kHalfLifeDays = 30.0;
inline constexpr double kMaxStoredImportance = 2.0;  // the clamp of `stored`

double role_base(std::string_view role);
// `data` is the message's JSON payload (a result with "metrics" counts as a result).
double stored_importance(std::string_view role, const Json& data, std::size_t topic_count, bool pinned);
double effective_importance(double stored, bool pinned, TimestampMs ts, TimestampMs now);

}  // namespace mlt::memory
