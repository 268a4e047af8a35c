// The writer's `articles` memtable (storage/point_memtable.h) under a real
// RocksDB: lookups, snapshots, deletes, ordered scans in both directions,
// flushes and a reopen give what a plain map of the same writes gives.
#include <catch2/catch.hpp>
#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "storage/point_memtable.h"
#include "tests/test_support.h"

using chipwire::testing::TempDir;

namespace {

using Model = std::map<std::string, std::string>;

struct Db {
  explicit Db(const std::string& dir) {
    rocksdb::Options o;
    o.create_if_missing = true;
    o.allow_concurrent_memtable_write = false;
    o.memtable_factory = std::make_shared<chipwire::store_detail::PointLookupMemTableFactory>();
    o.memtable_whole_key_filtering = true;  // as in the store's `articles` family
    o.memtable_prefix_bloom_size_ratio = 0.01;
    o.avoid_flush_during_recovery = true;  // a reopen keeps the log's writes in this memtable
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(o, dir, &raw).ok());
    db.reset(raw);
  }
  std::unique_ptr<rocksdb::DB> db;
};

std::string key_name(int i) { return "k" + std::to_string(1000 + i); }

// Every key of the key space read with Get, at `snapshot` (nullptr: now).
void check_gets(rocksdb::DB& db, const Model& model, int keys, const rocksdb::Snapshot* snapshot) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  for (int i = 0; i < keys; ++i) {
    std::string value;
    const rocksdb::Status s = db.Get(ro, key_name(i), &value);
    auto it = model.find(key_name(i));
    INFO("key " << key_name(i));
    if (it == model.end()) {
      CHECK(s.IsNotFound());
    } else {
      REQUIRE(s.ok());
      CHECK(value == it->second);
    }
  }
}

// A full scan forwards and backwards, and seeks, against the model.
void check_scans(rocksdb::DB& db, const Model& model, const rocksdb::Snapshot* snapshot) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro));
  Model seen;
  for (it->SeekToFirst(); it->Valid(); it->Next()) seen[it->key().ToString()] = it->value().ToString();
  REQUIRE(it->status().ok());
  CHECK(seen == model);
  std::vector<std::string> backwards;
  for (it->SeekToLast(); it->Valid(); it->Prev()) backwards.push_back(it->key().ToString());
  std::vector<std::string> expected;
  for (auto m = model.rbegin(); m != model.rend(); ++m) expected.push_back(m->first);
  CHECK(backwards == expected);
  for (const std::string target : {"k1000", "k1017", "k1017x", "k1050", "k2"}) {
    it->Seek(target);
    auto m = model.lower_bound(target);
    INFO("seek " << target);
    REQUIRE(it->Valid() == (m != model.end()));
    if (m != model.end()) CHECK(it->key().ToString() == m->first);
    it->SeekForPrev(target);
    auto p = model.upper_bound(target);
    const bool has_prev = p != model.begin();
    REQUIRE(it->Valid() == has_prev);
    if (has_prev) CHECK(it->key().ToString() == std::prev(p)->first);
  }
}

}  // namespace

TEST_CASE("the point-lookup memtable reads back what a map of the same writes holds, at every snapshot",
          "[storage][memtable]") {
  TempDir dir;
  Db d(dir.str() + "/db");
  rocksdb::DB& db = *d.db;
  constexpr int kKeys = 60;  // few keys, many writes: most keys get several versions
  std::mt19937 random(7);
  Model model;
  std::vector<std::pair<const rocksdb::Snapshot*, Model>> snapshots;
  for (int round = 0; round < 3; ++round) {
    for (int op = 0; op < 400; ++op) {
      const std::string key = key_name(static_cast<int>(random() % kKeys));
      if (random() % 5 == 0) {
        REQUIRE(db.Delete(rocksdb::WriteOptions(), key).ok());
        model.erase(key);
      } else {
        const std::string value = "v" + std::to_string(round) + "-" + std::to_string(op);
        REQUIRE(db.Put(rocksdb::WriteOptions(), key, value).ok());
        model[key] = value;
      }
      if (op % 100 == 50) snapshots.emplace_back(db.GetSnapshot(), model);
    }
    check_gets(db, model, kKeys, nullptr);
    check_scans(db, model, nullptr);
    for (const auto& [snapshot, then] : snapshots) {
      check_gets(db, then, kKeys, snapshot);
      check_scans(db, then, snapshot);
    }
    // The next round writes over what this flush wrote to a file.
    REQUIRE(db.Flush(rocksdb::FlushOptions()).ok());
    check_gets(db, model, kKeys, nullptr);
    check_scans(db, model, nullptr);
  }
  for (const auto& [snapshot, then] : snapshots) {
    check_gets(db, then, kKeys, snapshot);
    db.ReleaseSnapshot(snapshot);
  }
}

TEST_CASE("the point-lookup memtable: a batch's writes, a reopen that replays the log, a big memtable",
          "[storage][memtable]") {
  TempDir dir;
  const std::string path = dir.str() + "/db";
  Model model;
  {
    Db d(path);
    // One key written twice in one batch: the later write wins.
    rocksdb::WriteBatch batch;
    batch.Put("k1001", "first");
    batch.Put("k1002", "other");
    batch.Put("k1001", "second");
    batch.Delete("k1002");
    REQUIRE(d.db->Write(rocksdb::WriteOptions(), &batch).ok());
    model["k1001"] = "second";
    // Enough distinct keys to grow the hash table many times over.
    for (int i = 100; i < 20000; ++i) {
      REQUIRE(d.db->Put(rocksdb::WriteOptions(), key_name(i), std::string(i % 7, 'x')).ok());
      model[key_name(i)] = std::string(i % 7, 'x');
    }
    check_gets(*d.db, model, 20000, nullptr);
    check_scans(*d.db, model, nullptr);
  }  // closed without a flush: the reopen rebuilds the memtable from the log
  Db again(path);
  std::uint64_t replayed = 0;
  REQUIRE(again.db->GetIntProperty("rocksdb.num-entries-active-mem-table", &replayed));
  CHECK(replayed == 19900 + 4);  // the reads below come from the rebuilt memtable, not a file
  check_gets(*again.db, model, 20000, nullptr);
  check_scans(*again.db, model, nullptr);
}

TEST_CASE("the point-lookup memtable sorts keys that tie on their first 8 bytes or begin one another",
          "[storage][memtable]") {
  // A flush and a live scan sort by an 8-byte key prefix first; these keys tie
  // on it, are shorter than it, or hold zero bytes where the padding goes.
  const std::vector<std::string> keys = {"",
                                         "a",
                                         std::string("a\0", 2),
                                         std::string("a\0\0\0\0\0\0\0\0", 9),
                                         "abcdefgh",
                                         "abcdefgh\x01",
                                         std::string("abcdefgh\0", 9),
                                         "abcdefgha",
                                         "abcdefghij",
                                         "abcdefgh\xff",
                                         "abcdefgg\xff\xff\xff",
                                         "abcdefgi",
                                         "\xff\xff\xff\xff\xff\xff\xff\xff\x01",
                                         "\xff\xff\xff\xff\xff\xff\xff\xff"};
  TempDir dir;
  Db d(dir.str() + "/db");
  Model model;
  std::mt19937 random(11);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::string> order = keys;
    std::shuffle(order.begin(), order.end(), random);
    for (const std::string& k : order) {
      const std::string value = "r" + std::to_string(round);
      REQUIRE(d.db->Put(rocksdb::WriteOptions(), k, value).ok());
      model[k] = value;
    }
  }
  check_scans(*d.db, model, nullptr);  // the live memtable: a sorted copy
  REQUIRE(d.db->Flush(rocksdb::FlushOptions()).ok());  // the read-only memtable, sorted in place, to a file
  check_scans(*d.db, model, nullptr);
}
