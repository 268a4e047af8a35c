// Text folding for the alias automaton (see text_fold.h).
#include "extractors/text_fold.h"

#include <array>
#include <cstring>

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

template <typename Out>
void fold_into(std::string_view in, std::string& result, Out&& record_origin) {
  // Folded text is never longer than the input: write into a sized buffer.
  result.resize(in.size());
  char* const base = result.data();
  char* w = base;
  struct Writer {
    char*& w;
    void push_back(char c) { *w++ = c; }
  } out{w};
  for (std::size_t i = 0; i < in.size();) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      record_origin(i);
      out.push_back(kAsciiFold[c]);
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80) {
      if (char f = fold_general_punctuation(static_cast<unsigned char>(in[i + 2]))) {
        record_origin(i);
        out.push_back(f);
        i += 3;
        continue;
      }
    }
    if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {  // no-break space
      record_origin(i);
      out.push_back(' ');
      i += 2;
      continue;
    }
    record_origin(i);
    out.push_back(static_cast<char>(c));
    ++i;
  }
  result.resize(static_cast<std::size_t>(w - base));
}

}  // namespace

FoldedText fold_text(std::string_view in) {
  FoldedText f;
  const std::size_t n = in.size();
  f.text.resize(n);
  f.origin.resize(n + 1);
  char* w = f.text.data();
  std::uint32_t* o = f.origin.data();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t i = 0;
  while (i < n) {
    // Runs of ASCII (most of any English text) eight bytes at a time.
    std::uint64_t block;
    while (i + 8 <= n && (std::memcpy(&block, p + i, 8), (block & 0x8080808080808080ull) == 0)) {
      for (std::size_t k = 0; k < 8; ++k) {
        w[k] = kAsciiFold[p[i + k]];
        o[k] = static_cast<std::uint32_t>(i + k);
      }
      w += 8;
      o += 8;
      i += 8;
    }
    if (i == n) break;
    // One step of fold_into's rules.
    const unsigned char c = p[i];
    *o++ = static_cast<std::uint32_t>(i);
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
  *o++ = static_cast<std::uint32_t>(n);
  f.text.resize(static_cast<std::size_t>(w - f.text.data()));
  f.origin.resize(static_cast<std::size_t>(o - f.origin.data()));
  return f;
}

std::string fold_phrase(std::string_view in) {
  std::string out;
  fold_into(in, out, [](std::size_t) {});
  return out;
}

}  // namespace chipwire::extract_internal
