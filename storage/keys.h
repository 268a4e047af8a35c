// Key layout of every column family: the on-disk format, written as a grammar.
// Internal to storage/; pure functions, any thread. docs/storage.md repeats it.
//
//   id        := 32 lowercase hex digits (hash_hex128)         article, event, body ids
//   time_desc := 8 bytes big-endian ~(t xor 2^63)               newest sorts first
//   be32/be64 := fixed big-endian integers
//   str       := bytes without NUL (ids, slugs, ISO codes)
//
//   feeds     : feed_id                                   -> FeedState
//   articles  : article_id                                -> ArticleRecord (current revision)
//   revisions : article_id be32(revision)                 -> ArticleRecord (earlier revision)
//   raw       : content_key                               -> zstd(RawBody)
//   events    : event_id                                  -> EventRecord
//   mentions  : event_id article_id be32(start) be32(end) rule
//                                                         -> MentionValue
//   index     : 'D' time_desc event_id                    all events by first_seen
//             | 'C' str NUL time_desc event_id            by company
//             | 'H' str NUL time_desc event_id            by chip
//             | 'T' str NUL time_desc event_id            by type
//             | 'A' str NUL time_desc event_id            by actor
//             | 'M' str NUL time_desc event_id            by modality
//             | 'F' str NUL time_desc event_id            by feed (any article's feed)
//             | 'X' company NUL type NUL time_desc event_id   company+type
//             | 'Y' chip NUL type NUL time_desc event_id      chip+type
//             | 'a' time_desc article_id                  articles by date
//             | 'f' feed NUL time_desc article_id         articles by feed
//                                                         -> EventRecord for 'D', 'X', 'Y' (covering: the
//                                                            common queries read no event record), else ""
//   review    : 'i' article_id                            -> ReviewItem
//             | 'd' article_id NUL identity_key           -> ActionDecision
//             | 'l' be64(seq)                             -> ReviewLogEntry (append-only)
//   meta      : "schema_version" -> decimal; "log_seq" -> decimal; "created" -> decimal
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chipwire::store_detail {

inline constexpr std::size_t kIdLen = 32;
inline constexpr std::size_t kTimeLen = 8;

std::string revision_key(std::string_view article_id, std::uint32_t revision);
std::string mention_prefix(std::string_view event_id);
std::string mention_key(std::string_view event_id, std::string_view article_id, std::uint32_t start,
                        std::uint32_t end, std::string_view rule);
// The article id inside a mention key. REQUIRES: key from mention_key().
std::string_view mention_article(std::string_view key);

// Index keys. `prefix` is everything before time_desc; the suffix is time_desc + id.
std::string index_prefix(char tag, std::string_view a = {}, std::string_view b = {});
std::string index_key(std::string_view prefix, std::int64_t time, std::string_view id);

// Index families whose values are the event record (kept equal to `events` in every batch).
inline bool covering_index(char tag) { return tag == 'D' || tag == 'X' || tag == 'Y'; }

std::string review_item_key(std::string_view article_id);
std::string decision_prefix(std::string_view article_id);
std::string decision_key(std::string_view article_id, std::string_view identity_key);
std::string log_key(std::uint64_t seq);

// Smallest key greater than every key starting with `prefix` ("" when none exists).
std::string prefix_end(std::string_view prefix);

}  // namespace chipwire::store_detail
