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
  delta_.assign(static_cast<std::size_t>(states) * class_count_, 0);
  std::deque<std::uint32_t> queue;
  for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
    auto it = trie[0].next.find(cls);
    if (it != trie[0].next.end()) {
      delta_[cls] = it->second;
      trie[it->second].fail = 0;
      queue.push_back(it->second);
    }
  }
  while (!queue.empty()) {
    const std::uint32_t s = queue.front();
    queue.pop_front();
    const auto& f_out = trie[trie[s].fail].out;
    trie[s].out.insert(trie[s].out.end(), f_out.begin(), f_out.end());
    for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
      auto it = trie[s].next.find(cls);
      if (it != trie[s].next.end()) {
        trie[it->second].fail = delta_[static_cast<std::size_t>(trie[s].fail) * class_count_ + cls];
        delta_[static_cast<std::size_t>(s) * class_count_ + cls] = it->second;
        queue.push_back(it->second);
      } else {
        delta_[static_cast<std::size_t>(s) * class_count_ + cls] =
            delta_[static_cast<std::size_t>(trie[s].fail) * class_count_ + cls];
      }
    }
  }
  // Rows instead of state numbers, flagged when the target state has outputs.
  // A row needs 31 bits: over 8 million states, far beyond any rule pack (the table would take gigabytes).
  assert(static_cast<std::uint64_t>(states) * class_count_ <= kRowMask);
  for (auto& d : delta_)
    d = d * class_count_ | (trie[d].out.empty() ? 0 : kOutputBit);
  for (int c = 0; c < 256; ++c) {
    std::uint32_t info = byte_class_[c];
    if (is_word_[c]) info |= kWordBit;
    if (delta_[byte_class_[c]] == 0) info |= kRootStaysBit;  // to the root, which has no output
    byte_info_[c] = static_cast<std::uint16_t>(info);
  }
  output_begin_.assign(states + 1, 0);
  outputs_.clear();
  for (std::uint32_t s = 0; s < states; ++s) {
    output_begin_[s] = static_cast<std::uint32_t>(outputs_.size());
    outputs_.insert(outputs_.end(), trie[s].out.begin(), trie[s].out.end());
  }
  output_begin_[states] = static_cast<std::uint32_t>(outputs_.size());
}

}  // namespace chipwire::extract_internal
