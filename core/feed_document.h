// ParsedFeed: one feed document as the parser understood it (shared/docs/feed-contract.md).
//
// Filled by feeds/ (the parsers), read by pipeline/ and printed by `chipwire parse`.
// Plain data; a missing field is std::nullopt, never an invented "".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace chipwire {

struct Enclosure {
  std::string url;
  std::optional<std::string> type;
  std::optional<std::int64_t> length;
};

struct FeedEntry {
  std::optional<std::string> id;       // GUID / Atom id as given
  std::optional<std::string> title;    // plain text
  std::optional<std::string> link;     // absolute URL
  std::optional<std::string> summary;  // plain text
  std::optional<std::string> content;  // plain text
  std::optional<UnixSeconds> published;
  std::optional<UnixSeconds> updated;
  std::optional<std::string> author;
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;
};

struct FeedInfo {
  std::optional<std::string> title;
  std::optional<std::string> link;
  std::optional<std::string> subtitle;
  std::optional<std::string> language;
  std::optional<std::string> id;
  std::optional<UnixSeconds> updated;
  std::optional<std::int64_t> ttl_minutes;  // RSS <ttl>: not printed by `parse`; the scheduler uses it
};

struct ParsedFeed {
  std::string format = "unknown";  // rss090 .. rss20, rss10, atom03, atom10, json, unknown
  bool wellformed = true;
  std::vector<std::string> problems;  // one short string per repair
  std::string encoding = "utf-8";     // lowercase IANA name the bytes were decoded from
  FeedInfo feed;
  std::vector<FeedEntry> entries;
};

}  // namespace chipwire
