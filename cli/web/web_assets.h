// The review page's files (cli/web/*.html, *.css, *.js), embedded into the
// binary at build time by embed_assets.cmake. Used by cli/review_server.cc.
#pragma once

#include <string_view>

namespace chipwire::cli::web {

struct WebAsset {
  std::string_view name;          // file name: "review.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;          // the file's bytes
};

// The asset with this file name, or nullptr.
const WebAsset* find_web_asset(std::string_view name);

}  // namespace chipwire::cli::web
