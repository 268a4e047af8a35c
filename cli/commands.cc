#include "cli/commands.h"

#include <cstdio>

namespace chipwire::cli {

int run(int, char**) {
  std::fprintf(stderr, "chipwire: not built yet\n");
  return 2;
}

}  // namespace chipwire::cli
