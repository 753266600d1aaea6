// GET / and /assets/*: the web chat. By default from the bytes embedded at
// build time (web_assets.h); with a web folder (serve --web-dir DIR, for UI
// work) from that folder on every request. GET /status is the plain status
// page, which "/" also falls back to when no UI is embedded.
//
// Caching: every response carries an ETag (a SHA-256 prefix) and honours
// If-None-Match with 304. index.html is revalidated on each load
// (no-cache); files under /assets/ have content hashes in their names, so
// they are cached for a year as immutable. Files from a web folder are
// always revalidated.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/sha256.h"
#include "server/http_server.h"
#include "server/routes.h"
#include "server/web_assets.h"

namespace mlt {
namespace {

// The UI talks only to its own origin and loads nothing from elsewhere.
constexpr const char* kAppPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

struct WebFile {
  std::string content_type;
  std::string etag;
  std::string body;
};

std::string content_type_for(const std::string& path) {
  const auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

bool etag_matches(const HttpRequest& req, std::string_view etag) {
  const auto header = req.header("If-None-Match");
  if (!header) return false;
  std::string_view list = *header;
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view tag = list.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

HttpResponse respond(const HttpRequest& req, std::string_view content_type, std::string_view etag,
                     std::string_view body, const char* cache_control) {
  HttpResponse res;
  res.content_type = std::string(content_type);
  res.headers.emplace_back("ETag", std::string(etag));
  res.headers.emplace_back("Cache-Control", cache_control);
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (content_type.starts_with("text/html")) res.headers.emplace_back("Content-Security-Policy", kAppPolicy);
  if (etag_matches(req, etag)) {
    res.status = 304;
    return res;
  }
  res.body = std::string(body);
  return res;
}

const web::Asset* find_embedded(std::string_view path) {
  for (const auto& a : web::embedded_assets())
    if (a.path == path) return &a;
  return nullptr;
}

// Reads DIR/path for --web-dir; nullopt when absent or outside DIR.
std::optional<WebFile> read_from_dir(const std::filesystem::path& dir, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path rel = fs::path(path).relative_path();
  for (const auto& part : rel)
    if (part == "..") return std::nullopt;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(dir, ec);
  const fs::path full = fs::weakly_canonical(root / rel, ec);
  if (ec || !fs::is_regular_file(full, ec)) return std::nullopt;
  const auto [end, _] = std::mismatch(root.begin(), root.end(), full.begin(), full.end());
  if (end != root.end()) return std::nullopt;  // a symlink that leaves DIR
  std::ifstream in(full, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  WebFile f{content_type_for(path), {}, bytes.str()};
  f.etag = "\"" + sha256_hex(f.body).substr(0, 16) + "\"";
  return f;
}

}  // namespace

void add_web_routes(HttpServer& http, const std::string& web_dir) {
  http.get("/status", [](const HttpRequest&) { return status_page_response(); });

  if (!web_dir.empty()) {
    const std::filesystem::path dir = web_dir;
    auto from_dir = [dir](const HttpRequest& req, const std::string& path) {
      const auto file = read_from_dir(dir, path);
      if (!file)
        throw Error(ErrorKind::NotFound, fmt::format("no file {} in the web folder {}", path, dir.string()),
                    "run `npm run build` (or `npm run dev`) in web/, or drop --web-dir");
      return respond(req, file->content_type, file->etag, file->body, "no-cache");
    };
    http.get("/", [from_dir](const HttpRequest& req) { return from_dir(req, "/index.html"); });
    http.get(R"(/assets/([^?#]+))", [from_dir](const HttpRequest& req) { return from_dir(req, req.path); });
    return;
  }

  http.get("/", [](const HttpRequest& req) {
    const web::Asset* index = find_embedded("/index.html");
    if (!index) return status_page_response();  // built with -DMLT_BUILD_WEB=OFF
    return respond(req, index->content_type, index->etag, index->bytes.view(), "no-cache");
  });
  http.get(R"(/assets/([^?#]+))", [](const HttpRequest& req) {
    const web::Asset* asset = find_embedded(req.path);
    if (!asset)
      throw Error(ErrorKind::NotFound, fmt::format("no web asset {}", req.path),
                  "the page may be from an older build; reload /");
    return respond(req, asset->content_type, asset->etag, asset->bytes.view(), "public, max-age=31536000, immutable");
  });
}

}  // namespace mlt
