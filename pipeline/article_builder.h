// Turns a parsed feed entry into the Article the store keeps: identity,
// canonical URL, the text extraction reads, hashes and dates.
//
// Identity: the canonical URL of the entry's link when it has one (so the
// same story from two feeds is one article, and feeds that re-publish items
// under new GUIDs do not double them); else the feed's GUID scoped by feed;
// else the title scoped by feed. Pure function.
#pragma once

#include <optional>
#include <string>

#include "core/article.h"
#include "core/feed_document.h"

namespace chipwire {

struct ArticleSource {
  std::string feed_id;
  std::string feed_url;  // where the document came from (final URL)
  UnixSeconds seen_at = 0;
};

// nullopt when the entry has neither link, id nor title to know it by.
std::optional<Article> build_article(const FeedEntry& entry, const ArticleSource& source);
// The same Article, taking the entry's title, text and GUID instead of copying
// them (the entry is left with those fields moved from).
std::optional<Article> build_article(FeedEntry&& entry, const ArticleSource& source);

// What extraction reads: title, '\n', text (extraction-contract.md).
std::string extraction_input(const Article& article);
// The same, written over `out` (a buffer reused from one article to the next).
void extraction_input(const Article& article, std::string& out);

// Stable id of a configured feed URL.
std::string feed_id_for_url(const std::string& url);

}  // namespace chipwire
