// Action finding: trigger hits that pass their rule's context, placed in their
// sentence with an actor, a modality, a target and the entities around them,
// then merged to one action per (type, actor). Internal to extractors/.
#pragma once

#include <boost/regex.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/extraction.h"
#include "extractors/matcher.h"
#include "extractors/rule_model.h"

namespace chipwire::extract_internal {

// Runs Boost.Regex searches for one article; a search that exceeds Boost's
// complexity limit counts as no match and flags the article `regex_limit`.
class RegexBudget {
 public:
  explicit RegexBudget(std::string_view article) : article_(article) {}
  bool search(const boost::regex& re, std::string_view s, const std::string& rule, std::vector<Flag>& flags);

 private:
  std::string_view article_;
  std::set<std::string> flagged_;
};

struct ActorMention {
  Hit hit;
  int entity = -1;
  ActorRole role = ActorRole::country;
};

struct EntityRef {
  Span span;  // of the mention, in the original text
  int entity = -1;
};

struct ArticleMentions {
  std::vector<ActorMention> actors;  // in text order
  std::vector<EntityRef> entities;   // companies and chips, every mention, in text order
};

void find_actions(const CompiledRules& rules, std::string_view text, const FoldedText& folded,
                  const std::vector<Span>& sentences, const MatchLayers& layers, const ArticleMentions& mentions,
                  RegexBudget& regex, Extraction& out);

}  // namespace chipwire::extract_internal
