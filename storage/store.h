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
#include <memory>
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
};

// Everything the pipeline learned about one article, written in one WriteBatch.
struct ArticleWrite {
  Article article;          // id, url, title, text, dates, hashes, source
  Extraction extraction;    // what the rules found in title + '\n' + text
  std::string rule_pack_version;
  std::string raw_body;     // the fetched document ("" to skip); stored content-addressed, compressed
  std::string raw_content_type;
};

struct ArticleWriteOutcome {
  bool new_article = false;    // the article id was not stored before
  bool changed = false;        // content hash changed: a new revision was stored
  bool unchanged = false;      // same content as stored: nothing but last_seen/feeds touched
  int new_events = 0;          // events created by this write
  int new_mentions = 0;
  int flags = 0;               // flags stored for review
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
};

class Store {
 public:
  // Exit code 3 material: a corrupt or foreign directory, another schema version,
  // no permission. A reader of a directory with no store gets not_found.
  static Result<std::unique_ptr<Store>> open(const std::string& directory, const StoreOptions& options);
  virtual ~Store() = default;

  // REQUIRES: writer. One WriteBatch: all of it lands or none.
  virtual Result<ArticleWriteOutcome> write_article(const ArticleWrite& write) = 0;

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

  // Makes every write durable (WAL sync).
  virtual Status flush() = 0;
};

// Current on-disk schema version; stored in the `meta` family.
inline constexpr int kSchemaVersion = 1;

}  // namespace chipwire
