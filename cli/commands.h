// The command table of the chipwire binary: parses global flags, dispatches to
// one subcommand, returns its exit code (shared/docs/cli.md). Called by main only.
#pragma once

namespace chipwire::cli {

int run(int argc, char** argv);

}  // namespace chipwire::cli
