// A byte-level Aho-Corasick automaton compiled to a dense DFA over byte classes.
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
    std::uint32_t state = 0;
    const std::uint32_t classes = class_count_;
    bool prev_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      const bool word = is_word_[c];
      if (word && !prev_word) state = delta_[state * classes + boundary_class_];
      prev_word = word;
      state = delta_[state * classes + byte_class_[c]];
      const std::uint32_t b = output_begin_[state], e = output_begin_[state + 1];
      for (std::uint32_t k = b; k < e; ++k) {
        const int p = outputs_[k];
        on_match(p, i + 1 - lengths_[static_cast<std::size_t>(p)], i + 1);
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
  std::vector<std::uint32_t> delta_;         // state * class_count_ + class -> state
  std::vector<std::uint32_t> output_begin_;  // per state, into outputs_ (size states+1)
  std::vector<int> outputs_;
};

}  // namespace chipwire::extract_internal
