// Reading whole inputs for the CLI: a file path, or "-" for stdin.
#pragma once

#include <string>

#include "core/status.h"

namespace chipwire::cli {

Result<std::string> read_input(const std::string& path_or_dash);

// True when stdout is a terminal (tables fit its width, colours allowed).
bool stdout_is_terminal();
// Columns of the terminal on stdout, or 0 when not a terminal.
int terminal_width();

}  // namespace chipwire::cli
