// A stand-in for `chipwire extract --input-format jsonl --format jsonl`: reads
// {"id","title","text"} lines on stdin, prints the contract JSON per line.
// Usage: extract_tool_bench [RULES_DIR] < items.jsonl
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "extractors/extractor.h"

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "/work/main/rules";
  auto pack = chipwire::RulePack::load(dir);
  if (!pack.ok()) {
    std::fprintf(stderr, "%s\n", pack.status().message().c_str());
    return 1;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    const std::string text = j.value("title", "") + "\n" + j.value("text", "");
    std::cout << chipwire::extraction_to_json(j.value("id", ""), chipwire::extract(**pack, text)) << "\n";
  }
  return 0;
}
