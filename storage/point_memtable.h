// PointLookupMemTableFactory: a RocksDB memtable representation for a column
// family the writer reads by whole key only (`articles`). Internal to storage/;
// store_open.cc gives it to the writer's `articles` family.
//
// Why: every new article is one insert into `articles`, keyed by a random id.
// In RocksDB's skip list each insert walks about a dozen nodes a kilobyte apart
// (an article record is stored in its node), a cache miss each: 7% of a
// replay-2022 ingest's CPU. Here an insert appends the entry and files it in a
// hash table of user keys; a lookup (DB::Get, which the writer does for every
// article) reads the hash table; a full iteration (a flush, a scan by prune or
// reprocess) sorts the entries once. RocksDB's own vector memtable sorts a copy
// at every lookup, which made the same ingest 40% slower.
//
// Contract with RocksDB 7.8 (public memtablerep.h only):
// - Insert/InsertKey take entries one at a time (the family must not allow
//   concurrent memtable writes: the factory says it does not support them).
// - Get() is RocksDB's default: it asks GetDynamicPrefixIterator() for an
//   iterator, seeks it to the lookup key and reads entries while they have its
//   user key. That iterator holds only the user key's versions, which the
//   "same prefix" contract of that call allows with the whole key as prefix.
//   RocksDB's Get never deletes it, so each thread reuses one. Other callers
//   would delete it: a family with a prefix extractor gets RocksDB's skip list
//   from this factory, and the family must not set inplace_update_support or
//   max_successive_merges (store_open.cc sets neither).
// - GetIterator() is a full, ordered iterator. Its sort compares 8-byte key
//   prefixes as numbers first, which is RocksDB's order only for a bytewise
//   user comparator: the family must keep RocksDB's default comparator.
// - Lookups and iterators may run on other threads than the one inserting: a
//   shared mutex guards the index, and iterators hold what they read (entries
//   live in RocksDB's arena until the memtable is gone).
#pragma once

#include <rocksdb/memtablerep.h>

namespace chipwire::store_detail {

class PointLookupMemTableFactory : public rocksdb::MemTableRepFactory {
 public:
  using rocksdb::MemTableRepFactory::CreateMemTableRep;
  rocksdb::MemTableRep* CreateMemTableRep(const rocksdb::MemTableRep::KeyComparator& compare,
                                          rocksdb::Allocator* allocator, const rocksdb::SliceTransform*,
                                          rocksdb::Logger*) override;
  const char* Name() const override { return "ChipwirePointLookupMemTable"; }
};

}  // namespace chipwire::store_detail
