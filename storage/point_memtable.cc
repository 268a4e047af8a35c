// PointLookupMemTableFactory's memtable (see point_memtable.h).
#include "storage/point_memtable.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <cstddef>
#include <new>
#include <shared_mutex>
#include <string_view>
#include <utility>
#include <vector>

#include <rocksdb/slice.h>

#include "core/hash.h"

namespace chipwire::store_detail {
namespace {

using rocksdb::MemTableRep;
using rocksdb::Slice;
using KeyComparator = MemTableRep::KeyComparator;

// An internal key is the user key followed by 8 bytes of sequence number and type.
constexpr std::size_t kInternalSuffix = 8;

std::string_view user_key_of(const Slice& internal_key) {
  return {internal_key.data(), internal_key.size() - kInternalSuffix};
}

// An entry starts with its length-prefixed internal key.
std::string_view user_key_of_entry(const char* entry) {
  return user_key_of(rocksdb::GetLengthPrefixedSlice(entry));
}

// The first 8 bytes of a user key as a big-endian number, zero-padded: for
// bytewise keys, a smaller number means a smaller key (a shorter key pads
// with zeros, so it never sorts after a longer one it begins), and equal
// numbers say nothing.
std::uint64_t key_prefix(std::string_view key) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
  return v;
}

// Sorts entries in RocksDB's order (user key ascending, then newest first).
// Each entry's key prefix sits beside its pointer, so most comparisons read
// no entry: visiting two entries per comparison, scattered over megabytes of
// arena, was most of a flush's sort (the articles' random ids almost never
// tie on 8 bytes). Ties are compared in full. REQUIRES: a bytewise user
// comparator (every family given this memtable has RocksDB's default).
void sort_entries(std::vector<const char*>& entries, const KeyComparator& compare) {
  std::vector<std::pair<std::uint64_t, const char*>> keyed;
  keyed.reserve(entries.size());
  for (const char* e : entries) keyed.emplace_back(key_prefix(user_key_of_entry(e)), e);
  std::sort(keyed.begin(), keyed.end(), [&compare](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return compare(a.second, b.second) < 0;
  });
  for (std::size_t i = 0; i < keyed.size(); ++i) entries[i] = keyed[i].second;
}

// Walks a sorted run of entries: all of a memtable's (a full iterator) or one
// user key's versions (a lookup). It owns the run when it is a sorted copy.
class SortedIterator final : public MemTableRep::Iterator {
 public:
  SortedIterator() = default;  // empty until reset()
  SortedIterator(const KeyComparator& compare, std::vector<const char*> owned) { reset(compare, std::move(owned)); }
  SortedIterator(const KeyComparator& compare, const char* const* begin, const char* const* end)
      : compare_(&compare), begin_(begin), end_(end), at_(end) {}

  // Walks `owned` from now on (positioned nowhere).
  void reset(const KeyComparator& compare, std::vector<const char*> owned) {
    compare_ = &compare;
    owned_ = std::move(owned);
    begin_ = owned_.data();
    end_ = begin_ + owned_.size();
    at_ = end_;
  }
  // The owned run's buffer, emptied, for the next reset() to reuse.
  std::vector<const char*> release() {
    std::vector<const char*> out = std::move(owned_);
    out.clear();
    begin_ = end_ = at_ = nullptr;
    return out;
  }

  bool Valid() const override { return at_ != end_; }
  const char* key() const override { return *at_; }
  void Next() override { ++at_; }
  void Prev() override { at_ = at_ == begin_ ? end_ : at_ - 1; }
  void Seek(const Slice& internal_key, const char*) override {
    at_ = std::lower_bound(begin_, end_, internal_key,
                           [this](const char* e, const Slice& k) { return (*compare_)(e, k) < 0; });
  }
  void SeekForPrev(const Slice& internal_key, const char*) override {
    const char* const* past = std::upper_bound(
        begin_, end_, internal_key, [this](const Slice& k, const char* e) { return (*compare_)(e, k) > 0; });
    at_ = past == begin_ ? end_ : past - 1;
  }
  void SeekToFirst() override { at_ = begin_; }
  void SeekToLast() override { at_ = begin_ == end_ ? end_ : end_ - 1; }

 private:
  const KeyComparator* compare_ = nullptr;
  std::vector<const char*> owned_;
  const char* const* begin_ = nullptr;
  const char* const* end_ = nullptr;
  const char* const* at_ = nullptr;
};

class PointLookupRep final : public MemTableRep {
 public:
  PointLookupRep(const KeyComparator& compare, rocksdb::Allocator* allocator)
      : MemTableRep(allocator), compare_(compare) {
    slots_.assign(kInitialSlots, kEmpty);
  }

  void Insert(rocksdb::KeyHandle handle) override {
    const char* entry = static_cast<const char*>(handle);
    const std::string_view key = user_key_of_entry(entry);
    const std::uint64_t hash = hash64(key);
    std::unique_lock lock(mutex_);
    entries_.push_back(entry);
    const auto added = static_cast<std::uint32_t>(versions_.size());
    versions_.push_back({entry, hash, kNone});
    std::uint32_t& slot = slots_[slot_of(key, hash)];
    if (slot == kEmpty) {
      slot = added;
      if (++keys_ * 2 > slots_.size()) rehash();
      return;
    }
    // Another version of a stored key: keep its chain in RocksDB's order.
    if (compare_(entry, versions_[slot].entry) < 0) {
      versions_[added].next = slot;
      slot = added;
      return;
    }
    std::uint32_t at = slot;
    while (versions_[at].next != kNone && compare_(versions_[versions_[at].next].entry, entry) < 0)
      at = versions_[at].next;
    versions_[added].next = versions_[at].next;
    versions_[at].next = added;
  }

  bool Contains(const char* memtable_key) const override {
    const Slice internal_key = rocksdb::GetLengthPrefixedSlice(memtable_key);
    const std::string_view key = user_key_of(internal_key);
    const std::uint64_t hash = hash64(key);
    std::shared_lock lock(mutex_);
    for (std::uint32_t at = slots_[slot_of(key, hash)]; at != kNone; at = versions_[at].next)
      if (compare_(versions_[at].entry, internal_key) == 0) return true;
    return false;
  }

  void MarkReadOnly() override {
    std::unique_lock lock(mutex_);
    read_only_ = true;
  }

  std::size_t ApproximateMemoryUsage() override {
    std::shared_lock lock(mutex_);
    return entries_.capacity() * sizeof(const char*) + versions_.capacity() * sizeof(Version) +
           slots_.capacity() * sizeof(std::uint32_t);
  }

  // Every entry in order: a read-only memtable (a flush) sorts its entries in
  // place once; a live one sorts a copy for this iterator.
  Iterator* GetIterator(rocksdb::Arena* arena) override {
    std::unique_lock lock(mutex_);
    if (read_only_) {
      if (!sorted_) sort_entries(entries_, compare_);
      sorted_ = true;
      return place<SortedIterator>(arena, compare_, entries_.data(), entries_.data() + entries_.size());
    }
    std::vector<const char*> copy = entries_;
    lock.unlock();
    sort_entries(copy, compare_);
    return place<SortedIterator>(arena, compare_, std::move(copy));
  }

  // The lookup iterator (see the header). RocksDB 7.8's MemTableRep::Get, its
  // only caller without an arena, never deletes it (ASan shows the leak), so
  // each thread reuses one; the factory keeps other callers away.
  Iterator* GetDynamicPrefixIterator(rocksdb::Arena* arena) override {
    if (arena != nullptr) return place<Lookup>(arena, *this);
    thread_local Lookup lookup;
    lookup.retarget(*this);
    return &lookup;
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  static constexpr std::uint32_t kEmpty = kNone;
  static constexpr std::size_t kInitialSlots = 1024;  // a power of two

  // Seek collects the versions of the target's user key from the target on.
  class Lookup final : public Iterator {
   public:
    Lookup() = default;
    explicit Lookup(const PointLookupRep& rep) : rep_(&rep) {}
    void retarget(const PointLookupRep& rep) { rep_ = &rep; }
    bool Valid() const override { return inner_.Valid(); }
    const char* key() const override { return inner_.key(); }
    void Next() override { inner_.Next(); }
    void Prev() override { inner_.Prev(); }
    void Seek(const Slice& internal_key, const char* memtable_key) override {
      load(internal_key);
      inner_.Seek(internal_key, memtable_key);
    }
    void SeekForPrev(const Slice& internal_key, const char* memtable_key) override {
      load(internal_key);
      inner_.SeekForPrev(internal_key, memtable_key);
    }
    // Without a target there is no key to look up.
    void SeekToFirst() override { inner_.reset(rep_->compare_, inner_.release()); }
    void SeekToLast() override { inner_.reset(rep_->compare_, inner_.release()); }

   private:
    void load(const Slice& internal_key) {
      std::vector<const char*> found = inner_.release();
      rep_->versions_of(user_key_of(internal_key), found);
      inner_.reset(rep_->compare_, std::move(found));
    }
    const PointLookupRep* rep_ = nullptr;
    SortedIterator inner_;
  };

  struct Version {
    const char* entry;
    std::uint64_t hash;  // of the user key
    std::uint32_t next;  // the key's next version in RocksDB's order, or kNone
  };

  // The slot that holds `key`'s first version, or the empty slot where it goes.
  std::size_t slot_of(std::string_view key, std::uint64_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t head = slots_[i];
      if (head == kEmpty || (versions_[head].hash == hash && user_key_of_entry(versions_[head].entry) == key))
        return i;
    }
  }

  void rehash() {
    const std::vector<std::uint32_t> old = std::move(slots_);
    slots_.assign(old.size() * 2, kEmpty);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t head : old) {
      if (head == kEmpty) continue;
      std::size_t i = versions_[head].hash & mask;
      while (slots_[i] != kEmpty) i = (i + 1) & mask;
      slots_[i] = head;
    }
  }

  // Appends `key`'s versions to `out`, in RocksDB's order.
  void versions_of(std::string_view key, std::vector<const char*>& out) const {
    const std::uint64_t hash = hash64(key);
    std::shared_lock lock(mutex_);
    for (std::uint32_t at = slots_[slot_of(key, hash)]; at != kNone; at = versions_[at].next)
      out.push_back(versions_[at].entry);
  }

  // RocksDB destroys an iterator it got with an arena by calling its
  // destructor only, and frees the arena itself. The arena's allocator is not
  // in RocksDB's public headers, so such iterators live in memory this
  // memtable owns, freed with it (iterators never outlive their memtable).
  template <typename It, typename... Args>
  It* place(rocksdb::Arena* arena, Args&&... args) {
    if (arena == nullptr) return new It(std::forward<Args>(args)...);
    std::unique_lock lock(arena_iterators_mutex_);
    static_assert(alignof(It) <= alignof(std::max_align_t));
    arena_iterators_.emplace_back(static_cast<unsigned char*>(::operator new(sizeof(It))));
    return new (arena_iterators_.back().get()) It(std::forward<Args>(args)...);
  }

  struct Free {
    void operator()(unsigned char* p) const { ::operator delete(p); }
  };

  const KeyComparator& compare_;
  mutable std::shared_mutex mutex_;
  std::vector<const char*> entries_;  // in insertion order until sorted for a read-only iteration
  bool read_only_ = false;
  bool sorted_ = false;
  std::vector<Version> versions_;     // one per entry
  std::vector<std::uint32_t> slots_;  // open addressing by user key: index of its first version
  std::size_t keys_ = 0;              // distinct user keys
  std::mutex arena_iterators_mutex_;
  std::vector<std::unique_ptr<unsigned char, Free>> arena_iterators_;
};

}  // namespace

rocksdb::MemTableRep* PointLookupMemTableFactory::CreateMemTableRep(const rocksdb::MemTableRep::KeyComparator& compare,
                                                                    rocksdb::Allocator* allocator,
                                                                    const rocksdb::SliceTransform* prefix_extractor,
                                                                    rocksdb::Logger* logger) {
  // With a prefix extractor RocksDB would use the lookup iterator for prefix
  // scans too (and delete it): such a family gets RocksDB's skip list.
  if (prefix_extractor != nullptr)
    return rocksdb::SkipListFactory().CreateMemTableRep(compare, allocator, prefix_extractor, logger);
  return new PointLookupRep(compare, allocator);
}

}  // namespace chipwire::store_detail
