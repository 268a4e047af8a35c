// Local-file "fetches" for the fetcher: plain paths and file:// URLs, read
// with the same size cap as HTTP bodies. Called on the fetcher's thread; pure
// apart from reading the one file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "feeds/fetcher.h"

namespace chipwire {

enum class TargetKind { http, local, bad };

// Sorts a request URL: http(s) URLs go to curl, file:// URLs and strings
// without a scheme are local paths, any other scheme is bad.
TargetKind classify_target(std::string_view url);

// The filesystem path named by a local target: "file:///a%20b" -> "/a b",
// "file://localhost/x" -> "/x", a plain path as is. nullopt for file:// URLs
// naming another host or not percent-decodable.
std::optional<std::string> local_path_of(std::string_view url);

// Reads a local target. Errors: bad_url (local files not allowed, or a file://
// URL for another host), io (missing, unreadable, not a regular file),
// too_large (over max_body_bytes).
FetchResult fetch_local_file(const FetchRequest& request);

}  // namespace chipwire
