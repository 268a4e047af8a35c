#include "pipeline/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace chipwire {

namespace fs = std::filesystem;

std::string resolve_db_dir(const std::optional<std::string>& flag, const std::optional<std::string>& from_config) {
  if (flag) return *flag;
  if (from_config) return *from_config;
  if (const char* env = std::getenv("CHIPWIRE_DB"); env && *env) return env;
  return "chipwire-data";
}

std::optional<std::string> resolve_config_path(const std::optional<std::string>& flag) {
  if (flag) return flag;
  std::error_code ec;
  if (fs::is_regular_file("chipwire.toml", ec)) return std::string("chipwire.toml");
  fs::path xdg;
  if (const char* env = std::getenv("XDG_CONFIG_HOME"); env && *env) {
    xdg = env;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    xdg = fs::path(home) / ".config";
  }
  if (!xdg.empty() && fs::is_regular_file(xdg / "chipwire" / "config.toml", ec))
    return (xdg / "chipwire" / "config.toml").string();
  return std::nullopt;
}

std::string resolve_rules_dir(const std::optional<std::string>& flag) {
  if (flag) return *flag;
  if (const char* env = std::getenv("CHIPWIRE_RULES"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "chipwire" / "rules";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  if (fs::is_directory(CHIPWIRE_RULES_SOURCE_DIR, ec)) return CHIPWIRE_RULES_SOURCE_DIR;
  return CHIPWIRE_RULES_INSTALL_DIR;
}

}  // namespace chipwire
