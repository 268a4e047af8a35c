#include "cli/store_access.h"

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

std::unique_ptr<Store> open_store(const std::string& dir, OpenMode mode, int& exit_code) {
  StoreOptions options;
  options.mode = mode;
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

}  // namespace chipwire::cli
