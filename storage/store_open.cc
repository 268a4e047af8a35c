// Opening a store: telling a chipwire store from a missing, foreign, damaged or
// other-version directory without touching what is there; reader instances.
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/metadata.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>
#include <stdlib.h>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <system_error>

#include "storage/keys.h"
#include "storage/point_memtable.h"
#include "storage/rocks_store.h"

namespace chipwire {
namespace store_detail {
namespace {

namespace fs = std::filesystem;

const char kSchemaKey[] = "schema_version";

rocksdb::Options base_options(bool writer, bool log_writes) {
  rocksdb::Options o;
  o.create_if_missing = false;
  o.create_missing_column_families = false;
  // Two flush threads: the writer's final flush of every family (at close)
  // runs on both cores. One compaction thread.
  o.max_background_flushes = 2;
  o.max_background_compactions = 1;
  // At open RocksDB loads every table file of every family on this many
  // threads, started and joined per family: 16 (the default) made every open
  // start ~300 threads, a tenth of a second, to open a few dozen files.
  o.max_file_opening_threads = 1;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  o.keep_log_file_num = 4;
  // Readers (and the next writer) replay the WAL when they open: keep it short.
  o.max_total_wal_size = 64 << 20;
  // All memtables together, those being flushed included, stay under 16 MB: a
  // write waits for a flush rather than go past it (allow_stall), so an
  // ingest's memory stays flat however much it writes. Measured on
  // replay-2022 and on it twice over: peak RSS +5% at 16 MB, +13-15% at 24,
  // 32 and 64 MB (whose flush and compaction debt is still growing when the
  // shorter run ends).
  //
  // Without the log every flush is atomic: all families' memtables go at once,
  // on one thread, and their memory comes back when the last one is written.
  // Under the same 16 MB cap the writer waited for most flushes (replay-2022:
  // 0.81 s, no faster than with the log); at 24 or 32 MB it goes on (0.71 s),
  // for 3-4 MB more peak memory.
  const std::size_t memtable_cap = (log_writes ? 16 : 32) << 20;
  o.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(memtable_cap, nullptr, true);
  o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  if (!writer) o.max_open_files = -1;  // a secondary must keep every file it reads open
  // Article batches are buffered and reach the WAL file with the next flushed
  // write (RocksStore::write_batch): one write() per feed instead of per article.
  o.manual_wal_flush = writer;
  // Without the log, a crash keeps exactly what the flushes wrote; RocksDB
  // recovers a prefix of the writes only when each flush takes every family.
  o.atomic_flush = writer && !log_writes;
  // One thread writes (the vector memtable of the index takes no concurrent inserts).
  if (writer) o.allow_concurrent_memtable_write = false;
  return o;
}

rocksdb::ColumnFamilyOptions family_options(const std::string& name, bool writer) {
  // Readers answer queries from the cache. The writer mostly asks for keys the
  // Bloom filters already rule out, or for random article ids no cache holds,
  // so its cache is small: 8 MB filled up over a long ingest and grew its peak
  // memory by 9 MB on replay-2022 twice over; 1 MB re-ingests as fast.
  static const std::shared_ptr<rocksdb::Cache> reader_cache = rocksdb::NewLRUCache(128 << 20);
  static const std::shared_ptr<rocksdb::Cache> writer_cache = rocksdb::NewLRUCache(1 << 20);
  const std::shared_ptr<rocksdb::Cache>& cache = writer ? writer_cache : reader_cache;
  rocksdb::ColumnFamilyOptions o;
  if (writer) {
    // Each family's memtable is flushed at 6 MB, so `articles` and `raw`
    // together (12 MB) stay under the flush point of the 16 MB cap on all
    // memtables (7/8 of it, 14 MB): a family's own switch starts each flush
    // while 4 MB are left for writes to go on. At RocksDB's 64 MB default the
    // cap flushed at 14 MB and made writes wait at 16 until the flush was done
    // (replay-2022: the writer waited 0.9 s in Write(), 0.45 s now; the ingest
    // 8-13% faster, on the corpus twice over too, peak memory the same). Up to
    // four memtables of a family may wait for their flush: the cap, not their
    // number, bounds the memory. Smaller memtables make more L0 files, and at
    // 4-5 MB `articles` reached its compaction trigger during replay-2022.
    o.write_buffer_size = 6 << 20;
    o.max_write_buffer_number = 4;
  }
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  // zstd level 1 where the data settles: most compactions write there, and
  // level 3 costs a quarter more CPU for 2-3% smaller files.
  o.bottommost_compression_opts.level = 1;
  o.bottommost_compression_opts.enabled = true;
  // Levels sized from the bottom up: the base level starts small, so flushes
  // (small and frequent under the 16 MB memtable cap) are merged down at once
  // instead of piling up in L0, where each file is one more sorted run every
  // query seek has to visit (14 of them at 1M events with static level sizes).
  o.level_compaction_dynamic_level_bytes = true;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  // Debian's RocksDB computes CRC32c without SSE 4.2; XXH3 checks a block read
  // from a file at memory speed.
  t.checksum = rocksdb::kXXH3;
  t.cache_index_and_filter_blocks = false;
  if (name != "index" && name != "meta") {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  if (name == "articles" || name == "review") {
    // The writer asks for each new article's id and review item, which are not
    // stored yet: a memtable Bloom filter answers without a skip-list search.
    // Its size is this ratio of write_buffer_size (6 MB for the writer): 60 KB
    // for the ~6K articles of ~1 KB a memtable holds, about 80 bits per key.
    o.memtable_prefix_bloom_size_ratio = 0.01;
    o.memtable_whole_key_filtering = true;
  }
  if (name == "mentions") {
    // The writer reads an event's mentions (a prefix scan by event id) for
    // each event an article touches; most are new. A Bloom filter on the
    // event-id prefix lets that seek skip every file and memtable without it
    // instead of searching each L0 file. Mentions are never read by whole key.
    o.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(kIdLen));
    t.whole_key_filtering = false;
    o.memtable_prefix_bloom_size_ratio = 0.002;
  }
  if (writer && (name == "feeds" || name == "events" || name == "mentions" || name == "revisions" || name == "meta")) {
    // The small families (feeds, events, mentions, revisions, meta) get one
    // small L0 file from every flush, since a flush without the log takes
    // every family. Merging 16 at a time instead of 4 makes a quarter of those
    // compactions, whose cost is mostly per compaction, not per byte
    // (replay-2022's ingest: 2-3% less wall time); a point lookup pays one
    // Bloom probe per L0 file. The index merges 8 at a time (below: queries
    // scan it), and review keeps the default 4: the writer looks up every
    // article's review item, and 16 files to probe instead of 4 cost more than
    // the compactions saved (3% more wall time).
    o.level0_file_num_compaction_trigger = 16;
  }
  if (name == "articles" || name == "raw") {
    // Random keys (ids): every L0 file overlaps the whole bottom level, so each
    // L0 compaction rewrites the whole family. Merging 12 files at a time
    // instead of 4 rewrites it a third as often (replay-2022's ingest: 0.11 s
    // of compaction CPU instead of 0.74 s); a lookup by id pays one Bloom
    // probe per L0 file.
    o.level0_file_num_compaction_trigger = 12;
  }
  if (name == "articles" && writer) {
    // The writer inserts every new article here and looks each one up first,
    // never scanning the family in an ingest: a hash table answers the lookups
    // and inserts cost no skip-list search (point_memtable.h).
    static const std::shared_ptr<rocksdb::MemTableRepFactory> point_lookup =
        std::make_shared<PointLookupMemTableFactory>();
    o.memtable_factory = point_lookup;
  }
  if (name == "articles") {
    // Flushes write L0 uncompressed: LZ4 over every article at flush was 3% of
    // an ingest's CPU, and L0 is rewritten (with zstd, at the bottom) anyway.
    o.compression_per_level = {rocksdb::kNoCompression, rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
                               rocksdb::kLZ4Compression, rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
                               rocksdb::kLZ4Compression};
  }
  if (name == "raw") {  // zstd-compressed already, at every level
    o.compression = rocksdb::kNoCompression;
    o.bottommost_compression = rocksdb::kNoCompression;
  }
  if (name == "index") {
    // Small files: an L0 compaction rewrites the base-level files its newest
    // quarter overlaps, so each is a few MB instead of 64.
    o.target_file_size_base = 8 << 20;
    // The writer merges 8 L0 files at a time, not 4: each merge rewrites the
    // base-level files the newest keys overlap, so half as many merges rewrite
    // about half as much (replay-2022's ingest: 1 index compaction instead of
    // 2, 2% less CPU). Queries during an ingest meet up to 8 L0 runs; when the
    // writer closes, compact_index_head() merges what is left down.
    if (writer) o.level0_file_num_compaction_trigger = 8;
    // Queries seek one stream per filter into every sorted run: with each
    // block's first key in the index, a run whose next key is not the
    // smallest is not read at all; LZ4 at every level keeps a cache miss cheap.
    t.index_type = rocksdb::BlockBasedTableOptions::kBinarySearchWithFirstKey;
    o.bottommost_compression = rocksdb::kLZ4Compression;
    // The writer never reads the index (queries do, from their own instance):
    // its memtable is a vector that takes each entry at the end and is sorted
    // once, at flush, instead of a skip list searched at every insert. Two of an
    // article's three inserts are index entries; replay-2022's ingest spent 8%
    // less CPU on the writer thread. A query made through the writer (the review
    // server) still reads it right: its iterator sorts a copy.
    if (writer) o.memtable_factory.reset(new rocksdb::VectorRepFactory());
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

std::vector<rocksdb::ColumnFamilyDescriptor> descriptors(const std::vector<std::string>& names, bool writer) {
  std::vector<rocksdb::ColumnFamilyDescriptor> out;
  for (const auto& n : names) out.emplace_back(n, family_options(n, writer));
  return out;
}

// Names of entries a data directory may hold before the store is created.
bool harmless_entry(const std::string& name) {
  return name == "LOCK" || name == "lock" || (name.size() > 5 && name.ends_with(".lock")) ||
         name.starts_with(".");
}

// CURRENT present: a RocksDB database. Else: empty (ok to create) or foreign.
// Present while a new store is being created; removed once its schema version is
// durable. Finding it means a creation was interrupted (a kill during the first
// ingest): nothing was stored yet, so the writer starts the creation again.
constexpr const char* kCreatingMarker = ".chipwire-creating";

enum class DirKind { missing, empty, rocksdb, foreign, not_a_directory, unreadable, half_created };

// Removes what an interrupted creation left: every entry but the lock files and the marker.
Status clear_half_created(const std::string& dir) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (harmless_entry(name)) continue;
    fs::remove_all(it->path(), ec);
    if (ec) return Status::io("cannot clear the interrupted store creation in " + dir + ": " + ec.message());
  }
  if (ec) return Status::io("cannot read " + dir + ": " + ec.message());
  return {};
}

DirKind classify(const std::string& dir, std::string& detail) {
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (ec || !fs::exists(st)) {
    if (ec && ec != std::errc::no_such_file_or_directory) {
      detail = ec.message();
      return DirKind::unreadable;
    }
    return DirKind::missing;
  }
  if (!fs::is_directory(st)) return DirKind::not_a_directory;
  if (fs::exists(fs::path(dir) / kCreatingMarker, ec)) return DirKind::half_created;
  if (fs::exists(fs::path(dir) / "CURRENT", ec)) return DirKind::rocksdb;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    detail = ec.message();
    return DirKind::unreadable;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      detail = ec.message();
      return DirKind::unreadable;
    }
    const std::string name = it->path().filename().string();
    if (!harmless_entry(name)) {
      detail = name;
      return DirKind::foreign;
    }
  }
  return DirKind::empty;
}

Status check_families(const std::string& dir, const std::vector<std::string>& present) {
  const auto& ours = family_names();
  const bool has_meta = std::find(present.begin(), present.end(), "meta") != present.end();
  if (!has_meta)
    return Status::unsupported(dir + " is a RocksDB database but not a chipwire store (no `meta` column family); "
                               "refusing to touch it");
  for (const auto& name : ours)
    if (std::find(present.begin(), present.end(), name) == present.end())
      return Status::corruption("store at " + dir + " lacks the `" + name + "` column family");
  return {};
}

// Whether a store holding schema `value` can be opened: ok, or why not.
// `upgrade_from` is set (else 0) when a writer will upgrade it first.
Status version_verdict(const std::string& dir, const std::string& value, bool writer, int& upgrade_from) {
  upgrade_from = 0;
  if (value == std::to_string(kSchemaVersion)) return {};
  const std::string found =
      "store at " + dir + " has schema version " + value + "; this chipwire reads version " + std::to_string(kSchemaVersion);
  for (int v = kOldestUpgradableSchema; v < kSchemaVersion; ++v)
    if (value == std::to_string(v)) {
      if (writer) {
        upgrade_from = v;
        return {};
      }
      return Status::unsupported(found + " (the next `chipwire ingest` upgrades it in place)");
    }
  return Status::unsupported(found + " (use a matching chipwire, or a new --db)");
}

// Reads the schema version with a read-only open of whatever families exist.
Status check_version(const std::string& dir, const std::vector<std::string>& present, int& upgrade_from) {
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(base_options(true, true), dir, descriptors(present, false), &handles, &raw);
  if (!s.ok()) return from_rocks(s, "cannot open store at " + dir);
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  for (std::size_t i = 0; i < present.size(); ++i)
    if (present[i] == "meta") meta = handles[i];
  std::string value;
  Status out;
  s = db->Get(rocksdb::ReadOptions(), meta, kSchemaKey, &value);
  if (s.IsNotFound()) {
    out = Status::corruption("store at " + dir + " has no schema version");
  } else if (!s.ok()) {
    out = from_rocks(s, "cannot read the schema version of " + dir);
  } else {
    out = version_verdict(dir, value, true, upgrade_from);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return out;
}

Result<std::string> make_secondary_dir(const std::string& wanted) {
  if (!wanted.empty()) {
    std::error_code ec;
    fs::create_directories(wanted, ec);
    if (ec) return Status::io("cannot create secondary folder " + wanted + ": " + ec.message());
    return wanted;
  }
  std::string tmpl = (fs::temp_directory_path() / "chipwire-reader-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::io("cannot create a temporary folder for the reader");
  return tmpl;
}

}  // namespace

const std::vector<std::string>& family_names() {
  static const std::vector<std::string> names = {"feeds",    "articles", "revisions", "raw",  "events",
                                                 "mentions", "index",    "review",    "meta"};
  return names;
}

Status from_rocks(const rocksdb::Status& s, const std::string& what) {
  const std::string msg = what + ": " + s.ToString();
  if (s.IsCorruption()) return Status::corruption(msg);
  if (s.IsNotFound()) return Status::not_found(msg);
  if (s.IsNotSupported()) return Status::unsupported(msg);
  if (s.IsBusy() || s.IsTryAgain()) return Status::busy(msg);
  if (s.IsInvalidArgument()) return Status::corruption(msg);
  return Status::io(msg);
}

RocksStore::RocksStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
                       bool writer, bool log_writes, std::string secondary_dir)
    : db_(std::move(db)),
      handles_(std::move(handles)),
      writer_(writer),
      log_writes_(log_writes),
      secondary_dir_(std::move(secondary_dir)) {}

RocksStore::~RocksStore() {
  if (writer_ && !write_failed_) {
    // Memtables to files: the next open (a reader, the next ingest) has no WAL
    // to replay, and without the log this is what makes the writes durable.
    std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(), handles_.end());
    db_->Flush(rocksdb::FlushOptions(), all);
    if (log_writes_) db_->FlushWAL(true);
    compact_index_head();
  }
  for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  db_.reset();
  if (!secondary_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(secondary_dir_, ec);
  }
}

// Each L0 file of `index` is one more sorted run that every query seek visits
// until a compaction merges it; one left pending when the writer closes waits
// for the next writer. The index's L0 files cover only the newest quarter or so
// (keys.h), so merging them down is cheap: done here when a few are left.
void RocksStore::compact_index_head() {
  rocksdb::ColumnFamilyMetaData md;
  db_->GetColumnFamilyMetaData(cf(kIndex), &md);
  if (md.levels.empty() || md.levels[0].files.size() < 3) return;
  std::string lo = md.levels[0].files[0].smallestkey, hi = md.levels[0].files[0].largestkey;
  for (const auto& f : md.levels[0].files) {
    lo = std::min(lo, f.smallestkey);
    hi = std::max(hi, f.largestkey);
  }
  const rocksdb::Slice begin(lo), end(hi);
  db_->CompactRange(rocksdb::CompactRangeOptions(), cf(kIndex), &begin, &end);  // best effort
}

}  // namespace store_detail

using namespace store_detail;

Result<std::unique_ptr<Store>> Store::open(const std::string& directory, const StoreOptions& options) {
  const bool writer = options.mode == OpenMode::writer;
  std::string detail;
  const DirKind kind = classify(directory, detail);
  switch (kind) {
    case DirKind::not_a_directory:
      return Status::unsupported(directory + " is not a directory");
    case DirKind::unreadable:
      return Status::io("cannot read " + directory + ": " + detail);
    case DirKind::foreign:
      return Status::unsupported(directory + " is not a chipwire store (it holds `" + detail +
                                 "` and no RocksDB database); refusing to touch it");
    case DirKind::missing:
    case DirKind::empty:
      if (!writer) return Status::not_found("no chipwire store at " + directory);
      break;
    case DirKind::half_created:
      if (!writer) return Status::not_found("no chipwire store at " + directory + " (its creation was interrupted)");
      if (Status cleared = clear_half_created(directory); !cleared.ok()) return cleared;
      break;
    case DirKind::rocksdb:
      break;
  }

  const auto& names = family_names();
  std::vector<rocksdb::ColumnFamilyDescriptor> descs = descriptors({"default"}, writer);
  for (auto& d : descriptors(names, writer)) descs.push_back(std::move(d));
  bool fresh = kind != DirKind::rocksdb;
  int upgrade_from = 0;
  if (!fresh) {
    std::vector<std::string> present;
    const rocksdb::Status ls = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), directory, &present);
    if (!ls.ok()) return from_rocks(ls, "cannot open store at " + directory);
    if (Status s = check_families(directory, present); !s.ok()) return s;
    // A writer must not open another version as primary (that rewrites the
    // MANIFEST); a secondary changes nothing, so a reader checks after opening.
    if (writer)
      if (Status s = check_version(directory, present, upgrade_from); !s.ok()) return s;
  }

  const bool log_writes = !writer || options.log_writes;
  rocksdb::Options opts = base_options(writer, log_writes);
  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::string secondary;
  rocksdb::Status s;
  if (writer) {
    if (fresh) {
      std::error_code ec;
      fs::create_directories(directory, ec);
      if (ec) return Status::io("cannot create " + directory + ": " + ec.message());
      opts.create_if_missing = true;
      std::ofstream marker(fs::path(directory) / kCreatingMarker);
      if (!marker) return Status::io("cannot write in " + directory);
      // Our families in one call, which writes the OPTIONS file once: Open's
      // create_missing_column_families writes (and syncs) it after each of them,
      // 9 x ~1.7 ms of a first ingest.
      s = rocksdb::DB::Open(opts, directory, {descs.front()}, &handles, &raw);
      if (s.ok()) {
        std::vector<rocksdb::ColumnFamilyHandle*> created;
        s = raw->CreateColumnFamilies({descs.begin() + 1, descs.end()}, &created);
        handles.insert(handles.end(), created.begin(), created.end());
        if (!s.ok()) {
          for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
          delete raw;
          raw = nullptr;
        }
      }
    } else {
      s = rocksdb::DB::Open(opts, directory, descs, &handles, &raw);
    }
  } else {
    auto dir = make_secondary_dir(options.secondary_path);
    if (!dir.ok()) return dir.status();
    secondary = *dir;
    s = rocksdb::DB::OpenAsSecondary(opts, directory, secondary, descs, &handles, &raw);
  }
  if (!s.ok()) {
    if (!secondary.empty() && options.secondary_path.empty()) {
      std::error_code ec;
      fs::remove_all(secondary, ec);
    }
    const std::string why = s.ToString();
    if (s.IsIOError() && (why.find("temporarily unavailable") != std::string::npos ||
                          why.find("lock hold by current process") != std::string::npos))
      return Status::busy("store at " + directory + " is open by another writer: " + s.ToString());
    return from_rocks(s, "cannot open store at " + directory);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  // handles[0] is `default`; keep ours in Family order.
  db->DestroyColumnFamilyHandle(handles[0]);
  handles.erase(handles.begin());
  auto store = std::make_unique<RocksStore>(std::move(db), std::move(handles), writer, log_writes,
                                            options.secondary_path.empty() ? secondary : std::string());
  if (!writer) {
    auto version = store->get(kMeta, kSchemaKey);
    if (!version.ok()) return version.status();
    if (!*version) return Status::corruption("store at " + directory + " has no schema version");
    int ignored = 0;
    if (Status v = version_verdict(directory, **version, false, ignored); !v.ok()) return v;
  }
  if (upgrade_from != 0) {
    if (options.on_upgrade) options.on_upgrade(upgrade_from, kSchemaVersion);
    if (Status done = store->upgrade_from(upgrade_from); !done.ok())
      return Status(done.code(), "upgrading the store at " + directory + ": " + done.message());
    // Without the log, the re-derived records are durable only once flushed:
    // the schema version (logged, below) must not reach the disk before them.
    if (Status done = store->flush(); !done.ok()) return done;
    rocksdb::WriteOptions w;
    w.sync = true;
    rocksdb::WriteBatch b;
    b.Put(store->cf(kMeta), kSchemaKey, std::to_string(kSchemaVersion));
    if (auto ws = store->db()->Write(w, &b); !ws.ok()) return from_rocks(ws, "cannot record the upgraded schema");
  }
  if (writer && fresh) {
    rocksdb::WriteBatch b;
    b.Put(store->cf(kMeta), kSchemaKey, std::to_string(kSchemaVersion));
    b.Put(store->cf(kMeta), "created", std::to_string(now_unix()));
    rocksdb::WriteOptions w;
    w.sync = true;
    if (auto ws = store->db()->Write(w, &b); !ws.ok()) return from_rocks(ws, "cannot initialise store");
    std::error_code ec;
    fs::remove(fs::path(directory) / kCreatingMarker, ec);
    if (ec) return Status::io("cannot finish creating the store in " + directory + ": " + ec.message());
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace chipwire
