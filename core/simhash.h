// 64-bit SimHash of an article's title and text: syndicated copies of one wire
// story differ in a few bits. A pure function; the store computes it for each
// article whose actions make mentions (storage/derive.cc), unless the article
// comes with one, which must come from this function too.
#pragma once

#include <array>
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

// SimHash's vote: bit b of the result is set when more than half of the added
// hashes have bit b set. Counts 8 bits at a time through a table (simhash.cc);
// any thread, one object per fingerprint.
class BitMajority {
 public:
  void add(std::uint64_t h) {  // inline: simhash64 calls it for every feature
    lanes_[0] += kSpread[h & 0xFF];
    lanes_[1] += kSpread[(h >> 8) & 0xFF];
    lanes_[2] += kSpread[(h >> 16) & 0xFF];
    lanes_[3] += kSpread[(h >> 24) & 0xFF];
    lanes_[4] += kSpread[(h >> 32) & 0xFF];
    lanes_[5] += kSpread[(h >> 40) & 0xFF];
    lanes_[6] += kSpread[(h >> 48) & 0xFF];
    lanes_[7] += kSpread[h >> 56];
    ++count_;
    if (++pending_ == 255) drain();
  }
  std::uint64_t result();  // ends the vote (add no more after it)

 private:
  // kSpread[v]: bit i of v moved to the lowest bit of byte i.
  static constexpr std::array<std::uint64_t, 256> kSpread = [] {
    std::array<std::uint64_t, 256> t{};
    for (unsigned v = 0; v < 256; ++v)
      for (unsigned i = 0; i < 8; ++i)
        if ((v >> i) & 1) t[v] |= std::uint64_t{1} << (8 * i);
    return t;
  }();
  void drain();
  std::uint64_t lanes_[8] = {};  // byte i of lanes_[j]: how many pending hashes set bit 8j+i
  int ones_[64] = {};
  int count_ = 0, pending_ = 0;
};

// Syndicated copies: fingerprints at most this many bits apart.
inline constexpr int kStoryClusterBits = 6;
inline constexpr std::size_t kLeadWords = 25;

}  // namespace chipwire
