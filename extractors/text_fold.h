// Folding of article text for dictionary matching: ASCII lowercase, curly
// apostrophes and quotes to straight ones, hyphens and dashes to spaces, with a
// map back to byte offsets of the original. Internal to extractors/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chipwire::extract_internal {

struct FoldedText {
  std::string text;                  // folded bytes
  std::vector<std::uint32_t> origin;  // origin[i]: byte offset in the input of text[i]; size text.size()+1
};

// Folds `in` (any bytes; invalid UTF-8 passes through byte by byte).
FoldedText fold_text(std::string_view in);

// Folds an alias or phrase the same way (no offset map).
std::string fold_phrase(std::string_view in);

inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace chipwire::extract_internal
