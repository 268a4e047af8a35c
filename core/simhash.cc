#include "core/simhash.h"

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "core/hash.h"

namespace chipwire {

std::uint64_t simhash64(std::string_view text) {
  // Words: runs of ASCII letters/digits (lowercased) or non-ASCII bytes.
  std::vector<std::string> words;
  std::string cur;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      cur += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      cur += static_cast<char>(c - 'A' + 'a');
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  if (words.empty()) return 0;
  std::array<int, 64> weights{};
  const size_t shingle = words.size() >= 3 ? 3 : words.size();
  for (size_t i = 0; i + shingle <= words.size(); ++i) {
    std::string s;
    for (size_t k = 0; k < shingle; ++k) {
      s += words[i + k];
      s += ' ';
    }
    const std::uint64_t h = hash64(s);
    for (int b = 0; b < 64; ++b) weights[b] += (h >> b) & 1 ? 1 : -1;
  }
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (weights[b] > 0) out |= std::uint64_t{1} << b;
  return out;
}

int hamming_distance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace chipwire
