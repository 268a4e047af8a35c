// A byte-level Aho-Corasick automaton compiled to a dense DFA over byte classes.
// Scanning costs two table reads per byte (one at the root, where most of a
// text is skipped); the outputs are read only in states flagged as having some.
// Build once (not thread-safe), then scan from any number of threads (const).
// Internal to extractors/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chipwire::extract_internal {

class AhoCorasick {
 public:
  // Adds a pattern (already folded); returns its index. REQUIRES: !pattern.empty(), before build().
  int add(std::string_view pattern);
  void build();

  std::size_t pattern_count() const { return patterns_.size(); }
  std::size_t state_count() const { return output_begin_.empty() ? 0 : output_begin_.size() - 1; }

  // Calls on_match(pattern_index, start, end) for every occurrence in `text`
  // (overlapping ones included), in order of end position. A pattern that
  // starts with a letter or digit only matches where a word starts, and each
  // word inside a pattern only at a word start: the automaton reads a virtual
  // boundary symbol before each word of text and pattern alike, so matches
  // inside words ("us" in "business") cost nothing.
  template <typename F>
  void scan(std::string_view text, F&& on_match) const {
    const std::uint32_t* const delta = delta_.data();
    const std::size_t n = text.size();
    std::uint32_t row = 0;  // the root's row
    bool prev_word = false;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t info = byte_info_[static_cast<unsigned char>(text[i])];
      if (row == 0) {
        // At the root, the rest of a word and bytes that start no pattern leave
        // the automaton at the root: skip them without walking the table.
        while (true) {
          const bool w = (info & kWordBit) != 0;
          if (!(info & kRootStaysBit) || (w && !prev_word)) break;  // a word start reads the boundary first
          prev_word = w;
          if (++i == n) return;
          info = byte_info_[static_cast<unsigned char>(text[i])];
        }
      }
      const bool word = (info & kWordBit) != 0;
      if (word && !prev_word) row = delta[row + boundary_class_] & kRowMask;  // never a state with output
      prev_word = word;
      const std::uint32_t next = delta[row + (info & kClassMask)];
      row = next & kRowMask;
      if (next & kOutputBit) [[unlikely]] {
        const std::uint32_t state = row / class_count_;
        const std::uint32_t b = output_begin_[state], e = output_begin_[state + 1];
        for (std::uint32_t k = b; k < e; ++k) {
          const int p = outputs_[k];
          on_match(p, i + 1 - lengths_[static_cast<std::size_t>(p)], i + 1);
        }
      }
    }
  }

 private:
  std::vector<std::string> patterns_;  // as built: word-initial ones carry the boundary symbol
  std::vector<std::size_t> lengths_;   // length in text bytes (without the boundary symbol)
  bool is_word_[256] = {};
  std::uint32_t boundary_class_ = 0;
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
  // byte_info_[c]: c's class, plus kWordBit when c is a letter or digit, plus
  // kRootStaysBit when c leads from the root to the root.
  static constexpr std::uint32_t kClassMask = 0xFF, kWordBit = 0x100, kRootStaysBit = 0x200;
  std::uint16_t byte_info_[256] = {};
  // delta_[row + class]: the next state's row (state * class_count_), plus
  // kOutputBit when some pattern ends in that state.
  static constexpr std::uint32_t kOutputBit = 0x80000000u, kRowMask = 0x7FFFFFFFu;
  std::vector<std::uint32_t> delta_;
  std::vector<std::uint32_t> output_begin_;  // per state, into outputs_ (size states+1)
  std::vector<int> outputs_;
};

}  // namespace chipwire::extract_internal
