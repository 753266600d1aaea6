// PagedFetch: the raw bodies of one logical request that took one or more
// pages, and how they are stored: a JSON array of the bodies, in order,
// byte for byte as received except that secrets are redacted — so the
// stored content is what the source said, and its SHA-256 is the
// provenance's. Shared by PolygonSource and FredSource.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/time.h"

namespace mlt {

struct PagedFetch {
  std::string origin;               // first request URL, secrets removed
  std::vector<std::string> bodies;  // each a JSON document, already validated
  // "[body1,body2,...]" with secrets redacted.
  std::string content() const;
};

// Splits stored content back into parsed pages. Throws Error{DataError}
// naming `what` when the content is not a JSON array of objects.
std::vector<Json> parse_pages(std::string_view content, std::string_view what);

// Parses a body that must be a JSON object; throws Error{DataError} naming
// the source and showing the start of the body when it is not (HTML error
// pages from proxies, truncated JSON).
Json parse_body_object(std::string_view body, std::string_view source, std::string_view shown_url);

struct PageProgress {
  int page = 0;             // pages received so far
  std::size_t rows = 0;     // rows received so far
  TimestampMs last_ts = 0;  // last row's time, for a fraction of the requested range
};
using PageCallback = std::function<void(const PageProgress&)>;

// Where a source lives and the key to use (empty when not configured).
struct SourceEndpoint {
  std::string base_url;
  std::string api_key;  // secret: never log, never store
};

}  // namespace mlt
