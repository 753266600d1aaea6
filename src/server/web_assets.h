// The built web UI, compiled into the binary (library mlt_web_assets, made by
// web/CMakeLists.txt from web/embed.mjs). Each asset is a file of Vite's
// output under its URL path ("/index.html", "/assets/index-<hash>.js").
//
// Thread-safety: immutable static data; safe from any thread.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace mlt::web {

struct Bytes {
  const unsigned char* data;
  std::size_t size;
  std::string_view view() const { return {reinterpret_cast<const char*>(data), size}; }
};

struct Asset {
  std::string_view path;          // "/index.html"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view etag;          // quoted: "\"<16 hex of SHA-256>\""
  Bytes bytes;
};

// Every embedded file; empty when the binary was built with -DMLT_BUILD_WEB=OFF.
std::span<const Asset> embedded_assets();

}  // namespace mlt::web
