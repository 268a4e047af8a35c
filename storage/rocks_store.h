// The RocksDB implementation of Store. Internal to storage/: everyone else
// goes through Store::open(). One thread at a time (see store.h).
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "storage/records.h"
#include "storage/store.h"

namespace chipwire::store_detail {

// Column family order; names are part of the on-disk format.
enum Family : int { kFeeds, kArticles, kRevisions, kRaw, kEvents, kMentions, kIndex, kReview, kMeta, kFamilyCount };
const std::vector<std::string>& family_names();

Status from_rocks(const rocksdb::Status& s, const std::string& what);

// Decode what a read found for an article or a review item; a damaged value
// is a corruption status naming the article.
Result<std::optional<StoredArticle>> stored_article_from(const std::string& id, const std::optional<std::string>& value);
Result<std::optional<ReviewItem>> review_item_from(const std::string& article_id,
                                                   const std::optional<std::string>& value);

class RocksStore final : public Store {
 public:
  RocksStore(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles, bool writer,
             bool log_writes, std::string secondary_dir);
  ~RocksStore() override;

  Result<ArticleWriteOutcome> write_article(ArticleWrite write) override;
  Result<std::vector<ArticleWriteOutcome>> write_feed_poll(std::vector<ArticleWrite> writes,
                                                           const FeedState& state) override;
  Result<std::vector<Event>> events(const EventQuery& query) override;
  Result<std::optional<Event>> event(const std::string& id) override;
  Result<std::vector<MentionRecord>> mentions(const std::string& event_id) override;
  Result<std::vector<Article>> articles(const ArticleQuery& query) override;
  Result<std::optional<Article>> article(const std::string& id) override;
  Result<std::vector<FeedState>> feed_states() override;
  Result<std::optional<FeedState>> feed_state(const std::string& feed_id) override;
  Status put_feed_state(const FeedState& state) override;
  Status remove_feed_state(const std::string& feed_id) override;
  Status flush() override;
  double commit_seconds() const override { return static_cast<double>(commit_nanos_.load()) / 1e9; }
  Status refresh() override;
  Result<std::optional<StoredArticle>> stored_article(const std::string& id) override;
  Result<std::vector<StoredArticle>> revisions(const std::string& id) override;
  Result<std::optional<RawBody>> raw_body(const std::string& content_key) override;
  Result<std::vector<ReviewItem>> review_items(const ReviewQuery& query) override;
  Result<std::optional<ReviewItem>> review_item(const std::string& article_id) override;
  Result<std::vector<ActionDecision>> decisions(const std::string& article_id) override;
  Status decide(const ReviewDecision& decision) override;
  Result<std::vector<ReviewLogEntry>> review_log(std::size_t limit) override;
  Status backup(const std::string& directory) override;
  Result<PruneOutcome> prune(UnixSeconds before) override;
  Result<StoreStats> stats() override;
  Result<std::string> event_key(const std::string& event_id) override;

  // When a written batch reaches the WAL file. The writer's WAL is flushed by
  // hand (manual_wal_flush): article batches wait in its buffer and go with the
  // next flushed write (a feed's state, a decision) or flush(); a kill loses at
  // most that suffix, in order, and the next ingest fetches those feeds again.
  // Without the log (StoreOptions::log_writes = false) both are the same.
  enum class WalFlush { now, buffered };
  // What the store holds for one article id, read before a poll's writes:
  // its encoded record and review item (nullopt: none).
  struct ArticleReads {
    std::optional<std::string> article, review_item;
  };
  // Both records of every write's article, in two MultiGets (one per family)
  // instead of two Gets per article: RocksDB probes each file's Bloom filter
  // for the whole batch of keys. Ids that are not 32 hex digits read nothing.
  Result<std::vector<ArticleReads>> read_articles(const std::vector<ArticleWrite>& writes);
  // write_article's work up to the write: reads what it needs and adds every
  // change to `batch`. `touched_events` is set when it read or wrote events
  // or mentions (the article has or had actions). `known`: the article's
  // records as read_articles() found them, when nothing has written them
  // since; else stage_article reads them itself. `document`: an earlier write
  // of the same poll whose kept body (raw_record / raw_body) no article has
  // kept yet; a new or changed article without a body of its own keeps it.
  // Takes w.article and w.extraction (moved into the stored record); the rest
  // of `w` stays as it was.
  Result<ArticleWriteOutcome> stage_article(ArticleWrite& w, rocksdb::WriteBatch& batch, bool& touched_events,
                                            const ArticleReads* known = nullptr,
                                            const ArticleWrite* document = nullptr);
  Status write_batch(rocksdb::WriteBatch& batch, WalFlush when = WalFlush::now);
  // Re-derives every article's events from its stored actions (upgrade.cc);
  // the number of articles. REQUIRES writer.
  Result<std::uint64_t> rederive_all_articles();
  // Writes every event's index entries from its record (upgrade.cc); the number
  // of events. REQUIRES writer.
  Result<std::uint64_t> reindex_all_events();
  // The same for every article's date and feed entries.
  Result<std::uint64_t> reindex_all_articles();
  // Calls `index` with each record of family `f` (false: the record is damaged)
  // and writes its batches every 1,000 records; the number of records.
  using IndexRecord = std::function<bool(std::string_view value, rocksdb::WriteBatch& batch)>;
  Result<std::uint64_t> reindex_each(Family f, const std::string& what, const IndexRecord& index);
  // Brings a store of schema `version` to kSchemaVersion (everything but the
  // schema key, which the caller writes once this succeeds). REQUIRES writer.
  Status upgrade_from(int version);
  // Merges the index's L0 files down when the writer closes (store_open.cc).
  void compact_index_head();
  // Low-level reads shared by the files of this class.
  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles_[f]; }
  rocksdb::DB* db() const { return db_.get(); }
  // Value or nullopt when the key is absent.
  Result<std::optional<std::string>> get(Family f, const std::string& key);
  // Every (key, value) whose key starts with `prefix`.
  Result<std::vector<std::pair<std::string, std::string>>> scan_prefix(Family f, const std::string& prefix);

 private:
  // The article's events re-derived from its current actions and decisions
  // (derive.cc). Everything goes to `batch`.
  struct Derived;
  Status require_writer() const;
  Result<std::optional<EventRecord>> load_event(const std::string& id);
  Status rederive(const StoredArticle& current, const std::vector<std::string>& old_event_ids,
                  const std::map<std::string, ActionDecision>& decisions, bool item_open,
                  rocksdb::WriteBatch& batch, std::vector<std::string>& event_ids, int& new_events,
                  int& new_mentions);
  Status recount_event(const std::string& event_id, const std::string& article_id,
                       const std::map<std::string, MentionValue>& article_mentions, const EventRecord* fresh,
                       rocksdb::WriteBatch& batch);
  Result<std::vector<std::string>> candidate_events(const EventQuery& q, std::size_t want,
                                                    std::vector<std::string>* values);
  Result<std::vector<std::string>> index_walk(const std::vector<std::string>& tag_parts,
                                              std::optional<UnixSeconds> since, std::optional<UnixSeconds> until,
                                              std::size_t want, std::vector<std::string>* values);
  Result<std::uint64_t> next_log_seq();
  // Decisions of an article keyed by identity_key().
  Result<std::map<std::string, ActionDecision>> decision_map(const std::string& article_id);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  bool writer_;
  bool log_writes_;            // StoreOptions::log_writes (writer)
  std::string secondary_dir_;  // removed on close
  std::uint64_t log_seq_ = 0;  // last used audit-log sequence (writer)
  bool log_seq_loaded_ = false;
  // A write failed (disk full, I/O error): RocksDB's WAL writer refuses every
  // later flush or sync, so closing must not ask for one.
  bool write_failed_ = false;
  std::atomic<std::int64_t> commit_nanos_{0};  // see commit_seconds()
};

// Index keys an event record owns (all of them, for the current record).
std::set<std::string> event_index_keys(const EventRecord& e);
// Calls `visit` with each index key an article owns, once each. A key is
// valid only during its call.
void for_article_index_keys(const Article& a, const std::function<void(std::string_view)>& visit);

}  // namespace chipwire::store_detail
