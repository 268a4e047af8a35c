#include "pipeline/ingest.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <string_view>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

#include "core/hash.h"
#include "core/time.h"
#include "feeds/feed_parser.h"
#include "feeds/fetch_schedule.h"
#include "feeds/fetcher.h"
#include "pipeline/article_builder.h"
#include "pipeline/bounded_queue.h"

namespace chipwire {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Names the calling thread for top -H, perf and gdb (at most 15 bytes).
void name_this_thread(const char* name) { pthread_setname_np(pthread_self(), name); }

// Linux gives each thread its own nice value: this thread's goes up by `by`
// (relative, so a run started under `nice` stays under it). Best effort.
void lower_this_thread_priority(int by) {
  if (by <= 0) return;
  const auto tid = static_cast<id_t>(gettid());
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (errno != 0) return;
  setpriority(PRIO_PROCESS, tid, std::min(19, now + by));
}

// What the fetch stage hands to the workers. `feed_index` indexes the run's due list.
struct Fetched {
  std::size_t feed_index;
  FetchResult result;
};

// What the workers hand to the writer: a feed's new state and its articles.
struct Processed {
  std::size_t feed_index;
  FetchResult meta;  // body moved out
  FetchError error = FetchError::none;
  std::string error_message;
  std::vector<ArticleWrite> writes;
  std::optional<std::int64_t> ttl_minutes;  // RSS <ttl>
  double parse_seconds = 0;
  double extract_seconds = 0;
  std::size_t body_bytes = 0;
  // hash_hex128 of the body when it was processed in full (the feed state
  // remembers it); body_unchanged when it was the body the feed last processed
  // within kUnchangedBodyRecheck, and so was not parsed.
  std::string body_hash;
  bool body_unchanged = false;
  // Entries whose article the same document already listed (a live blog that
  // lists one URL several times with different text): counted as items, not
  // written, so that the article's text does not swap at every poll.
  int repeated_entries = 0;
};

// One feed to poll in this run. Kept small and held for the whole run, so it is
// all that grows with the number of feeds: the full FeedState is read again by
// the writer when the feed's result arrives, and requests are made on demand.
struct DueFeed {
  std::uint32_t feed = 0;  // into config.feeds, which outlives the run
  bool stored = false;     // the store has a state for it
};

// What a stored state adds to a feed's poll: validators and a moved URL for
// its request, and the last body it processed. Only feeds that have any get an
// entry (in due order, so it is searched by index); the strings share one
// allocation. Built before the run starts; read-only after, from any thread.
class RequestExtras {
 public:
  // A feed has moved when its stored URL (updated after a permanent redirect
  // seen on 3 consecutive polls) is not the configured one; it stays moved
  // after the redirect count restarts at its new address.
  void add(std::uint32_t due_index, const FeedState& state, const std::string& configured_url) {
    const bool moved = !state.url.empty() && state.url != configured_url;
    if (state.etag.empty() && state.last_modified.empty() && state.body_hash.empty() && !moved &&
        state.document_kept == 0)
      return;
    Entry e;
    e.due_index = due_index;
    e.etag_size = static_cast<std::uint32_t>(state.etag.size());
    e.last_modified_size = static_cast<std::uint32_t>(state.last_modified.size());
    e.body_hash_size = static_cast<std::uint32_t>(state.body_hash.size());
    e.body_processed = state.body_processed;
    e.document_kept = state.document_kept;
    e.text = state.etag + state.last_modified + state.body_hash + (moved ? state.url : std::string());
    entries_.push_back(std::move(e));
  }
  // Fills etag, last_modified and (when moved) url of `req` for due feed `due_index`.
  void apply(std::uint32_t due_index, FetchRequest& req) const {
    const Entry* e = find(due_index);
    if (e == nullptr) return;
    const std::string_view text = e->text;
    req.etag = text.substr(0, e->etag_size);
    req.last_modified = text.substr(e->etag_size, e->last_modified_size);
    const std::string_view moved = text.substr(e->etag_size + e->last_modified_size + e->body_hash_size);
    if (!moved.empty()) req.url = moved;
  }
  // True when due feed `due_index` processed a body with this hash after `since`.
  bool processed_body(std::uint32_t due_index, std::string_view body_hash, UnixSeconds since) const {
    const Entry* e = find(due_index);
    if (e == nullptr || e->body_hash_size == 0 || e->body_processed <= since) return false;
    return std::string_view(e->text).substr(e->etag_size + e->last_modified_size, e->body_hash_size) == body_hash;
  }
  // When due feed `due_index` last had a document kept (0: never).
  UnixSeconds document_kept(std::uint32_t due_index) const {
    const Entry* e = find(due_index);
    return e == nullptr ? 0 : e->document_kept;
  }
  void shrink() { entries_.shrink_to_fit(); }

 private:
  struct Entry {
    std::uint32_t due_index;
    std::uint32_t etag_size;
    std::uint32_t last_modified_size;
    std::uint32_t body_hash_size;
    UnixSeconds body_processed;
    UnixSeconds document_kept;
    std::string text;  // etag, last_modified, body hash, moved URL
  };
  const Entry* find(std::uint32_t due_index) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), due_index,
                               [](const Entry& e, std::uint32_t i) { return e.due_index < i; });
    return it == entries_.end() || it->due_index != due_index ? nullptr : &*it;
  }
  std::vector<Entry> entries_;
};

// The state a feed starts from: the stored one, or a fresh one; the configured title wins.
Result<FeedState> load_state(Store& store, const FeedConfig& feed, bool stored) {
  FeedState state;
  const std::string id = feed_id_for_url(feed.url);
  if (stored) {
    auto loaded = store.feed_state(id);
    if (!loaded.ok()) return loaded.status();
    if (loaded->has_value()) state = std::move(**loaded);
  }
  if (state.id.empty()) {
    state.id = id;
    state.url = feed.url;
  }
  if (!feed.title.empty()) state.title = feed.title;
  return state;
}

Processed process(const FeedConfig& feed_config, Fetched&& fetched, const RulePack& rules,
                  const RequestExtras& extras, UnixSeconds now, UnixSeconds keep_document_seconds) {
  Processed out;
  out.feed_index = fetched.feed_index;
  FetchResult& r = fetched.result;
  out.error = r.error;
  out.error_message = r.error_message;
  out.body_bytes = r.body.size();
  if (r.error != FetchError::none || r.not_modified) {
    out.meta = std::move(r);
    return out;
  }
  // The bytes the feed's last processed body had: every item is stored already
  // (many servers send no validators, or new ones for the same feed). Once a
  // day the body is read again all the same, so that its items' last_seen
  // moves and a parser fixed since sees it.
  const std::string body_hash = hash_hex128(r.body);
  if (extras.processed_body(static_cast<std::uint32_t>(out.feed_index), body_hash, now - kUnchangedBodyRecheck)) {
    out.body_unchanged = true;
    r.body.clear();
    out.meta = std::move(r);
    return out;
  }
  const auto parse_start = Clock::now();
  ParseOptions options;
  options.content_type = r.content_type;
  options.document_url = r.final_url.empty() ? feed_config.url : r.final_url;
  ParsedFeed feed = parse_feed(r.body, options);
  out.parse_seconds = seconds_since(parse_start);
  if (feed.format == "unknown") {
    out.error = FetchError::not_a_feed;
    out.error_message = feed_config.url + ": not a feed" +
                        (feed.problems.empty() ? std::string() : " (" + feed.problems.front() + ")");
    out.meta = std::move(r);
    return out;
  }
  out.body_hash = body_hash;
  out.ttl_minutes = feed.feed.ttl_minutes;
  const auto extract_start = Clock::now();
  ArticleSource source{feed_id_for_url(feed_config.url), options.document_url, now};
  // Reserved for every entry: the id set views the ids in out.writes, which must not move.
  out.writes.reserve(feed.entries.size());
  std::unordered_set<std::string_view> ids;
  ids.reserve(feed.entries.size());
  std::string input;  // extraction's input, one buffer for the document's articles
  for (FeedEntry& entry : feed.entries) {
    std::optional<Article> article = build_article(std::move(entry), source);  // takes its strings
    if (!article) continue;
    if (ids.count(article->id)) {  // the first listing wins (feeds list the newest first)
      ++out.repeated_entries;
      continue;
    }
    ArticleWrite w;
    extraction_input(*article, input);
    w.extraction = extract(rules, input);
    w.article = std::move(*article);
    w.rule_pack_version = rules.version();
    out.writes.push_back(std::move(w));
    ids.insert(out.writes.back().article.id);
  }
  out.extract_seconds = seconds_since(extract_start);
  // The document goes with the articles (the store keeps it with the first one
  // that is new or changed) at most once per keep_document_seconds.
  const UnixSeconds kept = extras.document_kept(static_cast<std::uint32_t>(out.feed_index));
  const bool keep_document = kept == 0 || keep_document_seconds == 0 || now - kept >= keep_document_seconds;
  if (!out.writes.empty() && keep_document) {
    out.writes.front().raw_body = std::move(r.body);
    out.writes.front().raw_content_type = r.content_type;
    prepare_raw_body(out.writes.front(), body_hash);  // compressed here, not on the writer thread
  }
  r.body.clear();
  out.meta = std::move(r);
  return out;
}

}  // namespace

Result<IngestSummary> run_ingest(const Config& config, const RulePack& rules, Store& store,
                                 const IngestOptions& options) {
  const auto run_start = Clock::now();
  const double process_cpu_start = process_cpu_seconds();
  const UnixSeconds now = now_unix();
  IngestSummary summary;

  // Which feeds are due. Nothing else is kept per feed (see DueFeed).
  std::vector<DueFeed> due;
  due.reserve(config.feeds.size());
  RequestExtras extras;
  for (std::size_t i = 0; i < config.feeds.size(); ++i) {
    const FeedConfig& feed = config.feeds[i];
    auto state = store.feed_state(feed_id_for_url(feed.url));
    if (!state.ok()) return state.status();
    if (state->has_value() && !options.poll_all && (*state)->next_due > now) {
      ++summary.feeds_skipped;
      continue;
    }
    DueFeed d;
    d.feed = static_cast<std::uint32_t>(i);
    d.stored = state->has_value();
    if (d.stored) extras.add(static_cast<std::uint32_t>(due.size()), **state, feed.url);
    due.push_back(d);
  }
  due.shrink_to_fit();
  extras.shrink();
  auto feed_of = [&](std::size_t due_index) -> const FeedConfig& { return config.feeds[due[due_index].feed]; };
  auto request_at = [&](std::size_t due_index) {
    const FeedConfig& feed = feed_of(due_index);
    FetchRequest req;
    req.url = feed.url;
    // A permanent redirect seen on 3 consecutive polls moves the feed (extras hold the new URL).
    extras.apply(static_cast<std::uint32_t>(due_index), req);
    req.user_agent = feed.user_agent.empty() ? config.user_agent : feed.user_agent;
    if (feed.connect_timeout_ms) req.connect_timeout_ms = feed.connect_timeout_ms;
    if (feed.total_timeout_ms) req.total_timeout_ms = feed.total_timeout_ms;
    if (feed.max_body_bytes) req.max_body_bytes = feed.max_body_bytes;
    req.allow_private_addresses = config.allow_private_addresses;
    req.allow_local_files = config.allow_local_files;
    return req;
  };

  const int workers = options.workers > 0
                          ? options.workers
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const std::size_t queue_feeds = static_cast<std::size_t>(workers) * options.queue_feeds_per_worker;
  BoundedQueue<Fetched> fetched(queue_feeds, options.queue_bytes);
  // The writer is faster than the workers: it is woken for a batch of feeds, not for each.
  BoundedQueue<Processed> processed(queue_feeds, options.queue_bytes, ConsumerWake{options.writer_wake_batch});

  std::mutex times_mu;
  std::vector<std::thread> pool;
  for (int i = 0; i < workers; ++i) {
    pool.emplace_back([&] {
      name_this_thread("cw-worker");
      lower_this_thread_priority(options.worker_nice);
      const double cpu_start = thread_cpu_seconds();
      while (auto item = fetched.pop()) {
        const std::size_t index = item->feed_index;
        Processed p = process(feed_of(index), std::move(*item), rules, extras, now,
                              static_cast<UnixSeconds>(config.keep_document_hours) * 3600);
        {
          std::lock_guard<std::mutex> lock(times_mu);
          summary.stages.parse += p.parse_seconds;
          summary.stages.extract += p.extract_seconds;
        }
        const std::size_t bytes = p.body_bytes;
        processed.push(std::move(p), bytes);
      }
      std::lock_guard<std::mutex> lock(times_mu);
      summary.stages.workers_cpu += thread_cpu_seconds() - cpu_start;
    });
  }

  Status writer_status;
  std::map<std::string, int> errors_by_type;
  std::thread writer([&] {
    name_this_thread("cw-writer");
    const double cpu_start = thread_cpu_seconds();
    const double commit_start = store.commit_seconds();
    std::size_t done = 0;
    auto last_checkpoint = Clock::now();
    while (auto item = processed.pop()) {
      const auto store_start = Clock::now();
      Processed& p = *item;
      const FeedConfig& feed = feed_of(p.feed_index);
      if (p.meta.stopped) {
        // Aborted or never started because the run is stopping: not the feed's fault,
        // and its state stays as it was so the next run polls it again.
        summary.stages.store += seconds_since(store_start);
        continue;
      }
      // Read here, on the only thread using the store during the run.
      FeedState st;
      if (writer_status.ok()) {
        auto state = load_state(store, feed, due[p.feed_index].stored);
        if (state.ok()) {
          st = std::move(*state);
        } else {
          writer_status = state.status();
        }
      }
      ++summary.feeds_polled;
      summary.fetched_bytes += static_cast<std::int64_t>(p.body_bytes);
      bool changed_anything = false;
      FeedReport report;
      report.url = feed.url;
      report.http_status = p.meta.http_status;
      report.not_modified = p.meta.not_modified;
      report.fetch_seconds = p.meta.seconds;
      report.bytes = p.body_bytes;
      st.last_polled = now;
      st.items_seen += static_cast<std::int64_t>(p.writes.size()) + p.repeated_entries;
      PollTiming sched;
      sched.now = now;
      sched.interval_seconds = feed.interval_seconds;
      sched.ttl_minutes = p.ttl_minutes;
      sched.max_age_seconds = p.meta.max_age_seconds;
      sched.retry_after_seconds = p.meta.retry_after_seconds;
      sched.jitter_seed = hash64(st.id) ^ static_cast<std::uint64_t>(now);
      if (p.error == FetchError::none) {
        st.last_ok = now;
        st.consecutive_failures = 0;
        st.last_error.clear();
        st.last_error_message.clear();
        if (!p.meta.etag.empty() || !p.meta.not_modified) st.etag = p.meta.etag;
        if (!p.meta.last_modified.empty() || !p.meta.not_modified) st.last_modified = p.meta.last_modified;
        if (p.meta.permanent_redirect && !p.meta.permanent_url.empty()) {
          st.redirect_count = p.meta.permanent_url == st.redirect_url ? st.redirect_count + 1 : 1;
          st.redirect_url = p.meta.permanent_url;
          if (st.redirect_count >= 3) st.url = st.redirect_url;
        } else if (!p.meta.not_modified) {
          st.redirect_count = 0;
          st.redirect_url.clear();
        }
        if (!p.body_hash.empty()) {  // processed in full: stored with its articles, or not at all
          st.body_hash = p.body_hash;
          st.body_processed = now;
        }
      } else {
        ++summary.feeds_failed;
        ++st.consecutive_failures;
        ++st.total_failures;
        st.last_error = fetch_error_name(p.error);
        st.last_error_message = p.error_message;
        st.last_error_time = now;
        ++errors_by_type[st.last_error];
        report.error = st.last_error;
        report.error_message = p.error_message;
      }
      sched.consecutive_failures = st.consecutive_failures;
      st.next_due = next_poll_time(sched);
      // The articles and then the state, in one write for most feeds.
      if (writer_status.ok()) {
        auto outcomes = store.write_feed_poll(std::move(p.writes), st);
        if (!outcomes.ok()) {
          writer_status = outcomes.status();
        } else {
          summary.items += p.repeated_entries;
          report.items += p.repeated_entries;
          for (const ArticleWriteOutcome& outcome : *outcomes) {
            ++summary.items;
            ++report.items;
            report.new_articles += outcome.new_article;
            report.new_events += outcome.new_events;
            summary.new_articles += outcome.new_article;
            summary.changed_articles += outcome.changed;
            summary.new_events += outcome.new_events;
            summary.flags += outcome.flags;
            changed_anything |= outcome.new_article || outcome.changed;
          }
        }
      }
      // What is written so far becomes durable (the store writes without a log).
      if (writer_status.ok() && seconds_since(last_checkpoint) >= config.checkpoint_seconds) {
        writer_status = store.flush();
        last_checkpoint = Clock::now();
      }
      report.same_body = p.body_unchanged;
      if (p.error == FetchError::none && (p.meta.not_modified || !changed_anything)) ++summary.feeds_unchanged;
      if (options.on_feed_report) options.on_feed_report(report);
      summary.stages.store += seconds_since(store_start);
      if (options.on_feed_done) options.on_feed_done(++done, due.size());
    }
    summary.stages.store_cpu = thread_cpu_seconds() - cpu_start;
    summary.stages.commit = store.commit_seconds() - commit_start;
  });

  const auto fetch_start = Clock::now();
  const double fetch_cpu_start = thread_cpu_seconds();
  {
    FetcherOptions fo;
    fo.max_parallel = config.max_parallel;
    fo.max_per_host = config.max_per_host;
    Fetcher fetcher(fo);
    fetcher.fetch_each(
        due.size(), request_at,
        [&](std::size_t index, FetchResult&& result) {
          const std::size_t bytes = result.body.size();
          fetched.push(Fetched{index, std::move(result)}, bytes);
        },
        [&] { return options.stop && options.stop->load(); });
  }
  summary.stages.fetch = seconds_since(fetch_start);
  summary.stages.fetch_cpu = thread_cpu_seconds() - fetch_cpu_start;
  fetched.close();
  for (auto& t : pool) t.join();
  processed.close();
  writer.join();
  summary.interrupted = options.stop && options.stop->load();
  if (!writer_status.ok()) return writer_status;
  const auto flush_start = Clock::now();
  if (Status s = store.flush(); !s.ok()) return s;
  summary.stages.final_flush = seconds_since(flush_start);
  summary.errors_by_type.assign(errors_by_type.begin(), errors_by_type.end());
  summary.seconds = seconds_since(run_start);
  summary.stages.total_cpu = process_cpu_seconds() - process_cpu_start;
  return summary;
}

std::string format_summary(const IngestSummary& s) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "feeds %d polled, %d unchanged, %d failed%s; %lld items, %lld new articles, %lld new events, "
                "%lld flags; %.1fs%s",
                s.feeds_polled, s.feeds_unchanged, s.feeds_failed,
                s.feeds_skipped ? (", " + std::to_string(s.feeds_skipped) + " not due").c_str() : "",
                static_cast<long long>(s.items), static_cast<long long>(s.new_articles),
                static_cast<long long>(s.new_events), static_cast<long long>(s.flags), s.seconds,
                s.interrupted ? " (interrupted)" : "");
  return buf;
}

}  // namespace chipwire
