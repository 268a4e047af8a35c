// FeedEntry -> Article (see article_builder.h). Hashes read the parts of their
// input where they lie (hash_hex128_joined): no joined copy of the text per item.
#include "pipeline/article_builder.h"

#include <utility>

#include "core/hash.h"
#include "core/text.h"
#include "feeds/url.h"

namespace chipwire {

namespace {

// Everything but the fields taken from the entry's title, text, guid and link.
std::optional<Article> finish_article(Article&& a, const FeedEntry& entry, const ArticleSource& source) {
  if (a.text == a.title) a.text.clear();
  a.feed_id = source.feed_id;
  a.feeds = {source.feed_id};
  a.published = entry.published ? entry.published : entry.updated;
  a.first_seen = a.last_seen = source.seen_at;
  if (!a.url.empty()) {
    a.id = hash_hex128_joined({"url\n", a.url});
  } else if (a.guid && !a.guid->empty()) {
    a.id = hash_hex128_joined({"guid\n", source.feed_id, "\n", *a.guid});
  } else if (!a.title.empty()) {
    a.id = hash_hex128_joined({"title\n", source.feed_id, "\n", a.title});
  } else {
    return std::nullopt;
  }
  a.content_hash = hash_hex128_joined({a.title, "\n", a.text});
  a.source = url_host(a.url.empty() ? source.feed_url : a.url);
  if (a.source.empty()) a.source = source.feed_id;
  return std::move(a);
}

// The feed's summary is what news feeds carry; content is the fallback.
bool summary_is_text(const FeedEntry& entry) { return entry.summary && !entry.summary->empty(); }

}  // namespace

std::string feed_id_for_url(const std::string& url) { return hash_hex128(url).substr(0, 16); }

std::string extraction_input(const Article& article) {
  std::string out;
  extraction_input(article, out);
  return out;
}

void extraction_input(const Article& article, std::string& out) {
  out.clear();
  out.reserve(article.title.size() + 1 + article.text.size());
  out.append(article.title).push_back('\n');
  out.append(article.text);
}

std::optional<Article> build_article(const FeedEntry& entry, const ArticleSource& source) {
  Article a;
  if (entry.title) a.title = *entry.title;
  if (summary_is_text(entry)) a.text = *entry.summary;
  else if (entry.content) a.text = *entry.content;
  a.guid = entry.id;
  if (entry.link && !entry.link->empty()) a.url = canonical_url(*entry.link);
  return finish_article(std::move(a), entry, source);
}

std::optional<Article> build_article(FeedEntry&& entry, const ArticleSource& source) {
  Article a;
  if (entry.title) a.title = std::move(*entry.title);
  if (summary_is_text(entry)) a.text = std::move(*entry.summary);
  else if (entry.content) a.text = std::move(*entry.content);
  a.guid = std::move(entry.id);
  if (entry.link && !entry.link->empty()) a.url = canonical_url(*entry.link);
  return finish_article(std::move(a), entry, source);
}

}  // namespace chipwire
