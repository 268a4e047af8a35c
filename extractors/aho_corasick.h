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
  // (overlapping ones included), in order of end position.
  template <typename F>
  void scan(std::string_view text, F&& on_match) const {
    std::uint32_t state = 0;
    const std::uint32_t classes = class_count_;
    for (std::size_t i = 0; i < text.size(); ++i) {
      state = delta_[state * classes + byte_class_[static_cast<unsigned char>(text[i])]];
      const std::uint32_t b = output_begin_[state], e = output_begin_[state + 1];
      for (std::uint32_t k = b; k < e; ++k) {
        const int p = outputs_[k];
        on_match(p, i + 1 - patterns_[p].size(), i + 1);
      }
    }
  }

 private:
  std::vector<std::string> patterns_;
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
  std::vector<std::uint32_t> delta_;         // state * class_count_ + class -> state
  std::vector<std::uint32_t> output_begin_;  // per state, into outputs_ (size states+1)
  std::vector<int> outputs_;
};

}  // namespace chipwire::extract_internal
