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
//   index     : 'e' bucket tag_part time_desc id          by the period (kBucketMonths) of the event's first_seen or the
//                                                         article's date
//   bucket    := be16(0xFFFF - (floor(months since 1970-01 / kBucketMonths) + 0x8000)), clamped:
//                the newest period sorts first
//   tag_part  := 'D'                                      all events
//             | 'C' str NUL                               events by company
//             | 'H' str NUL                               by chip
//             | 'T' str NUL                               by type
//             | 'A' str NUL                               by actor
//             | 'M' str NUL                               by modality
//             | 'F' str NUL                               by feed (any article's feed)
//             | 'X' company NUL type NUL                  company+type
//             | 'Y' chip NUL type NUL                     chip+type
//             | 'a'                                       articles by date
//             | 'f' feed NUL                              articles by feed
//                                                         -> event summary for 'D', 'X', 'Y' (covering:
//                                                            the common queries read no event record), else ""
//   (schema 2 had no bucket: tag_part came first. Its keys, starting with an upper-case letter, 'a' or 'f',
//    are removed by the upgrade.)
//   review    : 'i' article_id                            -> ReviewItem
//             | 'd' article_id NUL identity_key           -> ActionDecision
//             | 'l' be64(seq)                             -> ReviewLogEntry (append-only)
//   meta      : "schema_version" -> decimal; "log_seq" -> decimal; "created" -> decimal
#pragma once

#include <cstdint>
#include <initializer_list>
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

// Index keys: bucket_prefix + tag_part (index_prefix) + time_desc + id.
std::string index_prefix(char tag, std::string_view a = {}, std::string_view b = {});

// The index is cut into periods of kBucketMonths calendar months: an ingest's
// new entries (events first seen lately, articles of the day) fall into one
// narrow key range instead of the head of every company's, chip's, type's and
// feed's stream, so compacting them rewrites that range only. Queries walk the
// periods from the newest down.
inline constexpr char kBucketTag = 'e';
inline constexpr std::size_t kBucketKeyLen = 3;  // 'e' + be16
inline constexpr std::int64_t kBucketMonths = 3;
std::uint16_t month_bucket(std::int64_t time);   // larger = older
std::string bucket_prefix(std::uint16_t bucket);
// The bucket of an event index key. REQUIRES: key starts with 'e' and has >= 3 bytes.
std::uint16_t key_bucket(std::string_view key);
std::string index_key(std::string_view tag_part, std::int64_t time, std::string_view id);
// The same key written over `k`, its tag part given in pieces (as index_prefix
// joins them): for building many keys in one buffer.
void put_index_key(std::string& k, std::initializer_list<std::string_view> tag_parts, std::int64_t time,
                   std::string_view id);
// Schema 2's index keys (no bucket) start with one of these.
inline constexpr std::string_view kOldIndexTags = "ACDFHMTXYaf";

// Index families whose values are the event's summary (records.h), rewritten
// with the `events` record in every batch.
inline bool covering_index(char tag) { return tag == 'D' || tag == 'X' || tag == 'Y'; }
inline bool covering_index_key(std::string_view key) {
  return key.size() > kBucketKeyLen && key[0] == kBucketTag && covering_index(key[kBucketKeyLen]);
}

std::string review_item_key(std::string_view article_id);
// The same key appended to `out` (1 + article_id.size() bytes).
void append_review_item_key(std::string& out, std::string_view article_id);
std::string decision_prefix(std::string_view article_id);
std::string decision_key(std::string_view article_id, std::string_view identity_key);
std::string log_key(std::uint64_t seq);

// Smallest key greater than every key starting with `prefix` ("" when none exists).
std::string prefix_end(std::string_view prefix);

}  // namespace chipwire::store_detail
