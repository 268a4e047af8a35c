// Where things are: the data directory, the config file and the rule pack,
// resolved from flags, environment and defaults (shared/docs/cli.md).
#pragma once

#include <optional>
#include <string>

namespace chipwire {

// --db, else the config's db, else $CHIPWIRE_DB, else ./chipwire-data.
std::string resolve_db_dir(const std::optional<std::string>& flag, const std::optional<std::string>& from_config);

// --config, else ./chipwire.toml if present, else $XDG_CONFIG_HOME/chipwire/config.toml
// (~/.config/...) if present; nullopt when none exists and none was asked for.
std::optional<std::string> resolve_config_path(const std::optional<std::string>& flag);

// --rules, else $CHIPWIRE_RULES, else <exe>/../share/chipwire/rules (installed),
// else the source tree's rules/ (build tree), else the configured install folder.
std::string resolve_rules_dir(const std::optional<std::string>& flag);

}  // namespace chipwire
