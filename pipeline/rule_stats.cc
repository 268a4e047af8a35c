#include "pipeline/rule_stats.h"

#include <set>

namespace chipwire {

Result<std::map<std::string, RuleCounts>> collect_rule_stats(Store& store) {
  auto articles = store.articles(ArticleQuery{});
  if (!articles.ok()) return articles.status();
  std::map<std::string, RuleCounts> out;
  for (const Article& a : *articles) {
    auto stored = store.stored_article(a.id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;
    const Extraction& e = (*stored)->extraction;
    std::set<std::string> fired;
    auto hit = [&](const std::string& rule) {
      if (rule.empty()) return;
      ++out[rule].hits;
      if (fired.insert(rule).second) ++out[rule].articles;
    };
    for (const auto& m : e.companies) hit(m.rule);
    for (const auto& m : e.chips) hit(m.rule);
    for (const auto& act : e.actions) hit(act.rule);
    for (const auto& f : e.flags)
      if (!f.rule.empty()) ++out[f.rule].flags;
    auto decisions = store.decisions(a.id);
    if (!decisions.ok()) return decisions.status();
    for (const ActionDecision& d : *decisions) {
      const std::string key = identity_key(d.action);
      for (const auto& act : e.actions) {
        if (identity_key(action_identity(act)) != key) continue;
        if (d.verdict == "reject") ++out[act.rule].rejected;
        else ++out[act.rule].accepted;
      }
    }
  }
  return out;
}

}  // namespace chipwire
