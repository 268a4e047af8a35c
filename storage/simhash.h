// 64-bit SimHash of an article's title and text: near-duplicate copies of one
// wire story differ in a few bits. Any caller may use it (the pipeline should,
// so that Article.simhash matches what the store computes when it is left 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace chipwire {

// Features: lowercased ASCII-alphanumeric words (other bytes kept as is) and
// word pairs of the title (without a short trailing " - Site" / " | Site") and
// of the first kLeadWords words of the text, each hashed with hash64 and
// weighted 1. Copies differ most in what they append (bylines, "Read more"),
// so only the lead counts. Never 0 for non-empty text.
std::uint64_t simhash64(std::string_view title, std::string_view text);

int hamming64(std::uint64_t a, std::uint64_t b);

// Syndicated copies: fingerprints at most this many bits apart.
inline constexpr int kStoryClusterBits = 6;
inline constexpr std::size_t kLeadWords = 25;

}  // namespace chipwire
