// chipwire: the program. All work is in the cli library's command table.
#include "cli/commands.h"

int main(int argc, char** argv) { return chipwire::cli::run(argc, argv); }
