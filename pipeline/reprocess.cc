#include "pipeline/reprocess.h"

#include <algorithm>
#include <set>
#include <utility>

#include "pipeline/article_builder.h"

namespace chipwire {

namespace {

std::multiset<std::string> action_keys(const Extraction& e) {
  std::multiset<std::string> out;
  for (const Action& a : e.actions) out.insert(identity_key(action_identity(a)) + "|" + a.modality);
  return out;
}

std::multiset<std::string> flag_keys(const Extraction& e) {
  std::multiset<std::string> out;
  for (const Flag& f : e.flags) out.insert(f.reason + "|" + f.rule);
  return out;
}

std::set<std::string> entity_ids(const Extraction& e) {
  std::set<std::string> out;
  for (const auto& m : e.companies) out.insert("c:" + m.id);
  for (const auto& m : e.chips) out.insert("h:" + m.id);
  return out;
}

template <typename Set>
std::uint64_t count_missing(const Set& from, const Set& in) {
  std::uint64_t n = 0;
  for (const auto& x : from) n += in.count(x) == 0;
  return n;
}

}  // namespace

Result<ReprocessSummary> reprocess(Store& store, const RulePack& rules, const ReprocessOptions& options) {
  ArticleQuery q;
  q.since = options.since;
  auto articles = store.articles(q);
  if (!articles.ok()) return articles.status();
  ReprocessSummary summary;
  for (const Article& listed : *articles) {
    auto before = store.stored_article(listed.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) continue;
    ++summary.articles;
    const StoredArticle& old = **before;
    Extraction fresh = extract(rules, extraction_input(old.article));
    const auto old_actions = action_keys(old.extraction), new_actions = action_keys(fresh);
    const auto old_flags = flag_keys(old.extraction), new_flags = flag_keys(fresh);
    if (old_actions == new_actions && old_flags == new_flags && entity_ids(old.extraction) == entity_ids(fresh))
      continue;
    ++summary.changed;
    ArticleWrite w;
    w.article = old.article;
    w.extraction = std::move(fresh);
    w.rule_pack_version = rules.version();
    w.reextract = true;
    auto outcome = store.write_article(std::move(w));
    if (!outcome.ok()) return outcome.status();
    auto after = store.stored_article(listed.id);
    if (!after.ok()) return after.status();
    const std::set<std::string> old_events(old.event_ids.begin(), old.event_ids.end());
    std::set<std::string> new_events;
    if (after->has_value()) new_events.insert((*after)->event_ids.begin(), (*after)->event_ids.end());
    const auto added = count_missing(new_events, old_events), removed = count_missing(old_events, new_events);
    summary.events_added += added;
    summary.events_removed += removed;
    summary.actions_changed += count_missing(new_actions, old_actions) + count_missing(old_actions, new_actions);
    const auto raised = count_missing(new_flags, old_flags), cleared = count_missing(old_flags, new_flags);
    summary.flags_raised += raised;
    summary.flags_cleared += cleared;
    if (options.on_change)
      options.on_change(listed.id, old.article.title,
                        "events +" + std::to_string(added) + " -" + std::to_string(removed) + ", flags +" +
                            std::to_string(raised) + " -" + std::to_string(cleared));
  }
  if (Status s = store.flush(); !s.ok()) return s;
  return summary;
}

}  // namespace chipwire
