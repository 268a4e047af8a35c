// Opening what a command needs, with the exit codes of shared/docs/cli.md:
// config problems exit 2, an unusable data directory exits 3.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "pipeline/config.h"
#include "pipeline/lock.h"
#include "storage/store.h"

namespace chipwire::cli {

// The config named by --config or found by default; an empty Config when none
// exists and none was asked for. On error prints it and sets `exit_code`.
std::optional<Config> load_config_for(const Context& ctx, int& exit_code);

// The data directory from --db, the config, $CHIPWIRE_DB or the default.
std::string db_dir_for(const Context& ctx, const Config& config);

// Opens the store; on error prints it (naming the directory) and sets `exit_code` to 3.
// `log_writes`: StoreOptions::log_writes (a writer's crash safety).
std::unique_ptr<Store> open_store(const std::string& dir, OpenMode mode, int& exit_code, bool log_writes = true);

// The writer of a data directory and the ingest lock that makes it safe, for
// short writes beside cron (review decisions, reprocess, backup, prune).
struct WriterSession {
  std::optional<DataDirLock> lock;
  std::unique_ptr<Store> store;
};

// Waits up to `wait_seconds` for a running ingest, then opens the writer. On
// error prints it and sets `exit_code` (2 config, 3 data directory, 75 busy).
std::optional<WriterSession> open_writer_session(const Context& ctx, int wait_seconds, int& exit_code);

}  // namespace chipwire::cli
