// extract(): entities, actions and flags of one article from a compiled pack.
// Pure and thread-safe on a shared const RulePack: all state is local.
#include <algorithm>
#include <map>
#include <set>

#include "extractors/actions.h"
#include "extractors/extractor.h"
#include "extractors/matcher.h"
#include "extractors/rule_model.h"
#include "extractors/sentences.h"
#include "extractors/text_fold.h"

namespace chipwire {

using namespace extract_internal;

namespace {

std::size_t sentence_of(const std::vector<Span>& sentences, std::size_t pos) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                             [](std::size_t p, const Span& s) { return p < s.start; });
  return it == sentences.begin() ? 0 : static_cast<std::size_t>(it - sentences.begin() - 1);
}

// Tokens like "H20", "MI308", "910B" in sentences about chips that no rule knows.
// True for "16GB", "5nm", "100M": digits, then a unit.
bool is_quantity(std::string_view tok) {
  for (std::string_view u : {"GB", "TB", "MB", "NM", "MHZ", "GHZ", "W", "MM", "K", "M", "B", "BN", "P", "HZ", "FPS"}) {
    if (tok.size() > u.size() && tok.substr(tok.size() - u.size()) == u &&
        tok.substr(0, tok.size() - u.size()).find_first_not_of("0123456789") == std::string_view::npos)
      return true;
  }
  return false;
}

void flag_unknown_chip_tokens(std::string_view text, const Span& s, const std::vector<EntityRef>& known,
                              std::set<std::string>& seen, std::vector<Flag>& flags) {
  std::size_t i = s.start;
  while (i < s.end) {
    if (!is_word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.end && is_word_byte(static_cast<unsigned char>(text[j]))) ++j;
    const std::string_view tok = text.substr(i, j - i);
    int upper = 0, digits = 0, lower = 0;
    for (char c : tok) {
      if (c >= 'A' && c <= 'Z') ++upper;
      else if (c >= '0' && c <= '9') ++digits;
      else ++lower;
    }
    const bool after_dollar = i > 0 && text[i - 1] == '$';
    const bool model_like = upper >= 1 && digits >= 2 && lower == 0 && tok.size() >= 3 && tok.size() <= 8 &&
                            !after_dollar && (tok[0] < '0' || tok[0] > '9' || upper <= 2);
    static const std::set<std::string_view> kCommon = {"DDR4", "DDR5", "GDDR6", "GDDR6X", "LPDDR5", "LPDDR5X",
                                                       "PCIE4", "PCIE5", "USB3", "COVID19", "G20", "G7", "F35",
                                                       "M1", "M2", "AM4", "AM5", "LGA1700", "TSMC"};
    if (model_like && !is_quantity(tok) && !kCommon.count(tok)) {
      bool covered = false;
      for (const auto& m : known)
        if (m.span.start <= i && j <= m.span.end) covered = true;
      if (!covered && seen.insert(std::string(tok)).second)
        flags.push_back({"unknown_chip_like_token", "", "'" + std::string(tok) + "' looks like a chip model"});
    }
    i = j;
  }
}

}  // namespace

// Up to this much text the folding buffers are kept for the next call.
constexpr std::size_t kKeepFolded = 256 << 10;

Extraction extract(const RulePack& pack, std::string_view text, const ExtractOptions& options) {
  const CompiledRules& rules = pack.compiled();
  Extraction out;
  // The folded text lives only during this call: each thread folds into the
  // same buffers (an oversized one is let go when the call ends).
  thread_local FoldedText folded_buffer;
  struct KeepSmall {
    FoldedText& f;
    ~KeepSmall() {
      if (f.text.capacity() > kKeepFolded) f = FoldedText{};
    }
  } keep_small{folded_buffer};
  fold_text(text, folded_buffer);
  const FoldedText& folded = folded_buffer;
  MatchLayers layers = match_all(rules, text, folded);
  // Sentences are split only when something needs them (most articles are not about chips).
  std::vector<Span> sentence_store;
  bool split_done = false;
  const auto sentences_now = [&]() -> const std::vector<Span>& {
    if (!split_done) {
      sentence_store = split_sentences(text);
      split_done = true;
    }
    return sentence_store;
  };
  RegexBudget regex{text};

  // Entities: longest alias first, then entity priority.
  const auto alias_priority = [&](const Hit& h) {
    const Alias& a = rules.aliases[static_cast<std::size_t>(rules.patterns[static_cast<std::size_t>(h.pattern)].index)];
    return rules.entities[static_cast<std::size_t>(a.entity)].priority;
  };
  std::vector<Hit> chosen = select_longest(std::move(layers.aliases), alias_priority);  // not read again

  ArticleMentions mentions;
  std::set<std::string> seen_ids;
  std::set<std::string> ambiguous_flagged;
  for (const Hit& h : chosen) {
    const Alias& a = rules.aliases[static_cast<std::size_t>(rules.patterns[static_cast<std::size_t>(h.pattern)].index)];
    const Entity& en = rules.entities[static_cast<std::size_t>(a.entity)];
    if (en.context) {
      const auto& sentences = sentences_now();
      const Span sent = sentences.empty() ? Span{0, text.size()} : sentences[sentence_of(sentences, h.start)];
      if (!regex.search(*en.context, text.substr(sent.start, sent.end - sent.start), en.rule, out.flags)) continue;
    }
    if (en.reject) {
      const std::size_t ws = h.start >= 40 ? h.start - 40 : 0;
      const std::size_t we = std::min(text.size(), h.end + 40);
      if (regex.search(*en.reject, text.substr(ws, we - ws), en.rule, out.flags)) continue;
    }
    if (a.ambiguous && ambiguous_flagged.insert(a.folded).second) {
      std::string owners;
      for (const auto& other : rules.aliases)
        if (other.folded == a.folded && other.ambiguous)
          owners += (owners.empty() ? "" : ", ") + rules.entities[static_cast<std::size_t>(other.entity)].id;
      out.flags.push_back({"ambiguous_alias", en.rule,
                           "'" + std::string(text.substr(h.start, h.end - h.start)) + "' may be " + owners});
    }
    if (en.kind == EntityKind::actor) {
      mentions.actors.push_back({h, a.entity, a.role});
      continue;
    }
    EntityMention m;
    m.id = en.id;
    m.name = en.name;
    m.vendor = en.vendor;
    m.text = std::string(text.substr(h.start, h.end - h.start));
    m.span = {h.start, h.end};
    m.rule = en.rule;
    mentions.entities.push_back({m.span, a.entity});
    const std::string key = (en.kind == EntityKind::company ? "c/" : "k/") + en.id;
    if (!options.all_mentions && !seen_ids.insert(key).second) continue;
    (en.kind == EntityKind::company ? out.companies : out.chips).push_back(std::move(m));
  }

  // Actions: only when some trigger's rule can be satisfied at all.
  const bool chip_article = !layers.chip_words.empty() || !mentions.entities.empty();
  bool has_company = false;
  for (const auto& e : mentions.entities)
    has_company |= rules.entities[static_cast<std::size_t>(e.entity)].kind == EntityKind::company;
  bool possible = false;
  for (const Hit& h : layers.triggers) {
    const auto& r = rules.rules[static_cast<std::size_t>(rules.patterns[static_cast<std::size_t>(h.pattern)].index)];
    bool can = true;
    for (const auto& need : r.needs)
      can = can && !((need == "chip-context" && !chip_article) || (need == "actor" && mentions.actors.empty()) ||
                     (need == "company" && !has_company) || (need == "entity" && mentions.entities.empty()));
    if (!can) continue;
    possible = true;
    break;
  }
  if (possible) find_actions(rules, text, folded, sentences_now(), layers, mentions, regex, out);

  // Unknown chip-like tokens, only in sentences that talk about chips.
  std::set<std::string> seen_tokens;
  std::set<std::size_t> chip_sentences;
  if (layers.chip_words.empty()) return out;
  const auto& sentences = sentences_now();
  for (const Hit& h : layers.chip_words) chip_sentences.insert(sentence_of(sentences, h.start));
  for (std::size_t si : chip_sentences)
    if (si < sentences.size()) flag_unknown_chip_tokens(text, sentences[si], mentions.entities, seen_tokens, out.flags);
  return out;
}

}  // namespace chipwire
