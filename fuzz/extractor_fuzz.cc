// Fuzz target: the extractor with the default rule pack on arbitrary text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extractors/extractor.h"

#ifndef CHIPWIRE_RULES_SOURCE_DIR
#define CHIPWIRE_RULES_SOURCE_DIR "rules"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto pack = [] {
    auto p = chipwire::RulePack::load(CHIPWIRE_RULES_SOURCE_DIR);
    if (!p.ok()) std::abort();
    return *p;
  }();
  const auto e = chipwire::extract(*pack, std::string_view(reinterpret_cast<const char*>(data), size), {});
  (void)chipwire::extraction_to_json("fuzz", e);
  return 0;
}
