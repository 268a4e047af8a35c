#include "cli/store_access.h"

#include <cstdio>

#include "pipeline/paths.h"

namespace chipwire::cli {

std::optional<Config> load_config_for(const Context& ctx, int& exit_code) {
  const auto path = resolve_config_path(ctx.args.get("config"));
  if (!path) return Config{};
  auto config = load_config(*path);
  if (!config.ok()) {
    exit_code = fail(kExitUsage, config.status().message());
    return std::nullopt;
  }
  return std::move(config.value());
}

std::string db_dir_for(const Context& ctx, const Config& config) {
  return resolve_db_dir(ctx.args.get("db"), config.db);
}

std::unique_ptr<Store> open_store(const std::string& dir, OpenMode mode, int& exit_code, bool log_writes) {
  StoreOptions options;
  options.mode = mode;
  options.log_writes = log_writes;
  options.on_upgrade = [&dir](int from, int to) {
    std::fprintf(stderr, "chipwire: upgrading the store at %s from schema %d to %d: re-deriving every article's "
                 "events once (nothing is fetched again)\n", dir.c_str(), from, to);
  };
  auto store = Store::open(dir, options);
  if (!store.ok()) {
    std::string message = store.status().message();
    if (store.status().code() == Code::not_found && message.find(dir) == std::string::npos)
      message = dir + ": " + message;
    exit_code = fail(kExitData, message);
    return nullptr;
  }
  return std::move(store.value());
}

std::optional<WriterSession> open_writer_session(const Context& ctx, int wait_seconds, int& exit_code) {
  auto config = load_config_for(ctx, exit_code);
  if (!config) return std::nullopt;
  const std::string db = db_dir_for(ctx, *config);
  auto lock = DataDirLock::acquire_waiting(db, wait_seconds);
  if (!lock.ok()) {
    exit_code = fail(lock.status().code() == Code::busy ? kExitBusy : kExitData, lock.status().message());
    return std::nullopt;
  }
  WriterSession session;
  session.lock.emplace(std::move(lock.value()));
  session.store = open_store(db, OpenMode::writer, exit_code);
  if (!session.store) return std::nullopt;
  return session;
}

}  // namespace chipwire::cli
