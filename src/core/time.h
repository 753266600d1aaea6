// Calendar time as milliseconds since the Unix epoch, UTC. Market data in
// mlTrainer is stamped in ms (Polygon's convention); dates are midnight UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlt {

using TimestampMs = std::int64_t;
inline constexpr TimestampMs kMsPerDay = 86'400'000;

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);

// Parses "YYYY-MM-DD", "YYYY/MM/DD", "YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DDTHH:MM[:SS][Z]".
// Returns nullopt for anything else or an impossible date (2021-02-30).
std::optional<TimestampMs> parse_timestamp(std::string_view text);

// "YYYY-MM-DD" when the time of day is midnight, else "YYYY-MM-DD HH:MM:SS".
std::string format_timestamp(TimestampMs ms);
// Always "YYYY-MM-DD".
std::string format_date(TimestampMs ms);
// ISO-8601 with milliseconds and Z, for records: "2026-11-25T15:32:55.123Z".
std::string format_iso8601(TimestampMs ms);

}  // namespace mlt
