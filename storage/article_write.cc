// write_article: one article and everything it yields in one WriteBatch.
// Unchanged content touches only last_seen (a day at a time) and the feeds list; changed content
// keeps the previous revision, re-derives events and may flag for review.
#include <algorithm>
#include <chrono>
#include <numeric>
#include <string_view>

#include "core/hash.h"
#include "storage/event_key.h"
#include "storage/keys.h"
#include "storage/rocks_store.h"

namespace chipwire::store_detail {
namespace {

bool is_hex_id(const std::string& id) {
  return id.size() == kIdLen &&
         std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Adds `more` to `feeds` keeping first-seen order. True when something was added.
bool merge_feeds(std::vector<std::string>& feeds, const std::vector<std::string>& more) {
  bool added = false;
  for (const auto& f : more)
    if (!f.empty() && std::find(feeds.begin(), feeds.end(), f) == feeds.end()) {
      feeds.push_back(f);
      added = true;
    }
  return added;
}

// `first` (unless empty), then `more` in order, without empty or repeated ids.
// Reuses `more`'s strings.
std::vector<std::string> feed_list(const std::string& first, std::vector<std::string>&& more) {
  std::vector<std::string> v = std::move(more);
  if (!first.empty()) {
    auto it = std::find(v.begin(), v.end(), first);
    if (it == v.end()) v.insert(v.begin(), first);
    else std::rotate(v.begin(), it, it + 1);  // the others keep their order
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].empty() || std::find(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(kept), v[i]) !=
                            v.begin() + static_cast<std::ptrdiff_t>(kept))
      continue;
    if (kept != i) v[kept] = std::move(v[i]);
    ++kept;
  }
  v.resize(kept);
  return v;
}

std::vector<std::string> action_signature(const Extraction& x) {
  std::vector<std::string> sig;
  for (const auto& a : x.actions)
    sig.push_back(identity_key(action_identity(a)) + "|" + a.modality + "|" + a.target_country.value_or("-"));
  std::sort(sig.begin(), sig.end());
  return sig;
}

}  // namespace

Status RocksStore::write_batch(rocksdb::WriteBatch& batch, WalFlush when) {
  const auto start = std::chrono::steady_clock::now();
  rocksdb::WriteOptions options;
  options.disableWAL = !log_writes_;
  rocksdb::Status s = db_->Write(options, &batch);
  if (s.ok() && log_writes_ && when == WalFlush::now) s = db_->FlushWAL(false);
  commit_nanos_ += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  if (s.ok()) return {};
  write_failed_ = true;
  return from_rocks(s, "write failed; nothing of it was stored");
}

Result<std::map<std::string, ActionDecision>> RocksStore::decision_map(const std::string& article_id) {
  auto list = decisions(article_id);
  if (!list.ok()) return list.status();
  std::map<std::string, ActionDecision> out;
  for (auto& d : *list) out.emplace(identity_key(d.action), std::move(d));
  return out;
}

Result<ArticleWriteOutcome> RocksStore::write_article(ArticleWrite w) {
  if (Status s = require_writer(); !s.ok()) return s;
  rocksdb::WriteBatch batch;
  bool touched_events = false;
  auto out = stage_article(w, batch, touched_events);
  if (!out.ok() || batch.Count() == 0) return out;
  if (Status s = write_batch(batch, WalFlush::buffered); !s.ok()) return s;
  return out;
}

Result<std::vector<ArticleWriteOutcome>> RocksStore::write_feed_poll(std::vector<ArticleWrite> writes,
                                                                    const FeedState& state) {
  if (Status s = require_writer(); !s.ok()) return s;
  if (state.id.empty()) return Status::invalid("feed state without an id");
  // Articles share one batch as long as no read of a later one can depend on
  // it: staging reads the article's own records (so an id seen twice goes to
  // a new batch) and, when it has or had actions, events and mentions, which
  // only such articles write (so a batch that touched events is written at
  // once). Most articles are new and touch no event: one write per feed.
  constexpr std::size_t kMaxPendingBytes = 8 << 20;
  std::vector<ArticleWriteOutcome> outcomes;
  outcomes.reserve(writes.size());
  // Every article's own records, read up front: valid for the first sight of
  // an id in this poll (nothing else writes them meanwhile).
  auto known = read_articles(writes);
  if (!known.ok()) return known.status();
  // An id seen again (rare: the pipeline drops repeats) reads what the
  // pending batch holds for it, so that batch is written first. Found before
  // staging, which moves each article out of its write.
  std::vector<bool> again(writes.size());
  {
    // Positions sorted by id, equal ids in their order: each after the first is a repeat.
    std::vector<std::uint32_t> by_id(writes.size());
    std::iota(by_id.begin(), by_id.end(), 0u);
    std::stable_sort(by_id.begin(), by_id.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return writes[x].article.id < writes[y].article.id; });
    for (std::size_t k = 1; k < by_id.size(); ++k)
      again[by_id[k]] = writes[by_id[k]].article.id == writes[by_id[k - 1]].article.id;
  }
  rocksdb::WriteBatch pending;
  auto commit = [&]() -> Status {
    if (pending.Count() == 0) return {};
    Status s = write_batch(pending, WalFlush::buffered);
    pending.Clear();
    return s;
  };
  // The poll's document (the pipeline gives it to the first write) is kept with
  // the first article from its carrier on that is new or changed: a poll whose
  // first item is old but whose third is new keeps it with the third.
  const ArticleWrite* document = nullptr;
  bool document_kept = false;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    ArticleWrite& w = writes[i];
    if (document == nullptr && !document_kept && (!w.raw_record.empty() || !w.raw_body.empty())) document = &w;
    if (again[i])
      if (Status s = commit(); !s.ok()) return s;
    bool touched_events = false;
    auto out = stage_article(w, pending, touched_events, again[i] ? nullptr : &(*known)[i], document);
    if (!out.ok()) return out.status();
    if (out->kept_body) {
      document = nullptr;
      document_kept = true;
    }
    outcomes.push_back(*out);
    if (touched_events || pending.GetDataSize() > kMaxPendingBytes)
      if (Status s = commit(); !s.ok()) return s;
  }
  FeedState stored = state;
  if (document_kept) stored.document_kept = state.last_polled;
  pending.Put(cf(kFeeds), state.id, encode_feed(stored));
  if (Status s = write_batch(pending, WalFlush::now); !s.ok()) return s;
  return outcomes;
}

Result<ArticleWriteOutcome> RocksStore::stage_article(ArticleWrite& w, rocksdb::WriteBatch& batch,
                                                      bool& touched_events, const ArticleReads* known,
                                                      const ArticleWrite* document) {
  if (!is_hex_id(w.article.id)) return Status::invalid("article id must be 32 lowercase hex digits: " + w.article.id);
  auto read_item = [&](const std::string& id) {
    return known ? review_item_from(id, known->review_item) : review_item(id);
  };
  auto old_r = known ? stored_article_from(w.article.id, known->article) : stored_article(w.article.id);
  if (!old_r.ok()) return old_r.status();
  const std::optional<StoredArticle>& old = *old_r;

  Article a = std::move(w.article);
  if (a.content_hash.empty()) a.content_hash = hash_hex128(a.title + "\n" + a.text);
  if (a.last_seen == 0) a.last_seen = a.first_seen;
  // The article's feed first, then its other feeds, each once. `a.feeds` is
  // replaced in every branch below, so its strings are reused (the pipeline
  // sends {feed_id}: no copy at all).
  std::vector<std::string> feeds = feed_list(a.feed_id, std::move(a.feeds));

  ArticleWriteOutcome out;

  bool seen_content = old && old->article.content_hash == a.content_hash;
  if (old && !seen_content && !w.reextract && !a.feed_id.empty() && a.feed_id != old->article.feed_id) {
    // Two feeds carrying one story with different text (a syndicated copy with
    // its own summary) would otherwise swap the current revision at every
    // poll, one new revision each time: text another feed already gave is not
    // an edit. The same feed going back to earlier text is one, and counts.
    auto earlier = revisions(a.id);
    if (!earlier.ok()) return earlier.status();
    for (const auto& r : *earlier) seen_content |= r.article.content_hash == a.content_hash;
  }
  if (old && seen_content && !w.reextract) {
    // Same content: only last_seen (by a day or more) and the feeds list may move.
    StoredArticle cur = *old;
    const bool feeds_added = merge_feeds(cur.article.feeds, feeds);
    const bool later = a.last_seen >= cur.article.last_seen + kLastSeenStep ||
                       (feeds_added && a.last_seen > cur.article.last_seen);
    out.unchanged = true;
    if (!feeds_added && !later) return out;
    if (later) cur.article.last_seen = a.last_seen;
    if (feeds_added) {
      // The feed indexes of the article and its events follow; counts do not move.
      for_article_index_keys(cur.article, [&](std::string_view k) { batch.Put(cf(kIndex), k, ""); });
      auto decisions = decision_map(a.id);
      if (!decisions.ok()) return decisions.status();
      auto item = read_item(a.id);
      if (!item.ok()) return item.status();
      const bool item_open = *item && (*item)->state == "open";
      int ignored_events = 0, ignored_mentions = 0;
      std::vector<std::string> ids;
      if (Status s = rederive(cur, cur.event_ids, *decisions, item_open, batch, ids, ignored_events,
                              ignored_mentions);
          !s.ok())
        return s;
      touched_events = !cur.event_ids.empty() || !ids.empty();
      cur.event_ids = ids;
    }
    batch.Put(cf(kArticles), a.id, encode_article(cur));
    return out;
  }

  StoredArticle cur;
  cur.article = std::move(a);  // `a` is not read again: cur.article holds it
  cur.extraction = std::move(w.extraction);  // read below as cur.extraction
  cur.rule_pack_version = std::move(w.rule_pack_version);  // not read again
  std::vector<Flag> flags = cur.extraction.flags;
  if (old) {
    out.changed = !w.reextract;
    cur.article.revision = w.reextract ? old->article.revision : old->article.revision + 1;
    cur.article.first_seen = std::min(old->article.first_seen, cur.article.first_seen);
    cur.article.last_seen = std::max(old->article.last_seen, cur.article.last_seen);
    cur.article.feeds = old->article.feeds;
    merge_feeds(cur.article.feeds, feeds);
    if (cur.article.feed_id.empty()) cur.article.feed_id = old->article.feed_id;
    if (!w.reextract)
      batch.Put(cf(kRevisions), revision_key(cur.article.id, static_cast<std::uint32_t>(old->article.revision)),
                encode_article(*old));
    for_article_index_keys(old->article, [&](std::string_view k) { batch.Delete(cf(kIndex), k); });
    cur.raw_key = old->raw_key;
    if (!w.reextract && action_signature(old->extraction) != action_signature(cur.extraction))
      flags.push_back({"revision_changed_actions", "",
                       "revision " + std::to_string(cur.article.revision) + " changed the extracted actions"});
  } else {
    out.new_article = true;
    cur.article.revision = 1;
    cur.article.feeds = std::move(feeds);  // not read again
  }
  const bool own_body = !w.raw_record.empty() || !w.raw_body.empty();
  const ArticleWrite& body = own_body || document == nullptr ? w : *document;
  if (!body.raw_record.empty()) {
    cur.raw_key = body.raw_key;
    batch.Put(cf(kRaw), cur.raw_key, body.raw_record);
    out.kept_body = true;
  } else if (!body.raw_body.empty()) {
    cur.raw_key = hash_hex128(body.raw_body);
    batch.Put(cf(kRaw), cur.raw_key, encode_raw({body.raw_content_type, body.raw_body, cur.article.last_seen}));
    out.kept_body = true;
  }

  // Decisions are keyed by action: an article without actions needs none (most
  // articles; this saves the writer a prefix scan each).
  Result<std::map<std::string, ActionDecision>> decisions = std::map<std::string, ActionDecision>{};
  if (!cur.extraction.actions.empty()) decisions = decision_map(cur.article.id);
  if (!decisions.ok()) return decisions.status();
  auto old_item = read_item(cur.article.id);
  if (!old_item.ok()) return old_item.status();
  bool item_open = false;
  const UnixSeconds when = cur.article.last_seen != 0 ? cur.article.last_seen : now_unix();
  if (!flags.empty()) {
    ReviewItem item = *old_item ? **old_item : ReviewItem{};
    if (!*old_item) item.created = when;
    item.article_id = cur.article.id;
    item.reasons = flags;
    item.feeds = cur.article.feeds;
    item.article_date = article_date(cur.article);
    item.updated = when;
    bool undecided = false;
    for (const auto& act : cur.extraction.actions) undecided |= !decisions->count(identity_key(action_identity(act)));
    if (!*old_item || undecided) item.state = "open";
    item_open = item.state == "open";
    batch.Put(cf(kReview), review_item_key(cur.article.id), encode_review_item(item));
    out.flags = static_cast<int>(flags.size());
  } else if (*old_item) {
    if ((*old_item)->state == "open") {
      batch.Delete(cf(kReview), review_item_key(cur.article.id));  // its flags were cleared by the edit
    } else {
      ReviewItem item = **old_item;
      item.reasons.clear();
      item.updated = when;
      batch.Put(cf(kReview), review_item_key(cur.article.id), encode_review_item(item));
    }
  }

  std::vector<std::string> old_events = old ? old->event_ids : std::vector<std::string>{};
  if (Status s = rederive(cur, old_events, *decisions, item_open, batch, cur.event_ids, out.new_events,
                          out.new_mentions);
      !s.ok())
    return s;
  touched_events = !old_events.empty() || !cur.event_ids.empty();
  for_article_index_keys(cur.article, [&](std::string_view k) { batch.Put(cf(kIndex), k, ""); });
  batch.Put(cf(kArticles), cur.article.id, encode_article(cur));
  return out;
}

}  // namespace chipwire::store_detail

namespace chipwire {

void prepare_raw_body(ArticleWrite& w, std::string body_hash) {
  if (w.raw_body.empty()) return;
  w.raw_key = body_hash.empty() ? hash_hex128(w.raw_body) : std::move(body_hash);
  const UnixSeconds seen = std::max(w.article.last_seen, w.article.first_seen);
  w.raw_record = store_detail::encode_raw({w.raw_content_type, w.raw_body, seen});
  w.raw_body.clear();
}

}  // namespace chipwire
