// parse_tool_bench FILE [--content-type T] [--url U] [--format json]: prints the
// contract JSON of one feed file (a stand-in for `chipwire parse` while the CLI is written).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "feeds/feed_parser.h"

int main(int argc, char** argv) {
  std::string file;
  chipwire::ParseOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--content-type" && i + 1 < argc) options.content_type = argv[++i];
    else if (a == "--url" && i + 1 < argc) options.document_url = argv[++i];
    else if (a == "--format" && i + 1 < argc) ++i;
    else if (a == "parse") continue;
    else file = a;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  std::cout << chipwire::parsed_feed_to_json(chipwire::parse_feed(bytes, options)) << "\n";
  return 0;
}
