// Header-line parsing for the fetcher (status line, validators, Retry-After,
// Cache-Control max-age).
#include "feeds/fetch_headers.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <limits>

namespace chipwire {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Non-negative decimal integer filling all of `s`; clamps absurd values.
std::optional<std::int64_t> parse_seconds(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::optional<std::int64_t> parse_retry_after(std::string_view value, UnixSeconds now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (auto secs = parse_seconds(value)) return secs;
  // curl_getdate reads the three HTTP date forms (and more); -1 when it cannot.
  const std::string text(value);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == static_cast<time_t>(-1)) return std::nullopt;
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(when) - now);
}

std::optional<std::int64_t> parse_cache_max_age(std::string_view value) {
  std::optional<std::int64_t> max_age;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string_view directive = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    const size_t eq = directive.find('=');
    const std::string_view name = trim(directive.substr(0, eq));
    if (iequals(name, "no-cache") || iequals(name, "no-store")) return std::nullopt;
    if (eq == std::string_view::npos || !iequals(name, "max-age")) continue;
    std::string_view arg = trim(directive.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') arg = arg.substr(1, arg.size() - 2);
    if (auto secs = parse_seconds(arg)) max_age = secs;
  }
  return max_age;
}

bool read_header_line(std::string_view line, UnixSeconds now, ResponseHeaders& h) {
  line = trim(line);
  if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
    h = ResponseHeaders{};
    const size_t sp = line.find(' ');
    if (sp != std::string_view::npos) {
      std::string_view code = line.substr(sp + 1, 3);
      if (auto v = parse_seconds(code)) h.status = static_cast<long>(*v);
    }
    return true;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view name = trim(line.substr(0, colon));
  const std::string_view value = trim(line.substr(colon + 1));
  if (iequals(name, "content-type")) {
    h.content_type = value;
  } else if (iequals(name, "etag")) {
    h.etag = value;
  } else if (iequals(name, "last-modified")) {
    h.last_modified = value;
  } else if (iequals(name, "location")) {
    h.location = value;
  } else if (iequals(name, "retry-after")) {
    h.retry_after_seconds = parse_retry_after(value, now);
  } else if (iequals(name, "cache-control")) {
    h.max_age_seconds = parse_cache_max_age(value);
  }
  return false;
}

}  // namespace chipwire
