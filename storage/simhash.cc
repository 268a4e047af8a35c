// SimHash over words and word pairs (see simhash.h).
#include "storage/simhash.h"

#include <array>
#include <cctype>
#include <bit>
#include <string>
#include <vector>

#include "core/hash.h"

namespace chipwire {
namespace {

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

void words_of(std::string_view s, std::vector<std::string>& out) {
  std::string w;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_word_byte(c)) {
      w.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : ch);
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
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

}  // namespace

std::uint64_t simhash64(std::string_view title, std::string_view text) {
  std::vector<std::string> words;
  words_of(strip_site_suffix(title), words);
  std::vector<std::string> lead;
  words_of(text, lead);
  if (lead.size() > kLeadWords) lead.resize(kLeadWords);  // bylines and taglines trail: leave them out
  words.insert(words.end(), lead.begin(), lead.end());
  if (words.empty()) return 0;
  std::array<int, 64> weight{};
  auto add = [&](std::string_view feature) {
    const std::uint64_t h = hash64(feature);
    for (int b = 0; b < 64; ++b) weight[b] += ((h >> b) & 1) ? 1 : -1;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    add(words[i]);
    if (i + 1 < words.size()) add(words[i] + ' ' + words[i + 1]);
  }
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (weight[b] > 0) out |= std::uint64_t{1} << b;
  return out == 0 ? 1 : out;
}

int hamming64(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace chipwire
