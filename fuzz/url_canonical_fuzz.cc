// Fuzz target: URL canonicalisation and resolution.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/url.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto split = text.find('\n');
  (void)chipwire::canonical_url(text);
  (void)chipwire::url_host(text);
  if (split != std::string_view::npos)
    (void)chipwire::resolve_url(text.substr(0, split), text.substr(split + 1));
  return 0;
}
