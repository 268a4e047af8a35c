// Fuzz target: the rule loader on an arbitrary rule file. Loading must either
// succeed or name file, line and problem; never crash or hang.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "extractors/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("chipwire-fuzz-rules-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "fuzz.rules", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto pack = chipwire::RulePack::load(dir.string());
  if (pack.ok()) (void)chipwire::extract(**pack, "US adds Nvidia to the Entity List\nH200 chips", {});
  return 0;
}
