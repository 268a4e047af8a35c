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

// True when `ref` (already trimmed) resolves to itself against any base: a
// scheme, "//" and no "/." anywhere (so no dot segment to remove). Nearly every
// item link is such a URL; resolve_url and the feed readers then copy it as it
// is, without splitting it and the base into parts.
bool resolves_to_itself(std::string_view ref);

// Lowercased host of an absolute URL, without "www."; "" when there is none.
std::string url_host(std::string_view url);

}  // namespace chipwire
