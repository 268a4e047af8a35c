// xxHash3 behind the project's hash functions. The header is compiled in
// (XXH_INLINE_ALL): the same algorithm as the shared library, without a call
// through the PLT per hash.
#include "core/hash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace chipwire {
namespace {

void put_hex(char* out, std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = kDigits[v & 0xF];
}

std::string hex128(const XXH128_hash_t& h) {
  std::string out(32, '0');
  put_hex(out.data(), h.high64);
  put_hex(out.data() + 16, h.low64);
  return out;
}

}  // namespace

std::uint64_t hash64(std::string_view data) { return XXH3_64bits(data.data(), data.size()); }

std::string to_hex(std::uint64_t v) {
  std::string out(16, '0');
  put_hex(out.data(), v);
  return out;
}

std::string hash_hex128(std::string_view data) { return hex128(XXH3_128bits(data.data(), data.size())); }

std::string hash_hex128_joined(std::initializer_list<std::string_view> parts) {
  XXH3_state_t state;
  XXH3_INITSTATE(&state);
  XXH3_128bits_reset(&state);
  for (std::string_view p : parts) XXH3_128bits_update(&state, p.data(), p.size());
  return hex128(XXH3_128bits_digest(&state));
}

}  // namespace chipwire
