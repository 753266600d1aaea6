#include "data/provenance.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/secrets.h"

namespace mlt {

std::string_view source_name(Source source) {
  switch (source) {
    case Source::Polygon: return "polygon";
    case Source::Fred: return "fred";
    case Source::UserFile: return "user_file";
  }
  return "unknown";
}

std::optional<Source> parse_source(std::string_view name) {
  for (Source s : kApprovedSources)
    if (source_name(s) == name) return s;
  return std::nullopt;
}

Json Provenance::to_json() const {
  return Json{{"source", source_name(source)},
              {"identifier", identifier},
              {"retrieved_at", format_iso8601(retrieved_at)},
              {"retrieved_at_ms", retrieved_at},
              {"sha256", sha256},
              {"origin", redact(origin)},
              {"description", description}};
}

Provenance Provenance::from_json(const Json& j) {
  try {
    Provenance p;
    const auto src = j.at("source").get<std::string>();
    const auto parsed = parse_source(src);
    if (!parsed)
      throw Error(ErrorKind::DataError, fmt::format("provenance source '{}' is not an approved source", src));
    p.source = *parsed;
    p.identifier = j.at("identifier").get<std::string>();
    p.retrieved_at = j.at("retrieved_at_ms").get<TimestampMs>();
    p.sha256 = j.at("sha256").get<std::string>();
    p.origin = j.value("origin", "");
    p.description = j.value("description", "");
    return p;
  } catch (const Json::exception& e) {
    throw Error(ErrorKind::DataError, fmt::format("provenance record is incomplete: {}", e.what()));
  }
}

}  // namespace mlt
