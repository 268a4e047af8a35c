// Fuzz target: the feed parser on arbitrary bytes, with a content type taken
// from the first input byte (none, XML with a charset, JSON, HTML).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feeds/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const char* kTypes[] = {"", "application/xml; charset=iso-8859-1", "application/rss+xml",
                                 "application/feed+json", "text/html; charset=utf-8", "text/xml; charset=gb2312"};
  chipwire::ParseOptions options;
  if (size > 0) {
    options.content_type = kTypes[data[0] % (sizeof kTypes / sizeof *kTypes)];
    ++data;
    --size;
  }
  options.document_url = "https://example.org/feed/";
  const auto feed = chipwire::parse_feed(std::string_view(reinterpret_cast<const char*>(data), size), options);
  (void)chipwire::parsed_feed_to_json(feed, -1);
  return 0;
}
