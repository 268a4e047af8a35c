// Sentence splitter (see sentences.h).
#include "extractors/sentences.h"

#include <array>
#include <cctype>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chipwire::extract_internal {
namespace {

bool is_abbreviation(std::string_view word) {
  static const std::array<std::string_view, 44> kAbbrev = {
      "corp", "inc",  "co",   "ltd",  "llc",  "plc", "mr",  "mrs",  "ms",   "dr",  "st",
      "jan",  "feb",  "mar",  "apr",  "jun",  "jul", "aug", "sep",  "sept", "oct", "nov",
      "dec",  "gov",  "sen",  "rep",  "reps", "no",  "vs",  "etc",  "dept", "gen", "lt",
      "col",  "prof", "approx", "est", "fig", "jr",  "sr",  "bros", "ave",  "mt",  "u.s"};
  if (word.size() > 6) return false;
  char lower[8];
  for (std::size_t i = 0; i < word.size(); ++i)
    lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[i])));
  const std::string_view l(lower, word.size());
  for (auto a : kAbbrev)
    if (l == a) return true;
  return false;
}

}  // namespace

std::size_t next_sentence_mark(std::string_view text, std::size_t from) {
  const std::size_t n = text.size();
  std::size_t i = from;
#if defined(__SSE2__)
  // Sixteen bytes at a time: sentences run 100-200 bytes between marks, and
  // looking at each byte was a tenth of extraction's time.
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i marks =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
    const int mask = _mm_movemask_epi8(marks);
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  while (i < n && text[i] != '.' && text[i] != '!' && text[i] != '?' && text[i] != '\n') ++i;
  return i;
}

std::vector<Span> split_sentences(std::string_view text) {
  std::vector<Span> out;
  std::size_t start = 0;
  auto emit = [&](std::size_t end) {
    std::size_t s = start, e = end;
    while (s < e && (text[s] == ' ' || text[s] == '\n')) ++s;
    while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\n')) --e;
    if (e > s) out.push_back({s, e});
    start = end;
  };
  for (std::size_t i = next_sentence_mark(text, 0); i < text.size(); i = next_sentence_mark(text, i + 1)) {
    const char c = text[i];
    if (c == '\n') {
      emit(i);
      continue;
    }
    // End of sentence only before white space (or a closing quote then white space) and a new start.
    std::size_t j = i + 1;
    while (j < text.size() && (text[j] == '"' || text[j] == '\'' || text[j] == ')')) ++j;
    if (j + 2 < text.size() && static_cast<unsigned char>(text[j]) == 0xE2 &&
        static_cast<unsigned char>(text[j + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[j + 2]) == 0x9D || static_cast<unsigned char>(text[j + 2]) == 0x99))
      j += 3;  // ” ’
    if (j < text.size() && text[j] != ' ') continue;
    std::size_t k = j;
    while (k < text.size() && text[k] == ' ') ++k;
    if (k >= text.size()) continue;
    const auto next = static_cast<unsigned char>(text[k]);
    const bool starts_sentence = std::isupper(next) || std::isdigit(next) || next == '"' || next == '\'' ||
                                 next >= 0x80 || next == '(' || next == '[';
    if (!starts_sentence) continue;
    if (c == '.') {
      // The word before the period: abbreviations and single letters (initials, "U.S.") do not end a sentence.
      std::size_t w = i;
      while (w > start && text[w - 1] != ' ' && text[w - 1] != '(' && text[w - 1] != '"') --w;
      const std::string_view word = text.substr(w, i - w);
      if (word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]))) continue;
      if (word.size() >= 2 && word[word.size() - 2] == '.') continue;  // "U.S." "U.K." "a.m."
      if (is_abbreviation(word)) continue;
    }
    emit(j);
  }
  emit(text.size());
  return out;
}

}  // namespace chipwire::extract_internal
