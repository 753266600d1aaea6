// Provenance: where a dataset's bytes came from. Every Dataset carries one.
//
// The approved sources are a compile-time constant: there is no enumerator
// for generated or simulated data, so such data cannot be given provenance.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/time.h"

namespace mlt {

enum class Source { Polygon, Fred, UserFile };

inline constexpr std::array<Source, 3> kApprovedSources = {Source::Polygon, Source::Fred, Source::UserFile};

std::string_view source_name(Source source);                 // "polygon", "fred", "user_file"
std::optional<Source> parse_source(std::string_view name);   // nullopt if not approved

struct Provenance {
  Source source = Source::UserFile;
  std::string identifier;     // e.g. "data/market/aapl_daily_2013-2018.csv" or "AAPL 1 day 2020-01-01..2020-12-31"
  TimestampMs retrieved_at = 0;
  std::string sha256;         // SHA-256 of the content bytes as stored
  std::string origin;         // original file name, or the request URL with secrets removed
  std::string description;    // free text: licence, vendor, notes

  Json to_json() const;
  // Throws Error{DataError} when a field is missing or the source is not approved.
  static Provenance from_json(const Json& j);
};

}  // namespace mlt
