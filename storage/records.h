// Stored values of each column family and their binary encodings. Internal to
// storage/; pure functions, any thread. Each encoding starts with a format byte
// so that a later schema can read older records.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.h"

namespace chipwire::store_detail {

// events family: the event as printed plus what recounting needs.
struct EventRecord {
  Event event;
  std::string week;              // anchor ISO week of the dedup key
  std::string dedup_key;         // the text hashed into event.id
  std::vector<std::string> feeds;  // feeds of the counted articles (for the feed index)
};

// mentions family value.
struct MentionValue {
  std::string rule;
  Span evidence;
  std::string evidence_text;
  double confidence = 0;
  std::string modality;
  std::string source;
  std::uint64_t simhash = 0;
  UnixSeconds article_date = 0;
  std::vector<std::string> feeds;
  std::string review = "none";
  std::string identity;  // identity_key() of the extracted action
  std::vector<std::string> companies;  // of the action (the event lists the union of its mentions')
};

std::string encode_article(const StoredArticle& a);
std::optional<StoredArticle> decode_article(std::string_view v);
std::string encode_event(const EventRecord& e);
std::optional<EventRecord> decode_event(std::string_view v);
// The value of a covering index entry: what a listing shows of an event (its
// id is the key's suffix; no dedup key, week or feeds), about half a record.
std::string encode_event_summary(const Event& e);
std::optional<Event> decode_event_summary(std::string_view v);  // id left empty
std::string encode_mention(const MentionValue& m);
std::optional<MentionValue> decode_mention(std::string_view v);
std::string encode_feed(const FeedState& f);
std::optional<FeedState> decode_feed(std::string_view v);
std::string encode_review_item(const ReviewItem& r);
std::optional<ReviewItem> decode_review_item(std::string_view v);
std::string encode_decision(const ActionDecision& d);
std::optional<ActionDecision> decode_decision(std::string_view v);
std::string encode_log(const ReviewLogEntry& e);
std::optional<ReviewLogEntry> decode_log(std::string_view v);
// Compressed with zstd; nullopt when the bytes do not decompress.
std::string encode_raw(const RawBody& r);
std::optional<RawBody> decode_raw(std::string_view v);

}  // namespace chipwire::store_detail
