// Text folding for the alias automaton (see text_fold.h).
#include "extractors/text_fold.h"

#include <array>

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
  f.origin.resize(in.size() + 1);
  std::uint32_t* o = f.origin.data();
  fold_into(in, f.text, [&](std::size_t pos) { *o++ = static_cast<std::uint32_t>(pos); });
  *o++ = static_cast<std::uint32_t>(in.size());
  f.origin.resize(static_cast<std::size_t>(o - f.origin.data()));
  return f;
}

std::string fold_phrase(std::string_view in) {
  std::string out;
  fold_into(in, out, [](std::size_t) {});
  return out;
}

}  // namespace chipwire::extract_internal
