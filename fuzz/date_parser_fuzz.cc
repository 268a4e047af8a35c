// Fuzz target: feed dates (RFC 822 variants, W3C-DTF and broken forms).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time.h"
#include "feeds/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = chipwire::parse_feed_date(text)) (void)chipwire::format_iso8601(*t);
  (void)chipwire::parse_iso_date(text);
  return 0;
}
