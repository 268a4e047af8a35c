// Stable hashes for ids and fingerprints (xxHash3). The values are part of the
// on-disk format: never change the algorithm without a schema version bump.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace chipwire {

std::uint64_t hash64(std::string_view data);
// 128-bit hash as 32 lowercase hex digits: article, event and body ids.
std::string hash_hex128(std::string_view data);
// hash_hex128 of the parts written one after the other, without joining them
// first: hash_hex128_joined({a, "\n", b}) == hash_hex128(a + "\n" + b).
std::string hash_hex128_joined(std::initializer_list<std::string_view> parts);
std::string to_hex(std::uint64_t v);

}  // namespace chipwire
