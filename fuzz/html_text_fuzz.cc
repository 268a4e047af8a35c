// Fuzz target: HTML to plain text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)chipwire::html_to_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
