// The store: the only code that includes RocksDB. Articles, raw bodies, events,
// mentions, indexes, feed state and review decisions in one database with one
// column family per kind of record (docs/design.md has the key grammar).
//
// One process opens a data directory as the writer (ingest, review decisions);
// any number of readers open it as RocksDB secondary instances and see a
// consistent snapshot while the writer goes on. A Store is safe to use from one
// thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/extraction.h"
#include "core/status.h"
#include "core/time.h"

namespace chipwire {

enum class OpenMode {
  writer,     // create if missing; the caller holds the ingest lock
  reader,     // secondary instance: never blocks or disturbs a writer
};

struct StoreOptions {
  OpenMode mode = OpenMode::reader;
  // Where a reader keeps its secondary-instance files; "" = a fresh temp folder.
  std::string secondary_path;
  // Called on the opening thread before a writer upgrades an older store in
  // place (which re-derives every article's events: minutes on a large store).
  std::function<void(int from_version, int to_version)> on_upgrade;
  // Writer only: how its writes survive a crash (kill -9, power loss).
  //  true:  each write goes to RocksDB's write-ahead log first; a crash loses
  //         at most the writes still in the log's buffer (write_feed_poll
  //         writes it out at the end of each feed; flush() syncs it).
  //  false: writes skip the log and become durable when the memtables are
  //         flushed to files, every family at once (RocksDB's atomic flush),
  //         so a crash leaves a prefix of the writes: everything up to the last
  //         flush, nothing after it, never part of a batch. flush() makes one.
  //         What ingest uses: a crash loses work its next run fetches again,
  //         and the log cost replay-2022's ingest 12% of its time.
  bool log_writes = true;
};

// Everything the pipeline learned about one article, written in one WriteBatch.
struct ArticleWrite {
  Article article;          // id, url, title, text, dates, hashes, source
  Extraction extraction;    // what the rules found in title + '\n' + text
  std::string rule_pack_version;
  std::string raw_body;     // the fetched document ("" to skip); stored content-addressed, compressed
  std::string raw_content_type;
  // raw_body in its stored form, made by prepare_raw_body() on a worker thread
  // so that the single writer does not compress; raw_body is then empty.
  std::string raw_key;
  std::string raw_record;
  // Re-extraction of a stored article (`reprocess`): the extraction replaces the
  // stored one even when the content is unchanged, and no new revision is made.
  bool reextract = false;
};

// Compresses w.raw_body into w.raw_key / w.raw_record (and empties raw_body),
// as write_article would. Optional; any thread. `body_hash`: hash_hex128 of
// w.raw_body when the caller has it already ("" computes it).
void prepare_raw_body(ArticleWrite& w, std::string body_hash = {});

// How far a stored last_seen may lag an article's last sighting.
// - An unchanged article's record is rewritten for its last_seen only when that
//   moves by kLastSeenStep. Feeds polled every few minutes list the same items
//   poll after poll: rewriting each listed article's whole record every time to
//   move one date made a re-poll of replay-2022 with nothing new write 57 MB and
//   then compact it, slower than the first ingest.
// - An ingest does not parse a feed body it processed within
//   kUnchangedBodyRecheck (FeedState::body_hash).
// prune() allows for both (kLastSeenLag).
inline constexpr UnixSeconds kLastSeenStep = 86400;
inline constexpr UnixSeconds kUnchangedBodyRecheck = 86400;
inline constexpr UnixSeconds kLastSeenLag = kLastSeenStep + kUnchangedBodyRecheck;

struct ArticleWriteOutcome {
  bool new_article = false;    // the article id was not stored before
  bool changed = false;        // content hash changed: a new revision was stored
  bool unchanged = false;      // same content as stored: nothing but last_seen/feeds touched
  int new_events = 0;          // events created by this write
  int new_mentions = 0;
  int flags = 0;               // flags stored for review
  bool kept_body = false;      // its raw_body / raw_record was stored (it comes with new or changed content)
};

// Per-feed state kept between runs.
struct FeedState {
  std::string id;   // hex hash of the configured URL
  std::string url;  // as configured (or as updated after permanent redirects)
  std::string title;
  std::string etag;
  std::string last_modified;
  UnixSeconds last_polled = 0;
  UnixSeconds last_ok = 0;
  UnixSeconds next_due = 0;
  std::string last_error;         // fetch_error_name() or ""
  std::string last_error_message;
  UnixSeconds last_error_time = 0;
  int consecutive_failures = 0;
  std::int64_t total_failures = 0;
  std::string redirect_url;       // target of the last permanent redirect
  int redirect_count = 0;         // consecutive polls that saw it
  std::int64_t items_seen = 0;
  // The last body whose items were all processed (hash_hex128 of the bytes as
  // fetched, "" if none) and when. A poll that fetches the same bytes again
  // within a day has nothing new to parse (many servers send no validators).
  std::string body_hash;
  UnixSeconds body_processed = 0;
  // When a fetched document of this feed was last kept (`raw`): write_feed_poll
  // sets it to last_polled when it stores one. The pipeline offers a feed's
  // document at most once per Config::keep_document_hours (feeds polled every
  // 15 minutes would otherwise keep ~100 near-copies a day).
  UnixSeconds document_kept = 0;
};

struct EventQuery {
  std::optional<std::string> company;
  std::optional<std::string> chip;
  std::optional<std::string> type;
  std::optional<std::string> actor;
  std::optional<std::string> modality;
  std::optional<std::string> feed;
  std::optional<UnixSeconds> since;  // first_seen >= since
  std::optional<UnixSeconds> until;  // first_seen <  until
  std::uint32_t min_sources = 0;
  bool include_rejected = false;
  std::size_t limit = 0;  // 0 = no limit
};

struct ArticleQuery {
  std::optional<std::string> feed;
  std::optional<UnixSeconds> since;
  std::optional<UnixSeconds> until;
  std::size_t limit = 0;
};

struct MentionRecord {
  std::string event_id;
  std::string article_id;
  std::string rule;
  Span evidence;
  std::string evidence_text;
  double confidence = 0;
  // Added by storage: what the mention carried when it was written.
  std::string modality;          // of the action in this article
  std::string source;            // outlet of the article
  std::uint64_t simhash = 0;     // of the article (story cluster)
  UnixSeconds article_date = 0;  // published, else first_seen
  std::string review = "none";   // none | open | accepted | rejected (of this action)
};

// ---- Review queue (issue 6) ----

// An article the rules were unsure about. Key: article id.
struct ReviewItem {
  std::string article_id;
  std::vector<Flag> reasons;   // flags of the current revision (plus revision_changed_actions)
  std::string state = "open";  // open | accepted | rejected
  std::string reviewer;        // who decided last ("" while open)
  std::string note;
  UnixSeconds created = 0;     // first flagged
  UnixSeconds updated = 0;     // last flagged or decided
  std::vector<std::string> feeds;  // of the article, for `review list --feed`
  UnixSeconds article_date = 0;
};

struct ReviewQuery {
  std::optional<std::string> state;   // open | accepted | rejected
  std::optional<std::string> reason;  // a flag reason
  std::optional<std::string> feed;
  std::optional<UnixSeconds> since;   // updated >= since
  std::size_t limit = 0;
};

// The identity of an action for review decisions: survives re-extraction and
// reordering (never a position). Build it with action_identity().
struct ActionIdentity {
  std::string type;
  std::optional<std::string> actor;
  std::vector<std::string> companies;  // sorted, distinct
  std::vector<std::string> chips;      // sorted, distinct
};
ActionIdentity action_identity(const Action& action);
// "type|actor|c1,c2|h1,h2": the stored, printable form.
std::string identity_key(const ActionIdentity& identity);

struct ActionCorrection {
  std::optional<std::string> type;
  std::optional<std::string> actor;  // "" clears the actor
  std::optional<std::string> modality;
};

struct ReviewDecision {
  std::string article_id;
  std::string verdict;  // accept | reject | correct
  // The action decided; nullopt = every action of the article's current revision
  // (and the item itself when the article has no actions).
  std::optional<ActionIdentity> action;
  ActionCorrection correction;  // verdict == correct (REQUIRES action)
  std::string by;
  std::string note;
  UnixSeconds time = 0;  // 0 = now
};

// One line of the append-only audit log.
struct ReviewLogEntry {
  std::uint64_t seq = 0;
  UnixSeconds time = 0;
  std::string by;
  std::string article_id;
  std::string verdict;
  std::string action;  // identity_key() or "" for the whole article
  std::string correction;  // "type=..;actor=..;modality=.." or ""
  std::string note;
};

// A stored decision on one action of one article.
struct ActionDecision {
  std::string article_id;
  ActionIdentity action;
  std::string verdict;  // accept | reject | correct
  ActionCorrection correction;
  std::string by;
  std::string note;
  UnixSeconds time = 0;
};

// What a stored article carried when last written (for `review show`, reprocess).
struct StoredArticle {
  Article article;
  Extraction extraction;
  std::string rule_pack_version;
  std::string raw_key;  // content hash of the kept body ("" if none or pruned)
  std::vector<std::string> event_ids;  // events its actions map to
};

struct RawBody {
  std::string content_type;
  std::string body;
  UnixSeconds last_used = 0;
};

struct StoreStats {
  std::uint64_t events = 0;
  std::uint64_t rejected_events = 0;  // not in the maps below
  std::uint64_t articles = 0;
  std::uint64_t review_open = 0;
  std::vector<std::pair<std::string, std::uint64_t>> by_type;     // sorted by key
  std::vector<std::pair<std::string, std::uint64_t>> by_company;
  std::vector<std::pair<std::string, std::uint64_t>> by_chip;
  std::vector<std::pair<std::string, std::uint64_t>> by_week;     // ISO week of first_seen
};

struct PruneOutcome {
  std::uint64_t articles_removed = 0;
  std::uint64_t revisions_removed = 0;
  std::uint64_t raw_removed = 0;
};

class Store {
 public:
  // Exit code 3 material: a corrupt or foreign directory, another schema version,
  // no permission. A reader of a directory with no store gets not_found.
  static Result<std::unique_ptr<Store>> open(const std::string& directory, const StoreOptions& options);
  virtual ~Store() = default;

  // REQUIRES: writer. One WriteBatch: all of it lands or none. It reaches the
  // WAL file, and so readers and the next writer after a kill, with the next
  // write of another kind (put_feed_state, decide, ...) or flush(); without the
  // log (log_writes = false), with the next flush. In order either way, so a kill
  // loses at most the articles written since, which the caller must still be
  // able to redo (an ingest writes a feed's state after its articles). Takes
  // the write, as write_feed_poll does.
  virtual Result<ArticleWriteOutcome> write_article(ArticleWrite write) = 0;
  // REQUIRES: writer. One polled feed: its articles (each as write_article
  // would store it, outcomes in order) and then its new state, flushed to the
  // WAL file (without the log: durable at the next flush). Articles that touch
  // no event share a WriteBatch with the state, so
  // a typical feed is one write; a kill leaves all of such a batch or none of it,
  // and never the state without the articles before it. The state is stored with
  // document_kept = state.last_polled when a write's body was kept. Takes the
  // writes (the pipeline moves them in; each article moves into its record).
  virtual Result<std::vector<ArticleWriteOutcome>> write_feed_poll(std::vector<ArticleWrite> writes,
                                                                   const FeedState& state) = 0;

  virtual Result<std::vector<Event>> events(const EventQuery& query) = 0;
  virtual Result<std::optional<Event>> event(const std::string& id) = 0;
  virtual Result<std::vector<MentionRecord>> mentions(const std::string& event_id) = 0;
  virtual Result<std::vector<Article>> articles(const ArticleQuery& query) = 0;
  virtual Result<std::optional<Article>> article(const std::string& id) = 0;

  virtual Result<std::vector<FeedState>> feed_states() = 0;
  virtual Result<std::optional<FeedState>> feed_state(const std::string& feed_id) = 0;
  // REQUIRES: writer.
  virtual Status put_feed_state(const FeedState& state) = 0;
  virtual Status remove_feed_state(const std::string& feed_id) = 0;

  // Makes every write so far durable: syncs the log, or (log_writes = false)
  // flushes the memtables of every family at once and waits for it.
  virtual Status flush() = 0;

  // Wall seconds this store has spent handing writes to RocksDB so far: the WAL,
  // the memtables, and any wait for a flush to make room (--stats). Any thread.
  virtual double commit_seconds() const = 0;

  // ---- added by storage ----
  // Reader: catch up with the writer (queries between two refreshes see one state).
  // Writer: no-op.
  virtual Status refresh() = 0;

  virtual Result<std::optional<StoredArticle>> stored_article(const std::string& id) = 0;
  // Earlier revisions of an article, oldest first (the current one is article()).
  virtual Result<std::vector<StoredArticle>> revisions(const std::string& id) = 0;
  virtual Result<std::optional<RawBody>> raw_body(const std::string& content_key) = 0;

  // Review queue. REQUIRES writer for decide().
  virtual Result<std::vector<ReviewItem>> review_items(const ReviewQuery& query) = 0;
  virtual Result<std::optional<ReviewItem>> review_item(const std::string& article_id) = 0;
  virtual Result<std::vector<ActionDecision>> decisions(const std::string& article_id) = 0;
  // Records the decision (and its audit line) and re-derives the article's events in
  // one WriteBatch. not_found when the article is unknown or the action is not one
  // of its current actions.
  virtual Status decide(const ReviewDecision& decision) = 0;
  // Oldest first; limit 0 = all.
  virtual Result<std::vector<ReviewLogEntry>> review_log(std::size_t limit) = 0;

  // A consistent copy of the store in `directory` (must not exist) via a
  // RocksDB checkpoint; openable as a store on its own.
  virtual Status backup(const std::string& directory) = 0;
  // REQUIRES writer. Removes articles last seen before `before` (a stored
  // last_seen kLastSeenLag or more before it), their earlier revisions and
  // kept bodies not used since. Events, mentions and counts stay.
  virtual Result<PruneOutcome> prune(UnixSeconds before) = 0;
  virtual Result<StoreStats> stats() = 0;
  // Every stored event id with its dedup key text (for debugging and docs).
  virtual Result<std::string> event_key(const std::string& event_id) = 0;
};

// Current on-disk schema version; stored in the `meta` family. A writer opening
// a store of an older version from kOldestUpgradableSchema on upgrades it in place
// first (storage/upgrade.cc); anything else is refused with both versions named.
inline constexpr int kSchemaVersion = 4;
inline constexpr int kOldestUpgradableSchema = 1;

}  // namespace chipwire
