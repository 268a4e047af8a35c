// One subcommand of the chipwire binary: its words, help, flags and function.
// The table of all of them lives in cli/commands.cc.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "cli/args.h"
#include "core/time.h"

namespace chipwire::cli {

// Exit codes (shared/docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;   // done, but some inputs failed (named on stderr)
inline constexpr int kExitUsage = 2;     // usage or config error
inline constexpr int kExitData = 3;      // data directory unusable
inline constexpr int kExitBusy = 75;     // another ingest holds the data directory

struct Context {
  ParsedArgs args;
  std::string program = "chipwire";
  bool verbose = false;
};

struct Command {
  std::string name;     // "events", "feeds list"
  std::string summary;  // one line for the command list
  std::string usage;    // "[filters] [--format table|json|jsonl|csv]"
  std::vector<FlagSpec> flags;
  int (*run)(Context&);
};

// Every command's entry, defined in its cmd_*.cc file.
const std::vector<Command>& all_commands();

// Prints "chipwire: <message>" on stderr and returns `code`.
int fail(int code, const std::string& message);

// Reads --KEY as an ISO date into `out` (untouched when absent). False, with the
// usage error printed and `code` set to 2, when the value is no date.
bool read_date_flag(const ParsedArgs& args, const char* key, std::optional<UnixSeconds>& out, int& code);

}  // namespace chipwire::cli
