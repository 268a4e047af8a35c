// Point reads and small scans of the store: articles, events, mentions, feed
// state, review records; writer-only feed state updates; flush and refresh.
#include <rocksdb/iterator.h>

#include "storage/keys.h"
#include "storage/rocks_store.h"

namespace chipwire::store_detail {

Status RocksStore::require_writer() const {
  if (!writer_) return Status::invalid("the store was opened as a reader; this needs the writer");
  return {};
}

Result<std::optional<std::string>> RocksStore::get(Family f, const std::string& key) {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf(f), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return from_rocks(s, "read failed");
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::pair<std::string, std::string>>> RocksStore::scan_prefix(Family f,
                                                                                 const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  rocksdb::ReadOptions ro;
  const std::string end = prefix_end(prefix);
  rocksdb::Slice upper(end);
  if (!end.empty()) ro.iterate_upper_bound = &upper;
  // Mentions carry a prefix Bloom filter on the event id (store_open.cc).
  if (f == kMentions && prefix.size() >= kIdLen) ro.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(f)));
  for (it->Seek(prefix); it->Valid(); it->Next()) out.emplace_back(it->key().ToString(), it->value().ToString());
  if (!it->status().ok()) return from_rocks(it->status(), "scan failed");
  return out;
}

Result<std::optional<EventRecord>> RocksStore::load_event(const std::string& id) {
  auto v = get(kEvents, id);
  if (!v.ok()) return v.status();
  if (!*v) return std::optional<EventRecord>();
  auto r = decode_event(**v);
  if (!r) return Status::corruption("event " + id + " is damaged");
  return std::optional<EventRecord>(std::move(*r));
}

Result<std::optional<StoredArticle>> stored_article_from(const std::string& id, const std::optional<std::string>& value) {
  if (!value) return std::optional<StoredArticle>();
  auto a = decode_article(*value);
  if (!a) return Status::corruption("article " + id + " is damaged");
  return std::optional<StoredArticle>(std::move(*a));
}

Result<std::optional<ReviewItem>> review_item_from(const std::string& article_id,
                                                   const std::optional<std::string>& value) {
  if (!value) return std::optional<ReviewItem>();
  auto r = decode_review_item(*value);
  if (!r) return Status::corruption("review item " + article_id + " is damaged");
  return std::optional<ReviewItem>(std::move(*r));
}

Result<std::optional<StoredArticle>> RocksStore::stored_article(const std::string& id) {
  auto v = get(kArticles, id);
  if (!v.ok()) return v.status();
  return stored_article_from(id, *v);
}

Result<std::vector<RocksStore::ArticleReads>> RocksStore::read_articles(const std::vector<ArticleWrite>& writes) {
  std::vector<ArticleReads> out(writes.size());
  std::vector<rocksdb::Slice> article_keys, item_keys;
  std::vector<std::size_t> at;  // index into writes of each key
  at.reserve(writes.size());
  article_keys.reserve(writes.size());
  item_keys.reserve(writes.size());
  for (std::size_t i = 0; i < writes.size(); ++i)
    if (writes[i].article.id.size() == kIdLen) at.push_back(i);
  // The review item keys side by side in one buffer; the slices into it are
  // taken once it is complete (it may move while it grows).
  std::string review_keys;
  std::vector<std::size_t> key_ends;
  key_ends.reserve(at.size());
  for (std::size_t i : at) {
    append_review_item_key(review_keys, writes[i].article.id);
    key_ends.push_back(review_keys.size());
  }
  for (std::size_t k = 0, begin = 0; k < at.size(); begin = key_ends[k++]) {
    article_keys.emplace_back(writes[at[k]].article.id);
    item_keys.emplace_back(review_keys.data() + begin, key_ends[k] - begin);
  }
  std::vector<rocksdb::PinnableSlice> values(at.size());
  std::vector<rocksdb::Status> statuses(at.size());
  auto read_family = [&](Family f, const std::vector<rocksdb::Slice>& keys,
                         std::optional<std::string> ArticleReads::*field) -> Status {
    if (keys.empty()) return {};
    db_->MultiGet(rocksdb::ReadOptions(), cf(f), keys.size(), keys.data(), values.data(), statuses.data());
    Status failed;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (statuses[k].ok()) out[at[k]].*field = values[k].ToString();
      else if (!statuses[k].IsNotFound() && failed.ok()) failed = from_rocks(statuses[k], "read failed");
      values[k].Reset();  // unpins; the next family reuses the slices
    }
    return failed;
  };
  if (Status s = read_family(kArticles, article_keys, &ArticleReads::article); !s.ok()) return s;
  if (Status s = read_family(kReview, item_keys, &ArticleReads::review_item); !s.ok()) return s;
  return out;
}

Result<std::optional<Article>> RocksStore::article(const std::string& id) {
  auto a = stored_article(id);
  if (!a.ok()) return a.status();
  if (!*a) return std::optional<Article>();
  return std::optional<Article>(std::move((*a)->article));
}

Result<std::vector<StoredArticle>> RocksStore::revisions(const std::string& id) {
  auto rows = scan_prefix(kRevisions, id);
  if (!rows.ok()) return rows.status();
  std::vector<StoredArticle> out;
  for (const auto& [k, v] : *rows) {
    if (k.size() != id.size() + 4) continue;
    auto a = decode_article(v);
    if (!a) return Status::corruption("revision of article " + id + " is damaged");
    out.push_back(std::move(*a));
  }
  return out;
}

Result<std::optional<RawBody>> RocksStore::raw_body(const std::string& content_key) {
  auto v = get(kRaw, content_key);
  if (!v.ok()) return v.status();
  if (!*v) return std::optional<RawBody>();
  auto r = decode_raw(**v);
  if (!r) return Status::corruption("kept body " + content_key + " is damaged");
  return std::optional<RawBody>(std::move(*r));
}

Result<std::optional<Event>> RocksStore::event(const std::string& id) {
  auto r = load_event(id);
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Event>();
  return std::optional<Event>(std::move((*r)->event));
}

Result<std::string> RocksStore::event_key(const std::string& event_id) {
  auto r = load_event(event_id);
  if (!r.ok()) return r.status();
  if (!*r) return Status::not_found("no event " + event_id);
  return (*r)->dedup_key;
}

Result<std::vector<MentionRecord>> RocksStore::mentions(const std::string& event_id) {
  if (event_id.size() != kIdLen) return std::vector<MentionRecord>();
  auto rows = scan_prefix(kMentions, mention_prefix(event_id));
  if (!rows.ok()) return rows.status();
  std::vector<MentionRecord> out;
  for (const auto& [k, v] : *rows) {
    auto m = decode_mention(v);
    if (!m) return Status::corruption("mention of event " + event_id + " is damaged");
    MentionRecord r;
    r.event_id = event_id;
    r.article_id = std::string(mention_article(k));
    r.rule = m->rule;
    r.evidence = m->evidence;
    r.evidence_text = m->evidence_text;
    r.confidence = m->confidence;
    r.modality = m->modality;
    r.source = m->source;
    r.simhash = m->simhash;
    r.article_date = m->article_date;
    r.review = m->review;
    out.push_back(std::move(r));
  }
  // Newest article first, then by position in the article.
  std::stable_sort(out.begin(), out.end(), [](const MentionRecord& a, const MentionRecord& b) {
    return a.article_date > b.article_date;
  });
  return out;
}

Result<std::vector<FeedState>> RocksStore::feed_states() {
  auto rows = scan_prefix(kFeeds, "");
  if (!rows.ok()) return rows.status();
  std::vector<FeedState> out;
  for (const auto& [k, v] : *rows) {
    auto f = decode_feed(v);
    if (!f) return Status::corruption("feed state " + k + " is damaged");
    out.push_back(std::move(*f));
  }
  return out;
}

Result<std::optional<FeedState>> RocksStore::feed_state(const std::string& feed_id) {
  auto v = get(kFeeds, feed_id);
  if (!v.ok()) return v.status();
  if (!*v) return std::optional<FeedState>();
  auto f = decode_feed(**v);
  if (!f) return Status::corruption("feed state " + feed_id + " is damaged");
  return std::optional<FeedState>(std::move(*f));
}

Status RocksStore::put_feed_state(const FeedState& state) {
  if (Status s = require_writer(); !s.ok()) return s;
  if (state.id.empty()) return Status::invalid("feed state without an id");
  rocksdb::WriteBatch batch;
  batch.Put(cf(kFeeds), state.id, encode_feed(state));
  return write_batch(batch);
}

Status RocksStore::remove_feed_state(const std::string& feed_id) {
  if (Status s = require_writer(); !s.ok()) return s;
  rocksdb::WriteBatch batch;
  batch.Delete(cf(kFeeds), feed_id);
  return write_batch(batch);
}

Status RocksStore::flush() {
  if (!writer_) return {};
  if (write_failed_) return Status::io("the store refused an earlier write; nothing after it was stored");
  if (log_writes_) {
    const rocksdb::Status s = db_->FlushWAL(true);
    return s.ok() ? Status() : from_rocks(s, "cannot sync the store");
  }
  // Every family in one flush: with atomic_flush, all of them or none.
  const std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(), handles_.end());
  const rocksdb::Status s = db_->Flush(rocksdb::FlushOptions(), all);
  if (s.ok()) return {};
  write_failed_ = true;
  return from_rocks(s, "write failed: the store could not write its files, so nothing written since its last "
                       "flush was kept");
}

Status RocksStore::refresh() {
  if (writer_) return {};
  const rocksdb::Status s = db_->TryCatchUpWithPrimary();
  return s.ok() ? Status() : from_rocks(s, "cannot catch up with the writer");
}

Result<std::optional<ReviewItem>> RocksStore::review_item(const std::string& article_id) {
  auto v = get(kReview, review_item_key(article_id));
  if (!v.ok()) return v.status();
  return review_item_from(article_id, *v);
}

Result<std::vector<ActionDecision>> RocksStore::decisions(const std::string& article_id) {
  auto rows = scan_prefix(kReview, decision_prefix(article_id));
  if (!rows.ok()) return rows.status();
  std::vector<ActionDecision> out;
  for (const auto& [k, v] : *rows) {
    auto d = decode_decision(v);
    if (!d) return Status::corruption("review decision of " + article_id + " is damaged");
    out.push_back(std::move(*d));
  }
  return out;
}

Result<std::vector<ReviewLogEntry>> RocksStore::review_log(std::size_t limit) {
  auto rows = scan_prefix(kReview, "l");
  if (!rows.ok()) return rows.status();
  std::vector<ReviewLogEntry> out;
  for (const auto& [k, v] : *rows) {
    auto e = decode_log(v);
    if (!e) return Status::corruption("review log line is damaged");
    out.push_back(std::move(*e));
  }
  if (limit != 0 && out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
  return out;
}

}  // namespace chipwire::store_detail
