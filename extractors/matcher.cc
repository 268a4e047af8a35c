// The dictionary matcher (see matcher.h).
#include "extractors/matcher.h"

namespace chipwire::extract_internal {
namespace {

bool word_at(std::string_view f, std::size_t i) {
  return i < f.size() && is_word_byte(static_cast<unsigned char>(f[i]));
}

// Case-sensitive aliases must match the original spelling letter by letter.
bool same_case(const Alias& a, std::string_view original, const FoldedText& folded, std::size_t fstart) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < a.exact.size() && k < a.folded.size(); ++i, ++k) {
    const char want = a.exact[i];
    if (!((want >= 'A' && want <= 'Z') || (want >= 'a' && want <= 'z'))) continue;
    if (original[folded.origin[fstart + k]] != want) return false;
  }
  return true;
}

// A layer's first hit makes room for eight: growing from one by doubling
// allocated four times for a text with a handful of hits.
void add(std::vector<Hit>& layer, const Hit& h) {
  if (layer.capacity() == 0) layer.reserve(8);
  layer.push_back(h);
}

}  // namespace

MatchLayers match_all(const CompiledRules& rules, std::string_view original, const FoldedText& folded) {
  MatchLayers layers;
  const std::string_view f = folded.text;
  rules.automaton.scan(f, [&](int p, std::size_t s, std::size_t e) {
    const Pattern& pat = rules.patterns[static_cast<std::size_t>(p)];
    const bool starts_word = is_word_byte(static_cast<unsigned char>(f[s]));
    if (starts_word && s > 0 && word_at(f, s - 1)) return;
    std::size_t end = e;
    const bool ends_word = is_word_byte(static_cast<unsigned char>(f[e - 1]));
    if (pat.kind == PatternKind::alias) {
      const Alias& a = rules.aliases[static_cast<std::size_t>(pat.index)];
      if (a.case_sensitive && !same_case(a, original, folded, s)) return;
      const auto kind = rules.entities[static_cast<std::size_t>(a.entity)].kind;
      if (ends_word && kind != EntityKind::actor) {
        // Possessives ("Nvidia's", "Nvidia’s", "Intels'") and chip plurals ("H200s").
        if (end + 1 < f.size() && f[end] == '\'' && f[end + 1] == 's' && !word_at(f, end + 2)) end += 2;
        else if (kind == EntityKind::chip && end < f.size() && f[end] == 's' && !word_at(f, end + 1)) end += 1;
      }
    }
    if (ends_word && !pat.prefix && word_at(f, end)) return;
    if (pat.prefix)  // "restrict*" covers the whole word it starts
      while (word_at(f, end)) ++end;
    Hit h{folded.origin[s], folded.origin[end], s, end, p};
    switch (pat.kind) {
      case PatternKind::alias: add(layers.aliases, h); break;
      case PatternKind::trigger: add(layers.triggers, h); break;
      case PatternKind::cue: add(layers.cues, h); break;
      case PatternKind::chip_word: add(layers.chip_words, h); break;
    }
  });
  return layers;
}

}  // namespace chipwire::extract_internal
