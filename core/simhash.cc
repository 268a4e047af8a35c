// SimHash over words and word pairs (see simhash.h). Words are lowercased into
// one reused buffer; nothing is allocated per word and the text is read only
// as far as its lead.
#include "core/simhash.h"

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "core/hash.h"

namespace chipwire {
namespace {

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// "Headline - Yahoo Finance" -> "Headline": a short trailing " - X" or " | X"
// segment is the site's name, not the story's.
std::string_view strip_site_suffix(std::string_view title) {
  for (std::string_view sep : {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 "}) {
    const std::size_t at = title.rfind(sep);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view tail = title.substr(at + sep.size());
    std::size_t words = 1;
    for (char c : tail) words += c == ' ';
    if (words <= 4) return title.substr(0, at);
  }
  return title;
}

// Lowercased words appended to `buf`; their [begin, end) offsets to `bounds`.
// Stops after `limit` words.
void collect_words(std::string_view s, std::size_t limit, std::string& buf,
                   std::vector<std::pair<std::size_t, std::size_t>>& bounds) {
  std::size_t taken = 0;
  std::size_t i = 0;
  while (i < s.size() && taken < limit) {
    while (i < s.size() && !is_word_byte(static_cast<unsigned char>(s[i]))) ++i;
    if (i == s.size()) break;
    const std::size_t begin = buf.size();
    for (; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (!is_word_byte(c)) break;
      buf.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
    }
    buf.push_back(' ');  // joins a word to the next one in a pair feature
    bounds.emplace_back(begin, buf.size() - 1);
    ++taken;
  }
}

// kSpread[v]: bit i of v moved to the lowest bit of byte i.
constexpr std::array<std::uint64_t, 256> kSpread = [] {
  std::array<std::uint64_t, 256> t{};
  for (unsigned v = 0; v < 256; ++v)
    for (unsigned i = 0; i < 8; ++i)
      if ((v >> i) & 1) t[v] |= std::uint64_t{1} << (8 * i);
  return t;
}();

}  // namespace

std::uint64_t simhash64(std::string_view title, std::string_view text) {
  std::string buf;
  buf.reserve(title.size() + 16 * kLeadWords);
  std::vector<std::pair<std::size_t, std::size_t>> words;
  words.reserve(64);
  collect_words(strip_site_suffix(title), static_cast<std::size_t>(-1), buf, words);
  collect_words(text, kLeadWords, buf, words);
  if (words.empty()) return 0;

  BitMajority vote;
  const std::string_view all(buf);
  for (std::size_t i = 0; i < words.size(); ++i) {
    vote.add(hash64(all.substr(words[i].first, words[i].second - words[i].first)));
    // The pair "w1 w2": words sit in buf one space apart, the title's last
    // word next to the text's first.
    if (i + 1 < words.size()) vote.add(hash64(all.substr(words[i].first, words[i + 1].second - words[i].first)));
  }
  const std::uint64_t out = vote.result();
  return out == 0 ? 1 : out;
}

int hamming64(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

// Each hash adds, for each of its 8 bytes, that byte spread over 8 one-byte
// counters (one table lookup instead of 8 shifts); the byte counters are
// emptied into ints before they can overflow.
void BitMajority::add(std::uint64_t h) {
  for (int j = 0; j < 8; ++j) lanes_[j] += kSpread[(h >> (8 * j)) & 0xFF];
  ++count_;
  if (++pending_ == 255) drain();
}

void BitMajority::drain() {
  for (int j = 0; j < 8; ++j) {
    for (int i = 0; i < 8; ++i) ones_[j * 8 + i] += static_cast<int>((lanes_[j] >> (8 * i)) & 0xFF);
    lanes_[j] = 0;
  }
  pending_ = 0;
}

std::uint64_t BitMajority::result() {
  drain();
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (2 * ones_[b] > count_) out |= std::uint64_t{1} << b;
  return out;
}

}  // namespace chipwire
