// Backup (RocksDB checkpoint), prune (old articles and kept bodies; events and
// their counts stay, since they live in the mentions), and stats.
#include <rocksdb/utilities/checkpoint.h>

#include <filesystem>
#include <map>
#include <set>

#include "storage/event_key.h"
#include "storage/keys.h"
#include "storage/rocks_store.h"

namespace chipwire::store_detail {

Status RocksStore::backup(const std::string& directory) {
  std::error_code ec;
  if (std::filesystem::exists(directory, ec)) return Status::invalid("backup target " + directory + " exists already");
  if (!writer_) {
    // A secondary cannot make a checkpoint; a reader copies nothing half-written
    // only through the writer, so say so.
    return Status::unsupported("backup needs the store opened as the writer");
  }
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  if (!s.ok()) return from_rocks(s, "cannot start a backup");
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  s = cp->CreateCheckpoint(directory);
  if (!s.ok()) return from_rocks(s, "backup to " + directory + " failed");
  return {};
}

Result<PruneOutcome> RocksStore::prune(UnixSeconds before) {
  if (Status s = require_writer(); !s.ok()) return s;
  PruneOutcome out;
  std::set<std::string> kept_bodies;
  rocksdb::WriteBatch batch;
  auto flush_batch = [&]() -> Status {
    if (batch.Count() < 1000) return {};
    Status s = write_batch(batch);
    batch.Clear();
    return s;
  };
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kArticles)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      auto a = decode_article(it->value().ToStringView());
      if (!a) return Status::corruption("article " + it->key().ToString() + " is damaged");
      // Seen before `before` for sure: a stored last_seen lags by up to kLastSeenLag.
      if (a->article.last_seen + kLastSeenLag > before) {
        if (!a->raw_key.empty()) kept_bodies.insert(a->raw_key);
        continue;
      }
      // The article goes; its mentions (and so the events' counts) stay.
      batch.Delete(cf(kArticles), a->article.id);
      for_article_index_keys(a->article, [&](std::string_view k) { batch.Delete(cf(kIndex), k); });
      auto revs = scan_prefix(kRevisions, a->article.id);
      if (!revs.ok()) return revs.status();
      for (const auto& [k, v] : *revs) {
        batch.Delete(cf(kRevisions), k);
        ++out.revisions_removed;
      }
      ++out.articles_removed;
      if (Status s = flush_batch(); !s.ok()) return s;
    }
    if (!it->status().ok()) return from_rocks(it->status(), "prune scan failed");
  }
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kRaw)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      if (kept_bodies.count(key)) continue;
      auto r = decode_raw(it->value().ToStringView());
      if (r && r->last_used >= before) continue;
      batch.Delete(cf(kRaw), key);
      ++out.raw_removed;
      if (Status s = flush_batch(); !s.ok()) return s;
    }
    if (!it->status().ok()) return from_rocks(it->status(), "prune scan failed");
  }
  if (batch.Count() > 0)
    if (Status s = write_batch(batch); !s.ok()) return s;
  return out;
}

Result<StoreStats> RocksStore::stats() {
  StoreStats out;
  std::map<std::string, std::uint64_t> by_type, by_company, by_chip, by_week;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kEvents)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      auto r = decode_event(it->value().ToStringView());
      if (!r) return Status::corruption("event " + it->key().ToString() + " is damaged");
      const Event& e = r->event;
      if (e.review == "rejected") {
        ++out.rejected_events;
        continue;
      }
      ++out.events;
      ++by_type[e.type];
      for (const auto& c : e.companies) ++by_company[c];
      for (const auto& c : e.chips) ++by_chip[c];
      ++by_week[iso_week(e.first_seen)];
    }
    if (!it->status().ok()) return from_rocks(it->status(), "stats scan failed");
  }
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf(kArticles)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++out.articles;
    if (!it->status().ok()) return from_rocks(it->status(), "stats scan failed");
  }
  auto open = review_items(ReviewQuery{std::string("open"), {}, {}, {}, 0});
  if (!open.ok()) return open.status();
  out.review_open = open->size();
  out.by_type.assign(by_type.begin(), by_type.end());
  out.by_company.assign(by_company.begin(), by_company.end());
  out.by_chip.assign(by_chip.begin(), by_chip.end());
  out.by_week.assign(by_week.begin(), by_week.end());
  return out;
}

}  // namespace chipwire::store_detail
