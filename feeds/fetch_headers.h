// HTTP response header reading for the fetcher: status lines, validators,
// Retry-After and Cache-Control. Headers are kept per response, so a redirect
// chain's earlier responses never leak into the final result.
// Pure functions and a plain struct; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace chipwire {

// What the fetcher keeps from one HTTP response's header block.
struct ResponseHeaders {
  long status = 0;  // from the status line
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string location;
  std::optional<std::int64_t> retry_after_seconds;
  std::optional<std::int64_t> max_age_seconds;
};

// Feeds one raw header line (with or without CRLF) into `h`. A status line
// ("HTTP/1.1 301 Moved", "HTTP/2 200") clears `h` and starts a new response.
// Returns true when the line was a status line. `now` resolves Retry-After dates.
bool read_header_line(std::string_view line, UnixSeconds now, ResponseHeaders& h);

// Retry-After: delta-seconds ("120") or an HTTP date (IMF-fixdate, RFC 850 or
// asctime); a date in the past gives 0. nullopt when unreadable.
std::optional<std::int64_t> parse_retry_after(std::string_view value, UnixSeconds now);

// max-age=N from a Cache-Control value; nullopt when absent or unreadable.
// `no-cache`/`no-store` do not lengthen anything, so they also give nullopt.
std::optional<std::int64_t> parse_cache_max_age(std::string_view value);

}  // namespace chipwire
