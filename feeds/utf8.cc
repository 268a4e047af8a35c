// Fast UTF-8 validation (16 ASCII bytes at a time) and white-space folding.
#include "feeds/utf8.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chipwire {

const char* utf8_valid_until(const char* from, const char* stop, const char* to) {
  const auto* p = reinterpret_cast<const unsigned char*>(from);
  const auto* end = reinterpret_cast<const unsigned char*>(to);
  // The ASCII fast paths may step past `stop` (never past `end`): what they
  // skip is ASCII, so p still ends on a character boundary.
  while (p < reinterpret_cast<const unsigned char*>(stop)) {
#if defined(__SSE2__)
    if (end - p >= 64) {
      // 64 ASCII bytes at a time (one test for four loads), the usual case in feeds.
      const __m128i any = _mm_or_si128(
          _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16))),
          _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32)),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48))));
      if (_mm_movemask_epi8(any) == 0) {
        p += 64;
        continue;
      }
    }
    if (end - p >= 16) {
      // 16 bytes at a time; skip straight to the first non-ASCII byte.
      const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
      if (high == 0) {
        p += 16;
        continue;
      }
      p += __builtin_ctz(high);
    }
#endif
    if (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      if (end - p < 2 || (p[1] & 0xC0) != 0x80) return nullptr;
      p += 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return nullptr;
      if (c == 0xE0 && p[1] < 0xA0) return nullptr;   // overlong
      if (c == 0xED && p[1] >= 0xA0) return nullptr;  // surrogate
      p += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return nullptr;
      if (c == 0xF0 && p[1] < 0x90) return nullptr;   // overlong
      if (c == 0xF4 && p[1] >= 0x90) return nullptr;  // past U+10FFFF
      p += 4;
    } else {
      return nullptr;
    }
  }
  return reinterpret_cast<const char*>(p);
}

bool utf8_valid(std::string_view s) {
  const char* end = s.data() + s.size();
  return utf8_valid_until(s.data(), end, end) != nullptr;
}

namespace {

// fold_ws's bulk copy, 16 bytes at a time while they need no folding: bytes
// other than white space and 0xC2 (the lead byte of U+00A0), and single white
// space characters between two such bytes, written as ' ' (what the byte loop
// makes of them). REQUIRES: the byte before p was just written as it is.
// Stops at the first byte the byte loop must look at. Writes 16 bytes at o
// while 16 input bytes remain past p, so never past o + (end - p).
void copy_unfolded(const char*& p, const char* end, char*& o) {
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' '), lead = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i nine = _mm_set1_epi8(9), four = _mm_set1_epi8(4);
  while (end - p > 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i ctl = _mm_sub_epi8(v, nine);  // \t \n \v \f \r are 9..13
    const __m128i ws = _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(_mm_min_epu8(ctl, four), ctl));
    const __m128i special = _mm_or_si128(ws, _mm_cmpeq_epi8(v, lead));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm_or_si128(_mm_andnot_si128(ws, v), _mm_and_si128(ws, space)));
    const unsigned s = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (s != 0) {
      const unsigned char after = static_cast<unsigned char>(p[16]);
      const unsigned next_special = after == ' ' || (after >= 9 && after <= 13) || after == 0xC2;
      const unsigned prev = (s << 1) & 0xFFFF;
      const unsigned next = (s >> 1) | (next_special << 15);
      const unsigned stop = s & ~(static_cast<unsigned>(_mm_movemask_epi8(ws)) & ~prev & ~next);
      if (stop != 0) {
        const unsigned n = static_cast<unsigned>(__builtin_ctz(stop));
        p += n;
        o += n;
        return;
      }
    }
    p += 16;
    o += 16;
  }
#else
  (void)p, (void)end, (void)o;
#endif
}

}  // namespace

std::string fold_ws(std::string_view s) {
  std::string out;
  out.resize(s.size());
  char* o = out.data();
  const char* p = s.data();
  const char* end = p + s.size();
  bool pending = false;
  bool any = false;
  while (p < end) {
    const char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending = true;
      ++p;
      continue;
    }
    if (c == '\xC2' && p + 1 < end && p[1] == '\xA0') {
      pending = true;
      p += 2;
      continue;
    }
    if (pending && any) *o++ = ' ';
    pending = false;
    any = true;
    *o++ = c;
    ++p;
    copy_unfolded(p, end, o);
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

}  // namespace chipwire
