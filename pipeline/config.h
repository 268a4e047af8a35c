// The TOML config (chipwire.toml, shared/docs/cli.md): global settings and the
// feed list. Loaded once per command; errors name the file and line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace chipwire {

struct FeedConfig {
  std::string url;                 // http(s) URL or local file path
  std::string title;               // optional
  std::int64_t interval_seconds = 0;  // minimum time between polls; 0 = every run
  std::string user_agent;          // "" = the global one
  long connect_timeout_ms = 0;     // 0 = default
  long total_timeout_ms = 0;       // 0 = default
  std::size_t max_body_bytes = 0;  // 0 = default
  int line = 0;                    // where it was declared, for messages
};

struct Config {
  std::string path;  // file it came from ("" when built in code)
  std::optional<std::string> db;
  bool allow_private_addresses = false;
  bool allow_local_files = true;
  std::string user_agent = "chipwire/0.1 (+https://example.org/chipwire)";
  int max_parallel = 32;  // fetches in flight
  int max_per_host = 2;   // fetches in flight per host
  // A feed's fetched document is kept (compressed, for re-parsing and audit) with
  // the poll's new articles at most once per this many hours; 0: at every poll
  // that brings a new article. Each document repeats most of the one before it.
  int keep_document_hours = 24;
  // An ingest writes without RocksDB's log: what it stored becomes durable when
  // the store flushes (about every 6 MB of articles, and at the end), and at
  // least this often; a crash loses the work since then, which the next run
  // fetches again. 0: after every feed (many small files; slower).
  int checkpoint_seconds = 30;
  std::vector<FeedConfig> feeds;
};

// Reads and validates a config file. Errors: "FILE:LINE: what is wrong".
Result<Config> load_config(const std::string& path);

// Parses "30m", "2h", "1d", "45s", "90" (seconds). nullopt when unreadable.
std::optional<std::int64_t> parse_duration(const std::string& text);

}  // namespace chipwire
