// Stable hashes for ids and fingerprints (xxHash3). The values are part of the
// on-disk format: never change the algorithm without a schema version bump.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chipwire {

std::uint64_t hash64(std::string_view data);
// 128-bit hash as 32 lowercase hex digits: article, event and body ids.
std::string hash_hex128(std::string_view data);
std::string to_hex(std::uint64_t v);

}  // namespace chipwire
