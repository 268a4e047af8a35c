// One pass of the alias/trigger/cue automaton over folded article text, with
// word boundaries, case-sensitive aliases, possessives and plurals, and
// longest-match-then-priority selection. Pure; internal to extractors/.
#pragma once

#include <string_view>
#include <vector>

#include "extractors/rule_model.h"
#include "extractors/text_fold.h"

namespace chipwire::extract_internal {

struct Hit {
  std::size_t start = 0;  // byte offsets into the ORIGINAL text
  std::size_t end = 0;
  std::size_t fstart = 0;  // offsets into the folded text
  std::size_t fend = 0;
  int pattern = 0;
};

struct MatchLayers {
  std::vector<Hit> aliases;   // all boundary-checked alias hits (overlaps not yet resolved)
  std::vector<Hit> triggers;  // action triggers
  std::vector<Hit> cues;      // modality cues
  std::vector<Hit> chip_words;
};

MatchLayers match_all(const CompiledRules& rules, std::string_view original, const FoldedText& folded);

// Keeps non-overlapping hits: longest first, then higher `priority(hit)`, then leftmost.
// Returns them sorted by start.
template <typename Priority>
std::vector<Hit> select_longest(std::vector<Hit> hits, Priority&& priority);

}  // namespace chipwire::extract_internal

#include <algorithm>

namespace chipwire::extract_internal {

template <typename Priority>
std::vector<Hit> select_longest(std::vector<Hit> hits, Priority&& priority) {
  std::sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    const auto la = a.fend - a.fstart, lb = b.fend - b.fstart;
    if (la != lb) return la > lb;
    const int pa = priority(a), pb = priority(b);
    if (pa != pb) return pa > pb;
    return a.fstart < b.fstart;
  });
  // The kept hits gather at the front of `hits`, in the order chosen.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit h = hits[i];
    bool overlaps = false;
    for (std::size_t k = 0; k < kept; ++k)
      if (h.fstart < hits[k].fend && hits[k].fstart < h.fend) {
        overlaps = true;
        break;
      }
    if (!overlaps) hits[kept++] = h;
  }
  hits.resize(kept);
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.fstart < b.fstart; });
  return hits;
}

}  // namespace chipwire::extract_internal
