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

}  // namespace

std::uint64_t simhash64(std::string_view title, std::string_view text) {
  std::string buf;
  buf.reserve(title.size() + 16 * kLeadWords);
  std::vector<std::pair<std::size_t, std::size_t>> words;
  words.reserve(64);
  collect_words(strip_site_suffix(title), static_cast<std::size_t>(-1), buf, words);
  collect_words(text, kLeadWords, buf, words);
  if (words.empty()) return 0;

  std::array<int, 64> weight{};
  auto add = [&](std::string_view feature) {
    const std::uint64_t h = hash64(feature);
    for (int b = 0; b < 64; ++b) weight[b] += static_cast<int>((h >> b) & 1) * 2 - 1;
  };
  const std::string_view all(buf);
  for (std::size_t i = 0; i < words.size(); ++i) {
    add(all.substr(words[i].first, words[i].second - words[i].first));
    // The pair "w1 w2": words sit in buf one space apart, the title's last
    // word next to the text's first.
    if (i + 1 < words.size()) add(all.substr(words[i].first, words[i + 1].second - words[i].first));
  }
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (weight[b] > 0) out |= std::uint64_t{1} << b;
  return out == 0 ? 1 : out;
}

int hamming64(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace chipwire
