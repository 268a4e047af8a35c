#include "core/hash.h"

#include <xxhash.h>

#include <cstdio>

namespace chipwire {

std::uint64_t hash64(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

std::string to_hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string hash_hex128(std::string_view data) {
  const XXH128_hash_t h = XXH3_128bits(data.data(), data.size());
  return to_hex(h.high64) + to_hex(h.low64);
}

}  // namespace chipwire
