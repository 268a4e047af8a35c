#include "pipeline/article_builder.h"

#include "core/hash.h"
#include "core/simhash.h"
#include "core/text.h"
#include "feeds/url.h"

namespace chipwire {

std::string feed_id_for_url(const std::string& url) { return hash_hex128(url).substr(0, 16); }

std::string extraction_input(const Article& article) { return article.title + "\n" + article.text; }

std::optional<Article> build_article(const FeedEntry& entry, const ArticleSource& source) {
  Article a;
  a.feed_id = source.feed_id;
  a.feeds = {source.feed_id};
  a.title = entry.title.value_or("");
  // The feed's summary is what news feeds carry; content is the fallback.
  a.text = entry.summary && !entry.summary->empty() ? *entry.summary : entry.content.value_or("");
  if (a.text == a.title) a.text.clear();
  a.guid = entry.id;
  if (entry.link && !entry.link->empty()) a.url = canonical_url(*entry.link);
  a.published = entry.published ? entry.published : entry.updated;
  a.first_seen = a.last_seen = source.seen_at;

  std::string identity;
  if (!a.url.empty()) {
    identity = "url\n" + a.url;
  } else if (a.guid && !a.guid->empty()) {
    identity = "guid\n" + source.feed_id + "\n" + *a.guid;
  } else if (!a.title.empty()) {
    identity = "title\n" + source.feed_id + "\n" + a.title;
  } else {
    return std::nullopt;
  }
  a.id = hash_hex128(identity);
  a.content_hash = hash_hex128(a.title + "\n" + a.text);
  a.simhash = simhash64(a.title, a.text);
  a.source = url_host(a.url.empty() ? source.feed_url : a.url);
  if (a.source.empty()) a.source = source.feed_id;
  return a;
}

}  // namespace chipwire
