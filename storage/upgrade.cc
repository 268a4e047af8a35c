// Upgrading a store of an older schema in place, when a writer opens it
// (store_open.cc). Schema 1 keyed chip-bearing events by their companies too;
// schema 2 keys them by their chips and lists the union of their mentions'
// companies (docs/storage.md). The upgrade re-derives every article's events
// from its stored actions and decisions: nothing is fetched or extracted again.
// It is idempotent, so a run killed half-way is finished by the next writer.
#include <rocksdb/iterator.h>

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
    // Buffered: the caller's synced schema write flushes the WAL after the last one.
    if (Status s = write_batch(batch, WalFlush::buffered); !s.ok()) return s;
    ++done;
  }
  if (!it->status().ok()) return from_rocks(it->status(), "article scan failed during the upgrade");
  return done;
}

}  // namespace chipwire::store_detail
