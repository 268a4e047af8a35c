// The review page's JSON: queue items, one article with its matched spans cut
// into text segments (so the page never handles byte offsets), and decisions
// read from a request body. Strings are raw feed text (repaired to valid
// UTF-8): the page escapes them by using textContent. Used by review_server.cc.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/store.h"

namespace chipwire::cli {

// One row of the queue: id, state, title, source, date, distinct reasons, flags.
// `article` may be null (an item whose article was pruned).
nlohmann::json review_item_json(const ReviewItem& item, const Article* article);

// A piece of title or text; marked pieces carry kind "company" or "chip".
struct TextSegment {
  std::string text;
  const EntityMention* mention = nullptr;  // null for plain text
  std::string kind;                        // "company" | "chip" | ""
};

// Cuts `stored.article.title` and `.text` at the extraction's company and chip
// spans (byte offsets into title + '\n' + text). Overlapping spans keep the one
// that starts first (the longer on a tie); spans are clamped to the text and
// to UTF-8 character boundaries.
struct SegmentedArticle {
  std::vector<TextSegment> title;
  std::vector<TextSegment> text;
};
SegmentedArticle segment_article(const StoredArticle& stored);

// The article view: the item, the article with segments, actions (each with
// its identity key and the decision on it), flags and decisions. `item` may be
// null for an article that is not in the queue (state "none").
nlohmann::json review_detail_json(const ReviewItem* item, const StoredArticle& stored,
                                  const std::vector<ActionDecision>& decisions);

// A decision from a POST body: {"verdict": "accept"|"reject"|"correct",
// "action": identity key (absent = the whole article), "note": "...",
// "type"/"actor"/"modality" for correct}. Fills article_id, verdict, action,
// correction and note; the caller sets `by`. invalid_argument with a message a
// person can read; not_found when the action is not one of the article's.
Result<ReviewDecision> decision_from_json(const std::string& body, const StoredArticle& stored);

// Serialises without throwing: invalid UTF-8 becomes U+FFFD.
std::string dump_json(const nlohmann::json& value);

}  // namespace chipwire::cli
