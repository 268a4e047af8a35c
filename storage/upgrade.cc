// Upgrading a store of an older schema in place, when a writer opens it
// (store_open.cc). Nothing is fetched or extracted again, and every step is
// idempotent, so a run killed half-way is finished by the next writer.
// - Schema 1 keyed chip-bearing events by their companies too; schema 2 keys
//   them by their chips and lists the union of their mentions' companies: every
//   article's events are re-derived from its stored actions and decisions.
// - Schema 2's index had no buckets: its keys are dropped and every
//   event and article is indexed again.
// - Schema 3 made events of actions that name no government, company, chip or
//   target country; schema 4 holds them for review (derive.cc): every
//   article's events are re-derived, which drops those nobody accepted.
#include <rocksdb/iterator.h>

#include "storage/keys.h"
#include "storage/rocks_store.h"

namespace chipwire::store_detail {

Result<std::uint64_t> RocksStore::rederive_all_articles() {
  if (Status s = require_writer(); !s.ok()) return s;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kArticles)));
  std::uint64_t done = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string id = it->key().ToString();
    // Read through the store: the iterator sees it as it was when the upgrade began.
    auto cur_r = stored_article(id);
    if (!cur_r.ok()) return cur_r.status();
    if (!*cur_r) continue;
    StoredArticle cur = std::move(**cur_r);
    auto decisions = decision_map(id);
    if (!decisions.ok()) return decisions.status();
    auto item = review_item(id);
    if (!item.ok()) return item.status();
    const bool item_open = *item && (*item)->state == "open";
    rocksdb::WriteBatch batch;
    std::vector<std::string> ids;
    int ignored_events = 0, ignored_mentions = 0;
    if (Status s = rederive(cur, cur.event_ids, *decisions, item_open, batch, ids, ignored_events, ignored_mentions);
        !s.ok())
      return s;
    cur.event_ids = std::move(ids);
    batch.Put(cf(kArticles), id, encode_article(cur));
    // Buffered: the caller flushes (the WAL, or without the log the memtables)
    // before its synced schema write.
    if (Status s = write_batch(batch, WalFlush::buffered); !s.ok()) return s;
    ++done;
  }
  if (!it->status().ok()) return from_rocks(it->status(), "article scan failed during the upgrade");
  return done;
}

Result<std::uint64_t> RocksStore::reindex_each(Family f, const std::string& what, const IndexRecord& index) {
  if (Status s = require_writer(); !s.ok()) return s;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(f)));
  std::uint64_t done = 0;
  rocksdb::WriteBatch batch;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!index(std::string_view(it->value().data(), it->value().size()), batch))
      return Status::corruption(what + " " + it->key().ToString() + " is damaged");
    if (++done % 1000 == 0) {
      if (Status s = write_batch(batch, WalFlush::buffered); !s.ok()) return s;
      batch.Clear();
    }
  }
  if (!it->status().ok()) return from_rocks(it->status(), what + " scan failed during the upgrade");
  if (Status s = write_batch(batch, WalFlush::buffered); !s.ok()) return s;
  return done;
}

Result<std::uint64_t> RocksStore::reindex_all_events() {
  return reindex_each(kEvents, "event", [&](std::string_view value, rocksdb::WriteBatch& batch) {
    auto r = decode_event(value);
    if (!r) return false;
    const std::string summary = encode_event_summary(r->event);
    for (const auto& k : event_index_keys(*r))
      batch.Put(cf(kIndex), k, covering_index_key(k) ? summary : std::string());
    return true;
  });
}

Result<std::uint64_t> RocksStore::reindex_all_articles() {
  return reindex_each(kArticles, "article", [&](std::string_view value, rocksdb::WriteBatch& batch) {
    auto a = decode_article(value);
    if (!a) return false;
    for_article_index_keys(a->article, [&](std::string_view k) { batch.Put(cf(kIndex), k, std::string()); });
    return true;
  });
}

Status RocksStore::upgrade_from(int version) {
  rocksdb::WriteBatch drop;
  for (const char tag : kOldIndexTags) drop.DeleteRange(cf(kIndex), std::string(1, tag), std::string(1, char(tag + 1)));
  if (Status s = write_batch(drop, WalFlush::buffered); !s.ok()) return s;
  if (version < 4) {  // schema 1's event keys, schema 3's unreviewed bare actions
    auto done = rederive_all_articles();
    if (!done.ok()) return done.status();
  }
  auto indexed = reindex_all_events();
  if (!indexed.ok()) return indexed.status();
  auto articles = reindex_all_articles();
  return articles.ok() ? Status{} : articles.status();
}

}  // namespace chipwire::store_detail
