// Folding of article text for dictionary matching: ASCII lowercase, curly
// apostrophes and quotes to straight ones, hyphens and dashes to spaces, with a
// map back to byte offsets of the original. Internal to extractors/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chipwire::extract_internal {

// std::allocator that leaves new elements uninitialised (resize() does not
// zero what fold_text writes over anyway).
template <typename T>
struct UninitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <typename U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

struct FoldedText {
  std::string text;  // folded bytes
  // origin[i]: byte offset in the input of text[i]; size text.size()+1
  std::vector<std::uint32_t, UninitAllocator<std::uint32_t>> origin;
};

// Folds `in` (any bytes; invalid UTF-8 passes through byte by byte).
FoldedText fold_text(std::string_view in);
// The same into `out`, reusing its storage (one buffer per thread: no allocation per article).
void fold_text(std::string_view in, FoldedText& out);

// Folds an alias or phrase the same way (no offset map).
std::string fold_phrase(std::string_view in);

inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace chipwire::extract_internal
