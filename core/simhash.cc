// SimHash over words and word pairs (see simhash.h). Words are lowercased into
// one buffer per thread, reused from call to call: nothing is allocated per
// article once a thread has seen its longest lead, and the text is read only
// as far as its lead.
#include "core/simhash.h"

#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace chipwire {
namespace {

// kFold[c]: c lowercased when c is a word byte (ASCII letter or digit, or any
// byte >= 0x80), else 0 (no word byte folds to 0).
constexpr std::array<char, 256> kFold = [] {
  std::array<char, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    if (c >= 'A' && c <= 'Z') t[c] = static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) t[c] = static_cast<char>(c);
  }
  return t;
}();

// The last occurrence of `sep` in `s` (std::string_view::rfind): memrchr jumps
// from one occurrence of sep's first byte (a space) to the one before.
std::size_t rfind_sep(std::string_view s, std::string_view sep) {
  if (sep.empty() || sep.size() > s.size()) return sep.empty() ? s.size() : std::string_view::npos;
  const char* const base = s.data();
  std::size_t limit = s.size() - sep.size() + 1;  // where an occurrence may start: [0, limit)
  while (limit > 0) {
    const void* hit = memrchr(base, sep[0], limit);
    if (hit == nullptr) break;
    const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
    std::size_t k = 1;
    while (k < sep.size() && base[at + k] == sep[k]) ++k;
    if (k == sep.size()) return at;
    limit = at;
  }
  return std::string_view::npos;
}

// "Headline - Yahoo Finance" -> "Headline": a short trailing " - X" or " | X"
// segment is the site's name, not the story's.
std::string_view strip_site_suffix(std::string_view title) {
  for (std::string_view sep : {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 "}) {
    const std::size_t at = rfind_sep(title, sep);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view tail = title.substr(at + sep.size());
    std::size_t words = 1;
    for (char c : tail) words += c == ' ';
    if (words <= 4) return title.substr(0, at);
  }
  return title;
}

struct WordBounds {
  std::uint32_t begin, end;  // [begin, end) in the buffer
};

// Lowercased words of `s` written at `out`, each followed by one space; their
// offsets from `base` appended to `bounds`. Stops after `limit` words. Returns
// the new end of the buffer. REQUIRES: room for s.size() + 1 bytes at `out`.
char* collect_words(std::string_view s, std::size_t limit, const char* base, char* out,
                    std::vector<WordBounds>& bounds) {
  const char* p = s.data();
  const char* const end = p + s.size();
  std::size_t taken = 0;
  while (taken < limit) {
    while (p < end && kFold[static_cast<unsigned char>(*p)] == 0) ++p;
    if (p == end) break;
    const auto begin = static_cast<std::uint32_t>(out - base);
    char f;
    while (p < end && (f = kFold[static_cast<unsigned char>(*p)]) != 0) {
      *out++ = f;
      ++p;
    }
    bounds.push_back({begin, static_cast<std::uint32_t>(out - base)});
    *out++ = ' ';  // joins a word to the next one in a pair feature
    ++taken;
  }
  return out;
}

// Where the first `limit` words of `s` end (the whole of `s` when it has fewer).
std::size_t lead_length(std::string_view s, std::size_t limit) {
  std::size_t i = 0, words = 0;
  while (i < s.size()) {
    while (i < s.size() && kFold[static_cast<unsigned char>(s[i])] == 0) ++i;
    if (i == s.size() || words == limit) break;
    while (i < s.size() && kFold[static_cast<unsigned char>(s[i])] != 0) ++i;
    ++words;
  }
  return i;
}


}  // namespace

std::uint64_t simhash64(std::string_view title, std::string_view text) {
  const std::string_view head = strip_site_suffix(title);
  const std::string_view lead = text.substr(0, lead_length(text, kLeadWords));
  thread_local std::string buf;
  thread_local std::vector<WordBounds> words;
  if (buf.size() < head.size() + lead.size() + 2) buf.resize(head.size() + lead.size() + 2);
  words.clear();
  char* const base = buf.data();
  char* out = collect_words(head, static_cast<std::size_t>(-1), base, base, words);
  collect_words(lead, kLeadWords, base, out, words);
  if (words.empty()) return 0;

  BitMajority vote;
  for (std::size_t i = 0; i < words.size(); ++i) {
    vote.add(XXH3_64bits(base + words[i].begin, words[i].end - words[i].begin));  // == hash64(word)
    // The pair "w1 w2": words sit in buf one space apart, the title's last
    // word next to the text's first.
    if (i + 1 < words.size()) vote.add(XXH3_64bits(base + words[i].begin, words[i + 1].end - words[i].begin));
  }
  const std::uint64_t out_hash = vote.result();
  return out_hash == 0 ? 1 : out_hash;
}

int hamming64(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

// Each hash adds, for each of its 8 bytes, that byte spread over 8 one-byte
// counters (one table lookup instead of 8 shifts, BitMajority::add in the
// header); the byte counters are emptied into ints before they can overflow.
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
