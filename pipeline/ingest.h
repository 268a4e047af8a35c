// One ingest run: poll every due feed once, parse, extract, store, and say
// what happened. Called by `chipwire ingest`; the caller holds the DataDirLock.
//
// Stages joined by bounded queues (docs/design.md): this thread drives the
// fetcher; a worker pool parses, builds articles and extracts; one writer
// thread commits each article in one WriteBatch and then the feed's state.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "extractors/extractor.h"
#include "pipeline/config.h"
#include "storage/store.h"

namespace chipwire {

struct IngestOptions {
  bool poll_all = false;  // ignore due times (--all)
  int workers = 0;        // parse/extract threads; 0 = number of cores
  // Each queue between stages (fetched documents; parsed feeds) holds at most
  // this many feeds per worker and this many bytes of feed documents, however
  // many feeds are polled (see BoundedQueue).
  std::size_t queue_feeds_per_worker = 16;
  std::size_t queue_bytes = 8 << 20;
  // The writer, when it waits for parsed feeds, is woken when this many are
  // ready (or after ConsumerWake's max_delay): fewer context switches.
  std::size_t writer_wake_batch = 8;
  // The workers run this much nicer than the writer: the single writer is the
  // stage everything waits for, so when both want a core it gets it
  // (replay-2022 on 2 cores: 4% less wall time). 0 leaves them alone.
  int worker_nice = 5;
  // Set from a signal handler: stop fetching, finish and commit what is in flight.
  const std::atomic<bool>* stop = nullptr;
  // Called on the writer thread after each feed is done (progress display).
  std::function<void(std::size_t done, std::size_t total)> on_feed_done;
  // Called on the writer thread once per polled feed, failed or not.
  std::function<void(const struct FeedReport&)> on_feed_report;
};

// What happened to one feed in a run (logs, --verbose).
struct FeedReport {
  std::string url;
  std::string error;          // fetch_error_name(), "" when it went fine
  std::string error_message;
  long http_status = 0;
  bool not_modified = false;
  bool same_body = false;  // the bytes it processed last time (within a day): not parsed
  int items = 0;
  int new_articles = 0;
  int new_events = 0;
  double fetch_seconds = 0;
  std::size_t bytes = 0;
};

struct StageTimes {
  double fetch = 0;    // wall seconds of the fetch stage
  double parse = 0;    // summed worker seconds parsing
  double extract = 0;  // summed worker seconds extracting
  double store = 0;    // writer seconds storing feeds (reads, encoding, commits)
  double commit = 0;   // of which inside RocksDB's writes: memtables, waiting for flushes
  double final_flush = 0;  // the flush at the end that makes the run's writes durable (in the total)
  // CPU seconds (on-CPU time, whatever else the machine runs): the fetch
  // thread, the worker pool together, the writer thread, the whole process.
  double fetch_cpu = 0;
  double workers_cpu = 0;
  double store_cpu = 0;
  double total_cpu = 0;
  // Filled by the caller around run_ingest (wall seconds): reading the config
  // and rule pack and opening the store; closing it.
  double setup = 0;
  double close = 0;
};

struct IngestSummary {
  int feeds_polled = 0;
  int feeds_unchanged = 0;  // 304 or same content
  int feeds_failed = 0;
  int feeds_skipped = 0;    // not due yet
  std::int64_t items = 0;
  std::int64_t new_articles = 0;
  std::int64_t changed_articles = 0;
  std::int64_t new_events = 0;
  std::int64_t flags = 0;
  std::int64_t fetched_bytes = 0;
  bool interrupted = false;
  double seconds = 0;
  StageTimes stages;
  std::vector<std::pair<std::string, int>> errors_by_type;  // fetch_error_name -> count
};

Result<IngestSummary> run_ingest(const Config& config, const RulePack& rules, Store& store,
                                 const IngestOptions& options);

// "feeds 12 polled, 3 unchanged, 1 failed; 40 new articles, 7 new events, 2 flags; 1.3s"
std::string format_summary(const IngestSummary& summary);

}  // namespace chipwire
