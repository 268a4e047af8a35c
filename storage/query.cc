// Event and article queries over the secondary indexes. Every index stream of a
// filter is sorted by (first_seen desc, event id); a query intersects the
// streams of all its filters by leapfrogging seeks, so it reads index entries
// near what it returns, and stops at the limit.
#include <rocksdb/iterator.h>

#include <algorithm>

#include "storage/codec.h"
#include "storage/event_key.h"
#include "storage/keys.h"
#include "storage/rocks_store.h"

namespace chipwire::store_detail {
namespace {

// One index stream: keys prefix + time_desc + id.
struct Stream {
  std::string prefix;
  std::string upper;
  rocksdb::Slice upper_slice;
  std::unique_ptr<rocksdb::Iterator> it;
};

// Filters with an index stream; a company+type or chip+type pair uses the
// combined index instead of two streams.
std::vector<std::string> stream_prefixes(const EventQuery& q) {
  std::vector<std::string> p;
  if (q.company && q.type) {
    p.push_back(index_prefix('X', *q.company, *q.type));
    if (q.chip) p.push_back(index_prefix('H', *q.chip));
  } else if (q.chip && q.type) {
    p.push_back(index_prefix('Y', *q.chip, *q.type));
    if (q.company) p.push_back(index_prefix('C', *q.company));
  } else {
    if (q.company) p.push_back(index_prefix('C', *q.company));
    if (q.chip) p.push_back(index_prefix('H', *q.chip));
    if (q.type) p.push_back(index_prefix('T', *q.type));
  }
  if (q.actor) p.push_back(index_prefix('A', *q.actor));
  if (q.feed) p.push_back(index_prefix('F', *q.feed));
  if (q.modality) p.push_back(index_prefix('M', *q.modality));
  if (p.empty()) p.push_back(index_prefix('D'));
  return p;
}

// Positions `s` at its first key >= `key`. Targets only grow, so an iterator
// already there stays, and one a few entries short steps with Next() (cheap)
// before falling back to Seek() (a descent through every level).
void advance(Stream& s, const std::string& key) {
  if (s.it->Valid()) {
    for (int steps = 0; steps < 8; ++steps) {
      if (s.it->key().compare(rocksdb::Slice(key)) >= 0) return;
      s.it->Next();
      if (!s.it->Valid()) return;
    }
  }
  s.it->Seek(key);
}

}  // namespace

// Event ids matching every indexed filter and the date range, newest first.
// `want` > 0 stops after that many. `values` (when the first stream is a
// covering index) receives each candidate's event record.
Result<std::vector<std::string>> RocksStore::candidate_events(const EventQuery& q, std::size_t want,
                                                              std::vector<std::string>* values) {
  std::vector<Stream> streams;
  for (auto& p : stream_prefixes(q)) {
    Stream s;
    s.prefix = std::move(p);
    // first_seen >= since  <=>  time_desc <= desc(since): stop past it.
    s.upper = s.prefix;
    if (q.since) {
      put_time_desc(s.upper, *q.since - 1);
    } else {
      s.upper = prefix_end(s.prefix);
    }
    streams.push_back(std::move(s));
  }
  rocksdb::ReadOptions ro;
  for (auto& s : streams) {
    s.upper_slice = rocksdb::Slice(s.upper);
    ro.iterate_upper_bound = s.upper.empty() ? nullptr : &s.upper_slice;
    s.it.reset(db_->NewIterator(ro, cf(kIndex)));
  }

  // Suffix (time_desc + id) to seek to: first_seen < until.
  std::string target;
  if (q.until) put_time_desc(target, *q.until - 1);

  std::vector<std::string> out;
  while (want == 0 || out.size() < want) {
    std::size_t agree = 0;
    bool done = false;
    for (std::size_t i = 0; agree < streams.size(); i = (i + 1) % streams.size()) {
      Stream& s = streams[i];
      advance(s, s.prefix + target);
      if (!s.it->Valid()) {
        if (!s.it->status().ok()) return from_rocks(s.it->status(), "index scan failed");
        done = true;
        break;
      }
      const rocksdb::Slice key = s.it->key();
      std::string suffix(key.data() + s.prefix.size(), key.size() - s.prefix.size());
      if (suffix == target) {
        ++agree;
      } else {
        target = std::move(suffix);
        agree = 1;
      }
    }
    if (done) break;
    if (values != nullptr) values->push_back(streams[0].it->value().ToString());
    out.push_back(target.substr(kTimeLen));
    target.push_back('\0');  // the next suffix after this one
  }
  return out;
}

Result<std::vector<Event>> RocksStore::events(const EventQuery& q) {
  std::vector<Event> out;
  // Filters without an index (min_sources, rejected) may drop candidates: fetch in rounds.
  const bool post_filter = q.min_sources > 0 || !q.include_rejected;
  std::size_t want = q.limit;
  if (want != 0 && post_filter) want = want + want / 2 + 8;
  for (;;) {
    std::vector<std::string> values;
    const bool covered = covering_index(stream_prefixes(q).front()[0]);
    auto ids = candidate_events(q, want, covered ? &values : nullptr);
    if (!ids.ok()) return ids.status();
    out.clear();
    std::vector<rocksdb::Slice> keys(ids->begin(), ids->end());
    std::vector<rocksdb::Status> st(keys.size());
    if (!covered) {
      std::vector<rocksdb::ColumnFamilyHandle*> cfs(keys.size(), cf(kEvents));
      st = db_->MultiGet(rocksdb::ReadOptions(), cfs, keys, &values);
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (st[i].IsNotFound()) continue;  // index ahead of a reader's view: skip
      if (!st[i].ok()) return from_rocks(st[i], "event read failed");
      auto r = decode_event(values[i]);
      if (!r) return Status::corruption("event " + (*ids)[i] + " is damaged");
      Event& e = r->event;
      if (!q.include_rejected && e.review == "rejected") continue;
      if (e.sources < q.min_sources) continue;
      if (q.company && std::find(e.companies.begin(), e.companies.end(), *q.company) == e.companies.end()) continue;
      if (q.chip && std::find(e.chips.begin(), e.chips.end(), *q.chip) == e.chips.end()) continue;
      if (q.type && e.type != *q.type) continue;
      if (q.actor && e.actor != *q.actor) continue;
      if (q.modality && e.modality != *q.modality) continue;
      if (q.since && e.first_seen < *q.since) continue;
      if (q.until && e.first_seen >= *q.until) continue;
      out.push_back(std::move(e));
      if (q.limit != 0 && out.size() == q.limit) return out;
    }
    if (want == 0 || ids->size() < want) return out;  // the index has no more
    want *= 4;
  }
}

Result<std::vector<Article>> RocksStore::articles(const ArticleQuery& q) {
  const std::string prefix = q.feed ? index_prefix('f', *q.feed) : index_prefix('a');
  std::string start = prefix;
  if (q.until) put_time_desc(start, *q.until - 1);
  std::string upper = prefix;
  if (q.since)
    put_time_desc(upper, *q.since - 1);
  else
    upper = prefix_end(prefix);
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(kIndex)));
  std::vector<Article> out;
  for (it->Seek(start); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (key.size() != prefix.size() + kTimeLen + kIdLen) continue;
    const std::string id(key.data() + prefix.size() + kTimeLen, kIdLen);
    auto a = article(id);
    if (!a.ok()) return a.status();
    if (!*a) continue;  // pruned, or index ahead of a reader's view
    out.push_back(std::move(**a));
    if (q.limit != 0 && out.size() == q.limit) break;
  }
  if (!it->status().ok()) return from_rocks(it->status(), "article scan failed");
  return out;
}

}  // namespace chipwire::store_detail
