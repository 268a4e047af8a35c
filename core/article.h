// Article: one news item as the store keeps it, and the Event it may state.
//
// Built by pipeline/ from a FeedEntry, written and read by storage/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace chipwire {

struct Article {
  std::string id;                  // hex hash of the identity key (feed GUID or canonical URL)
  std::string feed_id;             // feed that carried it (stored: the feed whose text is current)
  std::vector<std::string> feeds;  // every feed that carried it
  std::string url;                 // canonical URL ("" when the entry had no link)
  std::optional<std::string> guid;
  std::string title;
  std::string text;  // plain text of summary/content
  std::optional<UnixSeconds> published;
  UnixSeconds first_seen = 0;
  UnixSeconds last_seen = 0;
  std::string content_hash;   // hex hash of title + text: detects edits
  std::uint64_t simhash = 0;  // near-duplicate fingerprint of title + text; 0: the store computes it if a mention needs it
  std::string source;         // outlet (host of the URL or feed), for independent-source counts
  int revision = 1;
};

struct Event {
  std::string id;  // hex hash of the dedup key
  std::string type;
  std::optional<std::string> actor;
  std::string modality;
  std::vector<std::string> companies;
  std::vector<std::string> chips;
  std::optional<std::string> target_country;
  UnixSeconds first_seen = 0;
  UnixSeconds last_seen = 0;
  std::uint32_t articles = 0;
  std::uint32_t sources = 0;
  std::uint32_t mentions = 0;
  std::string review = "none";  // none | open | accepted | rejected
};

}  // namespace chipwire
