// Text folding for the alias automaton (see text_fold.h).
#include "extractors/text_fold.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chipwire::extract_internal {
namespace {

// Returns the folded byte for a 3-byte UTF-8 punctuation sequence E2 80 xx, or 0.
char fold_general_punctuation(unsigned char third) {
  switch (third) {
    case 0x98: case 0x99: case 0x9B: case 0xB2: return '\'';  // ‘ ’ ‛ ′
    case 0x9C: case 0x9D: case 0x9F: return '"';                // “ ” ‟
    case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: return ' ';  // hyphens, en/em dash
    default: return 0;
  }
}

// kAsciiFold[c]: the folded byte of ASCII byte c.
constexpr std::array<char, 128> kAsciiFold = [] {
  std::array<char, 128> t{};
  for (int c = 0; c < 128; ++c) {
    char f = static_cast<char>(c);
    if (c >= 'A' && c <= 'Z') f = static_cast<char>(c + 32);
    else if (c == '-' || c == '\t' || c == '\r') f = ' ';
    t[static_cast<std::size_t>(c)] = f;
  }
  return t;
}();

// Folds `in` into `result`, calling record_origin(i) with the input offset of
// each folded byte, in order, or record_run(i, k) for k bytes from offset i.
// Runs of ASCII (most of any English text) go sixteen bytes at a time (SSE2,
// which every x86-64 has) or eight; other bytes one rule at a time. Folding
// and the offsets it writes (four bytes per byte of text) were a tenth of
// extraction's time byte by byte.
template <typename Out, typename Run>
void fold_into(std::string_view in, std::string& result, Out&& record_origin, Run&& record_run) {
  // Folded text is never longer than the input: write into a sized buffer.
  const std::size_t n = in.size();
  result.resize(n);
  char* w = result.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    while (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      if (_mm_movemask_epi8(v) != 0) break;  // a byte >= 0x80: not all ASCII
      // All bytes are below 0x80, so signed comparisons order them as bytes.
      const __m128i upper =
          _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
      const __m128i space = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
          _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
      const __m128i lowered = _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(32)));
      const __m128i folded = _mm_or_si128(_mm_andnot_si128(space, lowered), _mm_and_si128(space, _mm_set1_epi8(' ')));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), folded);
      record_run(i, 16);
      w += 16;
      i += 16;
    }
#endif
    std::uint64_t block;
    while (i + 8 <= n && (std::memcpy(&block, p + i, 8), (block & 0x8080808080808080ull) == 0)) {
      for (std::size_t k = 0; k < 8; ++k) {
        w[k] = kAsciiFold[p[i + k]];
        record_origin(i + k);
      }
      w += 8;
      i += 8;
    }
    if (i == n) break;
    const unsigned char c = p[i];
    record_origin(i);
    if (c < 0x80) {
      *w++ = kAsciiFold[c];
      ++i;
    } else if (char g; c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (g = fold_general_punctuation(p[i + 2])) != 0) {
      *w++ = g;
      i += 3;
    } else if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) {  // no-break space
      *w++ = ' ';
      i += 2;
    } else {
      *w++ = static_cast<char>(c);
      ++i;
    }
  }
  result.resize(static_cast<std::size_t>(w - result.data()));
}

}  // namespace

FoldedText fold_text(std::string_view in) {
  FoldedText f;
  fold_text(in, f);
  return f;
}

void fold_text(std::string_view in, FoldedText& f) {
  f.origin.resize(in.size() + 1);
  std::uint32_t* o = f.origin.data();
  auto run = [&o](std::size_t from, std::size_t count) {
    for (std::size_t k = 0; k < count; ++k) o[k] = static_cast<std::uint32_t>(from + k);
    o += count;
  };
  fold_into(in, f.text, [&o](std::size_t pos) { *o++ = static_cast<std::uint32_t>(pos); }, run);
  *o++ = static_cast<std::uint32_t>(in.size());
  f.origin.resize(static_cast<std::size_t>(o - f.origin.data()));
}

std::string fold_phrase(std::string_view in) {
  std::string out;
  fold_into(in, out, [](std::size_t) {}, [](std::size_t, std::size_t) {});
  return out;
}

}  // namespace chipwire::extract_internal
