// URL helpers for identity and link resolution. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace chipwire {

// Identity form of a URL: fragment and tracking parameters (utm_*, fbclid,
// gclid, at_medium, at_campaign, ...) dropped, scheme and host lowercased,
// default port dropped. Returns the input trimmed when it is not an absolute
// http(s) URL.
std::string canonical_url(std::string_view url);

// Resolves `ref` against `base` (RFC 3986 section 5). Returns `ref` when base is empty.
std::string resolve_url(std::string_view base, std::string_view ref);

// Lowercased host of an absolute URL, without "www."; "" when there is none.
std::string url_host(std::string_view url);

}  // namespace chipwire
