#include "data/paged_fetch.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/secrets.h"

namespace mlt {

std::string PagedFetch::content() const {
  std::string out = "[";
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    if (i) out.push_back(',');
    out += bodies[i];
  }
  out.push_back(']');
  return redact(out);
}

std::vector<Json> parse_pages(std::string_view content, std::string_view what) {
  Json all = Json::parse(content.begin(), content.end(), nullptr, false);
  if (all.is_discarded() || !all.is_array())
    throw Error(ErrorKind::DataError, fmt::format("stored {} content is not a JSON array of pages", what),
                "fetch the data again");
  std::vector<Json> pages;
  for (auto& page : all) {
    if (!page.is_object())
      throw Error(ErrorKind::DataError, fmt::format("stored {} content holds a page that is not an object", what));
    pages.push_back(std::move(page));
  }
  return pages;
}

Json parse_body_object(std::string_view body, std::string_view source, std::string_view shown_url) {
  Json j = Json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    std::string start = redact(body.substr(0, 80));
    for (char& c : start)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    throw Error(ErrorKind::DataError,
                fmt::format("{} sent a response that is not valid JSON for {} ({} bytes, starting '{}')", source,
                            shown_url, body.size(), start),
                "the response was truncated or replaced (e.g. by a proxy); nothing was stored — try again later, "
                "and check the base URL setting");
  }
  return j;
}

}  // namespace mlt
