// A byte-level Aho-Corasick automaton compiled to a dense DFA over byte classes.
// Scanning costs one or two table reads per byte read away from the root (most
// of a text is skipped at the root); the outputs are read only in states
// flagged as having some.
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
  bool narrow_table() const { return !delta16_.empty(); }  // 16-bit entries (tests)

  // Calls on_match(pattern_index, start, end) for every occurrence in `text`
  // (overlapping ones included), in order of end position. A pattern that
  // starts with a letter or digit only matches where a word starts, and each
  // word inside a pattern only at a word start: the automaton reads a virtual
  // boundary symbol before each word of text and pattern alike, so matches
  // inside words ("us" in "business") cost nothing.
  template <typename F>
  void scan(std::string_view text, F&& on_match) const {
    if (!delta16_.empty()) scan_with(delta16_.data(), pair16_.data(), kOutput16, text, on_match);
    else scan_with(delta32_.data(), pair32_.data(), kOutput32, text, on_match);
  }

 private:
  std::vector<std::string> patterns_;  // as built: word-initial ones carry the boundary symbol
  std::vector<std::size_t> lengths_;   // length in text bytes (without the boundary symbol)
  bool is_word_[256] = {};
  std::uint32_t boundary_class_ = 0;
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
  // Rows of the scan table are 2^row_shift_ entries (class_count_ rounded up to
  // a power of two): a state's row is found by a shift, not a multiplication,
  // on the chain of dependent loads a scan is.
  std::uint32_t row_shift_ = 0;
  // byte_info_[c]: c's class, plus kWordBit when c is a letter or digit, plus
  // kRootStaysBit when c leads from the root to the root.
  static constexpr std::uint32_t kClassMask = 0xFF, kWordBit = 0x100, kRootStaysBit = 0x200;
  std::uint16_t byte_info_[256] = {};
  // delta[(state << row_shift_) + class]: the next state, plus the top bit when
  // some pattern ends in it. States are numbered breadth first, so the shallow
  // ones every word start visits share cache lines. The table is what a scan
  // waits on (half of its time was one load): with up to 32,768 states its
  // entries take 16 bits, else 32. The default pack: 11,420 states, 44 classes
  // in rows of 64, 1.46 MB (rows of 44 took 1.0 MB but a multiplication per
  // byte: the extract bench read 120 MB/s, 126 with the shift).
  static constexpr std::uint16_t kOutput16 = 0x8000;
  static constexpr std::uint32_t kOutput32 = 0x80000000u;
  std::vector<std::uint16_t> delta16_;
  std::vector<std::uint32_t> delta32_;
  // Every word read from the root starts with three dependent table reads: the
  // boundary, its first byte, its second. pair[(c1 << row_shift_) + c2] is
  // where those three lead, read at once from a table of a few KB that stays
  // in L1 (the same entry as the third read, output bit included). Usable for
  // a first byte whose state after the boundary has no output (a one-letter
  // pattern): pair_ok_[class].
  std::vector<std::uint16_t> pair16_;
  std::vector<std::uint32_t> pair32_;
  bool pair_ok_[256] = {};
  std::vector<std::uint32_t> output_begin_;  // per state, into outputs_ (size states+1)
  std::vector<int> outputs_;

  template <typename Entry, typename F>
  void scan_with(const Entry* const delta, const Entry* const pair, const Entry output_bit, std::string_view text,
                 F& on_match) const {
    const std::size_t n = text.size();
    const std::uint32_t shift = row_shift_;
    std::uint32_t state = 0;  // the root
    bool prev_word = false;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t info = byte_info_[static_cast<unsigned char>(text[i])];
      if (state == 0) {
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
      Entry next;
      if (word && !prev_word && state == 0 && i + 1 < n && pair_ok_[info & kClassMask]) {
        // A word starts at the root: the boundary, this byte and the next in one read.
        const std::uint32_t info2 = byte_info_[static_cast<unsigned char>(text[++i])];
        next = pair[((info & kClassMask) << shift) + (info2 & kClassMask)];
        prev_word = (info2 & kWordBit) != 0;
      } else {
        if (word && !prev_word)  // never a state with output
          state = static_cast<std::uint32_t>(delta[(state << shift) + boundary_class_] & ~output_bit);
        prev_word = word;
        next = delta[(state << shift) + (info & kClassMask)];
      }
      state = static_cast<std::uint32_t>(next & ~output_bit);
      if (next & output_bit) [[unlikely]] {
        const std::uint32_t b = output_begin_[state], e = output_begin_[state + 1];
        for (std::uint32_t k = b; k < e; ++k) {
          const int p = outputs_[k];
          on_match(p, i + 1 - lengths_[static_cast<std::size_t>(p)], i + 1);
        }
      }
    }
  }
};

}  // namespace chipwire::extract_internal
