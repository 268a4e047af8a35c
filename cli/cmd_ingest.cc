// `chipwire ingest`: poll every due feed once, store, print one summary line.
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <future>
#include <unistd.h>

#include "cli/command_list.h"
#include "cli/store_access.h"
#include "core/time.h"
#include "extractors/extractor.h"
#include "feeds/fetch_local.h"
#include "pipeline/ingest.h"
#include "pipeline/lock.h"
#include "pipeline/metrics.h"
#include "pipeline/paths.h"

namespace chipwire::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_stop_signal(int sig) {
  g_signal.store(sig);
  g_stop.store(true);
}

// --feeds FILE: a TOML config's feeds, or one URL/path per line (# comments).
Status add_feeds_from_file(const std::string& path, Config& config) {
  if (path.size() > 5 && path.substr(path.size() - 5) == ".toml") {
    auto other = load_config(path);
    if (!other.ok()) return other.status();
    config.feeds = other->feeds;
    return {};
  }
  std::ifstream in(path);
  if (!in) return Status::invalid(path + ": cannot read the feed list");
  config.feeds.clear();
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const size_t a = line.find_first_not_of(" \t\r");
    if (a == std::string::npos || line[a] == '#') continue;
    const size_t b = line.find_last_not_of(" \t\r");
    FeedConfig f;
    f.url = line.substr(a, b - a + 1);
    f.line = n;
    config.feeds.push_back(f);
  }
  return {};
}

int run_ingest_command(Context& ctx) {
  const auto setup_start = std::chrono::steady_clock::now();
  // From here on a signal stops the run cleanly instead of killing it mid-write.
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  // The rule pack compiles on its own thread while the config loads (each a
  // third of the set-up time with 5,000 feeds); its errors come before any
  // store is touched, as they did.
  auto rules_loading = std::async(std::launch::async, [&ctx] {
    return RulePack::load(resolve_rules_dir(ctx.args.get("rules")));
  });
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  if (auto feeds = ctx.args.get("feeds")) {
    if (Status s = add_feeds_from_file(*feeds, *config); !s.ok()) return fail(kExitUsage, s.message());
  }
  if (ctx.args.has("allow-private-addresses")) config->allow_private_addresses = true;
  const std::string db = db_dir_for(ctx, *config);
  auto rules = rules_loading.get();
  if (!rules.ok()) return fail(kExitUsage, rules.status().message());

  auto lock = DataDirLock::acquire(db);
  if (!lock.ok()) {
    if (lock.status().code() == Code::busy) return fail(kExitBusy, lock.status().message() + "; exiting");
    return fail(kExitData, lock.status().message());
  }
  // No log: a crash loses what was written since the last flush, and the next
  // run, finding those feeds' states as they were, fetches them again.
  auto store = open_store(db, OpenMode::writer, code, /*log_writes=*/false);
  if (!store) return code;
  if (g_stop.load()) return fail(128 + g_signal.load(), "stopped by a signal before polling");

  const bool show_progress =
      ctx.args.has("progress") || (!ctx.args.has("no-progress") && isatty(STDERR_FILENO) == 1);
  IngestOptions options;
  options.poll_all = ctx.args.has("all");
  options.stop = &g_stop;
  if (auto w = ctx.args.get("workers")) options.workers = std::atoi(w->c_str());
  const std::string log_format = ctx.args.get_or("log-format", "text");
  if (log_format != "text" && log_format != "json") return fail(kExitUsage, "ingest: --log-format must be text or json");
  const bool verbose = ctx.verbose;
  options.on_feed_report = [log_format, verbose](const FeedReport& r) {
    if (r.error.empty() && !verbose) return;
    if (log_format == "json") {
      nlohmann::json line{{"time", format_iso8601(now_unix())},
                          {"level", r.error.empty() ? "info" : "error"},
                          {"feed", r.url},
                          {"http_status", r.http_status},
                          {"not_modified", r.not_modified},
                          {"same_body", r.same_body},
                          {"items", r.items},
                          {"new_articles", r.new_articles},
                          {"new_events", r.new_events},
                          {"bytes", r.bytes},
                          {"fetch_seconds", r.fetch_seconds}};
      if (!r.error.empty()) {
        line["error"] = r.error;
        line["message"] = r.error_message;
      }
      std::fprintf(stderr, "%s\n", line.dump().c_str());
    } else if (!r.error.empty()) {
      std::fprintf(stderr, "chipwire: feed %s failed: %s: %s\n", r.url.c_str(), r.error.c_str(),
                   r.error_message.c_str());
    } else {
      std::string status = "HTTP " + std::to_string(r.http_status);
      if (r.not_modified) status = "304 not modified";
      else if (classify_target(r.url) == TargetKind::local) status = "local file";
      std::fprintf(stderr, "chipwire: feed %s: %s%s, %d items, %d new articles, %d new events, %.2fs\n",
                   r.url.c_str(), status.c_str(), r.same_body ? ", same body as last time" : "", r.items,
                   r.new_articles, r.new_events, r.fetch_seconds);
    }
  };
  if (show_progress) {
    options.on_feed_done = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\r[%zu/%zu feeds]", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
    };
  }
  const double setup_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_start).count();
  auto summary = run_ingest(*config, **rules, *store, options);
  if (!summary.ok()) {
    return fail(summary.status().code() == Code::invalid_argument ? kExitUsage : kExitData,
                summary.status().message());
  }
  summary->stages.setup = setup_seconds;
  const auto close_start = std::chrono::steady_clock::now();
  store.reset();  // flushes; timed for --stats
  summary->stages.close = std::chrono::duration<double>(std::chrono::steady_clock::now() - close_start).count();
  if (auto metrics = ctx.args.get("metrics")) {
    if (Status s = write_metrics_file(*metrics, *summary); !s.ok())
      std::fprintf(stderr, "chipwire: %s\n", s.message().c_str());
  }
  std::printf("%s\n", format_summary(*summary).c_str());
  if (ctx.args.has("stats")) std::fprintf(stderr, "%s", format_stage_times(*summary).c_str());
  if (summary->interrupted) return 128 + g_signal.load();
  return summary->feeds_failed > 0 ? kExitPartial : kExitOk;
}

}  // namespace

Command make_ingest_command() {
  return {"ingest",
          "poll every due feed once, store new articles and events, print one summary line",
          "[--feeds FILE] [--all] [--metrics FILE] [--progress|--no-progress] [--stats]",
          {{"feeds", true, "poll these feeds instead of the config's (TOML, or one URL per line)", "FILE"},
           {"all", false, "poll every feed now, due or not"},
           {"metrics", true, "write Prometheus text metrics here (atomically)", "FILE"},
           {"progress", false, "show progress on stderr even when it is not a terminal"},
           {"no-progress", false, "never show progress"},
           {"stats", false, "print where the time went, stage by stage, on stderr"},
           {"workers", true, "parse/extract threads (default: number of cores)", "N"},
           {"allow-private-addresses", false, "allow feeds on loopback and private networks"},
           {"log-format", true, "text or json (one JSON object per line on stderr)", "FMT"}},
          run_ingest_command};
}

}  // namespace chipwire::cli
