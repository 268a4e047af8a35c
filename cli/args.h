// Command-line parsing for chipwire: global flags accepted before or after the
// command, per-command flags declared in a table, "did you mean" for typos.
// Used by cli/commands.cc only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace chipwire::cli {

struct FlagSpec {
  std::string name;       // without dashes: "format"
  bool takes_value;       // --format json / --format=json
  std::string help;       // one line
  std::string value_name = "VALUE";
  bool repeatable = false;
};

struct ParsedArgs {
  std::vector<std::string> positionals;
  std::map<std::string, std::vector<std::string>> values;  // flag -> every value given

  bool has(const std::string& flag) const { return values.count(flag) != 0; }
  std::optional<std::string> get(const std::string& flag) const;
  std::string get_or(const std::string& flag, const std::string& fallback) const;
};

// The flags every command takes (--db, --config, --rules, --verbose, --help).
const std::vector<FlagSpec>& global_flags();

// Parses argv (without the command words) against `specs` plus the global flags.
// Unknown flags name the closest known one.
Result<ParsedArgs> parse_args(const std::vector<std::string>& argv, const std::vector<FlagSpec>& specs);

// The closest of `candidates` to `word` within a small edit distance, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace chipwire::cli
