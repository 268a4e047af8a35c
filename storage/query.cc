// Event and article queries over the secondary indexes. Every index stream of a
// filter is sorted by (first_seen desc, event id); a query intersects the
// streams of all its filters by leapfrogging seeks, so it reads index entries
// near what it returns, and stops at the limit.
#include <rocksdb/iterator.h>

#include <algorithm>
#include <optional>

#include "storage/codec.h"
#include "storage/event_key.h"
#include "storage/keys.h"
#include "storage/rocks_store.h"

namespace chipwire::store_detail {
namespace {

// One index stream within a bucket (a calendar quarter): keys prefix + time_desc + id, below `upper`.
struct Stream {
  std::string tag_part;  // from stream_prefixes()
  std::string prefix;    // bucket + tag_part
  std::string upper;
  std::unique_ptr<rocksdb::Iterator> it;
};

// Filters with an index stream (the tag_part of each); a company+type or
// chip+type pair uses the combined index instead of two streams.
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

// Positions `s` at the first entry of its stream in the newest bucket at or
// after `from` that has one, and returns that bucket (none: the stream has no
// entry left in range). A bucket without the stream costs one seek.
Result<std::optional<std::uint16_t>> find_bucket(Stream& s, std::uint32_t from) {
  std::string key;
  while (from <= 0xFFFF) {
    key.assign(bucket_prefix(static_cast<std::uint16_t>(from))).append(s.tag_part);
    s.it->Seek(key);
    if (!s.it->Valid()) {
      if (!s.it->status().ok()) return from_rocks(s.it->status(), "index scan failed");
      break;
    }
    const rocksdb::Slice found = s.it->key();
    if (found.size() < kBucketKeyLen || found[0] != kBucketTag) break;
    const std::uint16_t b = key_bucket(std::string_view(found.data(), found.size()));
    if (b != from) {
      from = b;  // the buckets between hold nothing at all
      continue;
    }
    if (found.starts_with(rocksdb::Slice(key))) return std::optional<std::uint16_t>{b};
    from = std::uint32_t(b) + 1;  // this bucket lacks the stream
  }
  return std::optional<std::uint16_t>{};
}

}  // namespace

// Event ids matching every indexed filter and the date range, newest first.
// `want` > 0 stops after that many. `values` (when the first stream is a
// covering index) receives each candidate's event record. Month buckets are
// visited newest first; within one, the streams are intersected by
// leapfrogging seeks.
Result<std::vector<std::string>> RocksStore::candidate_events(const EventQuery& q, std::size_t want,
                                                              std::vector<std::string>* values) {
  return index_walk(stream_prefixes(q), q.since, q.until, want, values);
}

// Ids whose entries are in every stream of `tag_parts` with a time in
// [since, until), newest first; see candidate_events.
Result<std::vector<std::string>> RocksStore::index_walk(const std::vector<std::string>& tag_parts,
                                                        std::optional<UnixSeconds> since,
                                                        std::optional<UnixSeconds> until, std::size_t want,
                                                        std::vector<std::string>* values) {
  // Every key the query may read lies in [bucket(until), end of bucket(since)).
  const std::uint16_t oldest = since ? month_bucket(*since) : 0xFFFF;
  const std::string range_end =
      oldest == 0xFFFF ? prefix_end(std::string(1, kBucketTag)) : bucket_prefix(oldest + 1);
  const rocksdb::Slice range_end_slice(range_end);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &range_end_slice;
  std::vector<Stream> streams;
  for (const auto& p : tag_parts) {
    Stream s;
    s.tag_part = p;
    s.it.reset(db_->NewIterator(ro, cf(kIndex)));
    streams.push_back(std::move(s));
  }

  // Suffix (time_desc + id) to seek to: first_seen < until.
  std::string first_target;
  if (until) put_time_desc(first_target, *until - 1);

  std::vector<std::string> out;
  if (want != 0) {
    out.reserve(want);
    if (values != nullptr) values->reserve(want);
  }
  std::string seek_key;  // prefix + target, rebuilt in place for each seek
  // The first stream picks the buckets: only those where it has entries.
  auto bucket = find_bucket(streams[0], until ? month_bucket(*until - 1) : 0);
  if (!bucket.ok()) return bucket.status();
  while (*bucket && (want == 0 || out.size() < want)) {
    const std::uint16_t b = **bucket;
    for (auto& s : streams) {
      s.prefix = bucket_prefix(b) + s.tag_part;
      s.upper = s.prefix;
      // first_seen >= since  <=>  time_desc <= desc(since): stop past it.
      if (since && b == oldest)
        put_time_desc(s.upper, *since - 1);
      else
        s.upper = prefix_end(s.prefix);
    }
    std::string target = first_target;
    while (want == 0 || out.size() < want) {
      std::size_t agree = 0;
      bool done = false;
      for (std::size_t i = 0; agree < streams.size(); i = (i + 1) % streams.size()) {
        Stream& s = streams[i];
        seek_key.assign(s.prefix).append(target);
        advance(s, seek_key);
        if (!s.it->Valid() || s.it->key().compare(rocksdb::Slice(s.upper)) >= 0) {
          if (!s.it->status().ok()) return from_rocks(s.it->status(), "index scan failed");
          done = true;  // this stream has nothing more in this bucket
          break;
        }
        const rocksdb::Slice key = s.it->key();
        const std::string_view suffix(key.data() + s.prefix.size(), key.size() - s.prefix.size());
        if (suffix == target) {
          ++agree;
        } else {
          target.assign(suffix);
          agree = 1;
        }
      }
      if (done) break;
      if (values != nullptr) values->push_back(streams[0].it->value().ToString());
      out.push_back(target.substr(kTimeLen));
      target.push_back('\0');  // the next suffix after this one
    }
    if (b == oldest) break;
    bucket = find_bucket(streams[0], std::uint32_t(b) + 1);
    if (!bucket.ok()) return bucket.status();
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
    // Reserved once: growing a vector of events query by query costs more than the query's reads.
    out.reserve(ids->size());
    std::vector<rocksdb::Slice> keys(ids->begin(), ids->end());
    std::vector<rocksdb::Status> st(keys.size());
    if (!covered) {
      std::vector<rocksdb::ColumnFamilyHandle*> cfs(keys.size(), cf(kEvents));
      st = db_->MultiGet(rocksdb::ReadOptions(), cfs, keys, &values);
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (st[i].IsNotFound()) continue;  // index ahead of a reader's view: skip
      if (!st[i].ok()) return from_rocks(st[i], "event read failed");
      std::optional<Event> decoded;
      if (covered) {
        decoded = decode_event_summary(values[i]);
        if (decoded) decoded->id = (*ids)[i];
      } else if (auto r = decode_event(values[i])) {
        decoded = std::move(r->event);
      }
      if (!decoded) return Status::corruption("event " + (*ids)[i] + " is damaged");
      Event& e = *decoded;
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
  const std::vector<std::string> stream = {q.feed ? index_prefix('f', *q.feed) : index_prefix('a')};
  std::vector<Article> out;
  // Pruned articles (or an index ahead of a reader's view) are skipped: fetch in rounds.
  std::size_t want = q.limit;
  for (;;) {
    auto ids = index_walk(stream, q.since, q.until, want, nullptr);
    if (!ids.ok()) return ids.status();
    out.clear();
    out.reserve(ids->size());
    for (const auto& id : *ids) {
      auto a = article(id);
      if (!a.ok()) return a.status();
      if (!*a) continue;
      out.push_back(std::move(**a));
      if (q.limit != 0 && out.size() == q.limit) return out;
    }
    if (want == 0 || ids->size() < want) return out;
    want *= 4;
  }
}

}  // namespace chipwire::store_detail
