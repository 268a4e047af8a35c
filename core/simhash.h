// 64-bit SimHash of an article's title and text: syndicated copies of one wire
// story differ in a few bits. A pure function; the pipeline computes it for
// every article and the store computes it when an article arrives without one,
// so both must call this one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace chipwire {

// Features: lowercased ASCII-alphanumeric words (bytes >= 0x80 kept as they
// are) and adjacent word pairs, over the title (without a short trailing
// " - Site" / " | Site") followed by the first kLeadWords words of the text.
// Each feature is hashed with hash64 and weighted 1. Copies differ most in
// what they append (bylines, "Read more"), so only the lead counts. Never 0
// for text with a word in it; 0 when there is none.
std::uint64_t simhash64(std::string_view title, std::string_view text);

int hamming64(std::uint64_t a, std::uint64_t b);

// Syndicated copies: fingerprints at most this many bits apart.
inline constexpr int kStoryClusterBits = 6;
inline constexpr std::size_t kLeadWords = 25;

}  // namespace chipwire
