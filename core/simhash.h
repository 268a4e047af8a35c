// 64-bit SimHash of a text's word 3-shingles: near-duplicate texts (syndicated
// copies of one wire story) differ in a few bits. Pure function.
#pragma once

#include <cstdint>
#include <string_view>

namespace chipwire {

std::uint64_t simhash64(std::string_view text);
int hamming_distance(std::uint64_t a, std::uint64_t b);

}  // namespace chipwire
