// Aho-Corasick construction: a trie, breadth-first failure links, then a dense
// transition table so that scanning is one table lookup per byte.
#include "extractors/aho_corasick.h"

#include <deque>
#include <cassert>
#include <map>

namespace chipwire::extract_internal {

namespace {
// Symbol 0 never occurs in folded text patterns; it stands for "a word starts here".
constexpr unsigned char kBoundary = 0;
bool word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
}  // namespace

int AhoCorasick::add(std::string_view pattern) {
  lengths_.push_back(pattern.size());
  // The boundary symbol goes before every word start, exactly as scan() feeds it.
  std::string built;
  bool prev_word = false;
  for (unsigned char c : pattern) {
    const bool word = word_byte(c);
    if (word && !prev_word) built.push_back(static_cast<char>(kBoundary));
    prev_word = word;
    built.push_back(static_cast<char>(c));
  }
  patterns_.push_back(std::move(built));
  return static_cast<int>(patterns_.size() - 1);
}

void AhoCorasick::build() {
  // Byte classes: every byte that occurs in a pattern gets its own class; all others share class 0.
  for (auto& c : byte_class_) c = 0;
  for (int c = 0; c < 256; ++c) is_word_[c] = word_byte(static_cast<unsigned char>(c));
  class_count_ = 2;  // 0: bytes in no pattern; 1: the word boundary symbol
  boundary_class_ = 1;
  for (const auto& p : patterns_)
    for (unsigned char c : p)
      if (c != kBoundary && byte_class_[c] == 0) byte_class_[c] = static_cast<std::uint8_t>(class_count_++);
  // class_count_ <= 256 since class 0 is shared; a pattern set using all 256 bytes would overflow
  // uint8_t, which folded text never does (upper-case letters are folded away).

  struct Node {
    std::map<std::uint32_t, std::uint32_t> next;
    std::uint32_t fail = 0;
    std::vector<int> out;
  };
  std::vector<Node> trie(1);
  for (std::size_t pi = 0; pi < patterns_.size(); ++pi) {
    std::uint32_t s = 0;
    for (unsigned char c : patterns_[pi]) {
      const std::uint32_t cls = c == kBoundary ? boundary_class_ : byte_class_[c];
      auto it = trie[s].next.find(cls);
      if (it == trie[s].next.end()) {
        trie.emplace_back();
        const auto n = static_cast<std::uint32_t>(trie.size() - 1);
        trie[s].next[cls] = n;
        s = n;
      } else {
        s = it->second;
      }
    }
    trie[s].out.push_back(static_cast<int>(pi));
  }

  const std::uint32_t states = static_cast<std::uint32_t>(trie.size());
  // The transitions by trie state number, failure links folded in (breadth
  // first, so a state's failure target is complete before the state).
  std::vector<std::uint32_t> delta(static_cast<std::size_t>(states) * class_count_, 0);
  std::vector<std::uint32_t> order{0};  // states breadth first: the scan table's numbering
  order.reserve(states);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
    auto it = trie[0].next.find(cls);
    if (it != trie[0].next.end()) {
      delta[cls] = it->second;
      trie[it->second].fail = 0;
      queue.push_back(it->second);
    }
  }
  while (!queue.empty()) {
    const std::uint32_t s = queue.front();
    queue.pop_front();
    order.push_back(s);
    const auto& f_out = trie[trie[s].fail].out;
    trie[s].out.insert(trie[s].out.end(), f_out.begin(), f_out.end());
    for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
      auto it = trie[s].next.find(cls);
      if (it != trie[s].next.end()) {
        trie[it->second].fail = delta[static_cast<std::size_t>(trie[s].fail) * class_count_ + cls];
        delta[static_cast<std::size_t>(s) * class_count_ + cls] = it->second;
        queue.push_back(it->second);
      } else {
        delta[static_cast<std::size_t>(s) * class_count_ + cls] =
            delta[static_cast<std::size_t>(trie[s].fail) * class_count_ + cls];
      }
    }
  }
  std::vector<std::uint32_t> renumbered(states, 0);
  for (std::uint32_t k = 0; k < states; ++k) renumbered[order[k]] = k;

  // The scan table in the new numbering, each entry flagged when its target has outputs.
  // Over 2^31 states the table would take terabytes: no rule pack comes near.
  assert(states <= 0x7FFFFFFFu);
  const bool narrow = states <= 0x8000u;
  delta16_.clear();
  delta32_.clear();
  row_shift_ = 0;
  while ((1u << row_shift_) < class_count_) ++row_shift_;
  const std::size_t table_size = static_cast<std::size_t>(states) << row_shift_;
  if (narrow) delta16_.assign(table_size, 0);
  else delta32_.assign(table_size, 0);
  for (std::uint32_t k = 0; k < states; ++k) {
    const std::uint32_t old = order[k];
    for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
      const std::uint32_t target = delta[static_cast<std::size_t>(old) * class_count_ + cls];
      const bool has_output = !trie[target].out.empty();
      const std::size_t at = (static_cast<std::size_t>(k) << row_shift_) + cls;
      if (narrow)
        delta16_[at] = static_cast<std::uint16_t>(renumbered[target] | (has_output ? kOutput16 : 0u));
      else
        delta32_[at] = renumbered[target] | (has_output ? kOutput32 : 0u);
    }
  }
  // The pair table: from the root, the boundary, then c1, then c2.
  const std::size_t row = std::size_t{1} << row_shift_;
  auto entry = [&](std::uint32_t state, std::uint32_t cls) -> std::uint32_t {
    const std::size_t at = (static_cast<std::size_t>(state) << row_shift_) + cls;
    return narrow ? delta16_[at] : delta32_[at];
  };
  const std::uint32_t out_bit = narrow ? kOutput16 : kOutput32;
  const std::uint32_t after_boundary = entry(0, boundary_class_) & ~out_bit;
  pair16_.clear();
  pair32_.clear();
  if (narrow) pair16_.assign(row * row, 0);
  else pair32_.assign(row * row, 0);
  for (std::uint32_t c1 = 0; c1 < class_count_; ++c1) {
    const std::uint32_t first = entry(after_boundary, c1);
    pair_ok_[c1] = (first & out_bit) == 0;
    if (!pair_ok_[c1]) continue;
    for (std::uint32_t c2 = 0; c2 < class_count_; ++c2) {
      const std::uint32_t e = entry(first, c2);
      if (narrow) pair16_[c1 * row + c2] = static_cast<std::uint16_t>(e);
      else pair32_[c1 * row + c2] = e;
    }
  }
  for (int c = 0; c < 256; ++c) {
    std::uint32_t info = byte_class_[c];
    if (is_word_[c]) info |= kWordBit;
    if (delta[byte_class_[c]] == 0) info |= kRootStaysBit;  // to the root, which has no output
    byte_info_[c] = static_cast<std::uint16_t>(info);
  }
  output_begin_.assign(states + 1, 0);
  outputs_.clear();
  for (std::uint32_t k = 0; k < states; ++k) {
    output_begin_[k] = static_cast<std::uint32_t>(outputs_.size());
    const auto& out = trie[order[k]].out;
    outputs_.insert(outputs_.end(), out.begin(), out.end());
  }
  output_begin_[states] = static_cast<std::uint32_t>(outputs_.size());
}

}  // namespace chipwire::extract_internal
