// From an article's actions to events: choosing each action's event (dedup key
// and week window), rewriting the article's mentions and recounting every event
// it touches, all into the caller's WriteBatch. Used by write_article and decide.
#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <set>

#include "storage/event_key.h"
#include "storage/keys.h"
#include "storage/rocks_store.h"
#include "core/simhash.h"

namespace chipwire::store_detail {
namespace {

int modality_rank(const std::string& m) {
  if (m == "asserted") return 3;
  if (m == "planned") return 2;
  if (m == "denied") return 1;
  return 0;
}

Action corrected(const Action& a, const ActionDecision* d) {
  Action out = a;
  if (d == nullptr || d->verdict != "correct") return out;
  if (d->correction.type) out.type = *d->correction.type;
  if (d->correction.actor) {
    if (d->correction.actor->empty())
      out.actor.reset();
    else
      out.actor = *d->correction.actor;
  }
  if (d->correction.modality) out.modality = *d->correction.modality;
  return out;
}

// An action that names no government, company, chip or target country ("a
// ban was lifted" in a story about an election) says nothing a reader can
// follow, and on general feeds such actions are nearly all false: it becomes
// an event only once a reviewer accepts it or corrects it into one that names
// something. Until then its article waits in the review queue, where its
// flags (action_without_actor, action_without_target) put it.
bool held_for_review(const Action& a, const ActionDecision* d) {
  return names_nothing(a) && (d == nullptr || d->verdict == "reject");
}

std::string review_of(const ActionDecision* d, bool item_open) {
  if (d != nullptr) return d->verdict == "reject" ? "rejected" : "accepted";
  return item_open ? "open" : "none";
}

// Independent sources among the counted articles: articles are joined when they
// share an outlet or their SimHashes are within kStoryClusterBits; each group
// counts once.
std::uint32_t count_sources(const std::vector<std::pair<std::string, std::uint64_t>>& articles) {
  const std::size_t n = articles.size();
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const bool same_outlet = !articles[i].first.empty() && articles[i].first == articles[j].first;
      const bool same_story = articles[i].second != 0 && articles[j].second != 0 &&
                              hamming64(articles[i].second, articles[j].second) <= kStoryClusterBits;
      if (same_outlet || same_story) parent[find(i)] = find(j);
    }
  std::uint32_t groups = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (find(i) == i) ++groups;
  return groups;
}

}  // namespace

std::set<std::string> event_index_keys(const EventRecord& r) {
  const Event& e = r.event;
  const UnixSeconds t = e.first_seen;
  std::set<std::string> keys;
  const auto add = [&](char tag, std::string_view a = {}, std::string_view b = {}) {
    keys.insert(index_key(index_prefix(tag, a, b), t, e.id));
  };
  add('D');
  add('T', e.type);
  add('M', e.modality);
  if (e.actor) add('A', *e.actor);
  for (const auto& c : e.companies) {
    add('C', c);
    add('X', c, e.type);
  }
  for (const auto& c : e.chips) {
    add('H', c);
    add('Y', c, e.type);
  }
  for (const auto& f : r.feeds) add('F', f);
  return keys;
}

void for_article_index_keys(const Article& a, const std::function<void(std::string_view)>& visit) {
  const UnixSeconds t = article_date(a);
  // One buffer per thread for all of them: an ingest writes two per article.
  thread_local std::string k;
  put_index_key(k, {"a"}, t, a.id);  // index_prefix('a')
  visit(k);
  for (std::size_t i = 0; i < a.feeds.size(); ++i) {
    const std::string& f = a.feeds[i];
    if (std::find(a.feeds.begin(), a.feeds.begin() + static_cast<std::ptrdiff_t>(i), f) !=
        a.feeds.begin() + static_cast<std::ptrdiff_t>(i))
      continue;  // a feed listed twice has one key
    put_index_key(k, {"f", f, std::string_view("\0", 1)}, t, a.id);  // index_prefix('f', f)
    visit(k);
  }
}

Status RocksStore::recount_event(const std::string& event_id, const std::string& article_id,
                                 const std::map<std::string, MentionValue>& article_mentions,
                                 const EventRecord* fresh, rocksdb::WriteBatch& batch) {
  auto old = load_event(event_id);
  if (!old.ok()) return old.status();
  auto rows = scan_prefix(kMentions, mention_prefix(event_id));
  if (!rows.ok()) return rows.status();

  std::map<std::string, MentionValue> all;
  for (const auto& [k, v] : *rows) {
    if (mention_article(k) == article_id) continue;
    auto m = decode_mention(v);
    if (!m) return Status::corruption("mention of event " + event_id + " is damaged");
    all.emplace(k, std::move(*m));
  }
  for (const auto& [k, m] : article_mentions) all.insert_or_assign(k, m);

  if (all.empty()) {  // the last mention left: the event goes, with its index entries
    if (*old) {
      batch.Delete(cf(kEvents), event_id);
      for (const auto& k : event_index_keys(**old)) batch.Delete(cf(kIndex), k);
    }
    return {};
  }

  if (!*old && fresh == nullptr) return Status::corruption("event " + event_id + " has mentions but no record");
  EventRecord r = *old ? **old : *fresh;
  // Count the mentions nobody rejected; an event whose every mention is rejected
  // keeps its counts (shown with include_rejected) and review "rejected".
  bool any_live = false;
  for (const auto& [k, m] : all) any_live |= m.review != "rejected";
  std::set<std::string> articles;
  std::vector<std::pair<std::string, std::uint64_t>> article_sources;
  std::set<std::string> feeds, companies;
  Event& e = r.event;
  e.mentions = 0;
  e.first_seen = 0;
  e.last_seen = 0;
  bool any_open = false, any_accepted = false;
  std::pair<UnixSeconds, int> latest{0, -1};
  for (const auto& [k, m] : all) {
    if (any_live && m.review == "rejected") continue;
    ++e.mentions;
    const std::string art(mention_article(k));
    if (articles.insert(art).second) article_sources.emplace_back(m.source, m.simhash);
    feeds.insert(m.feeds.begin(), m.feeds.end());
    companies.insert(m.companies.begin(), m.companies.end());
    if (e.mentions == 1 || m.article_date < e.first_seen) e.first_seen = m.article_date;
    if (e.mentions == 1 || m.article_date > e.last_seen) e.last_seen = m.article_date;
    const std::pair<UnixSeconds, int> rank{m.article_date, modality_rank(m.modality)};
    if (latest.second < 0 || rank > latest) {
      latest = rank;
      e.modality = m.modality;
    }
    any_open |= m.review == "open";
    any_accepted |= m.review == "accepted";
  }
  e.articles = static_cast<std::uint32_t>(articles.size());
  e.sources = count_sources(article_sources);
  e.review = !any_live ? "rejected" : any_open ? "open" : any_accepted ? "accepted" : "none";
  r.feeds.assign(feeds.begin(), feeds.end());
  e.companies.assign(companies.begin(), companies.end());

  const std::set<std::string> new_keys = event_index_keys(r);
  std::set<std::string> old_keys;
  if (*old) old_keys = event_index_keys(**old);
  for (const auto& k : old_keys)
    if (!new_keys.count(k)) batch.Delete(cf(kIndex), k);
  const std::string value = encode_event(r);
  const std::string summary = encode_event_summary(r.event);
  // A covering entry carries the event's summary and is rewritten with it; an
  // empty one already there is left alone (a re-report rewrites 3 or so keys, not 10).
  for (const auto& k : new_keys) {
    if (covering_index_key(k))
      batch.Put(cf(kIndex), k, summary);
    else if (!old_keys.count(k))
      batch.Put(cf(kIndex), k, std::string());
  }
  batch.Put(cf(kEvents), event_id, value);
  return {};
}

Status RocksStore::rederive(const StoredArticle& current, const std::vector<std::string>& old_event_ids,
                            const std::map<std::string, ActionDecision>& decisions, bool item_open,
                            rocksdb::WriteBatch& batch, std::vector<std::string>& event_ids, int& new_events,
                            int& new_mentions) {
  if (current.extraction.actions.empty() && old_event_ids.empty()) {  // most articles: no event to touch
    event_ids.clear();
    return {};
  }
  const Article& a = current.article;
  const UnixSeconds date = article_date(a);
  const std::string week = iso_week(date);
  const std::string prev_week = iso_week(date - 7 * 86400);
  const std::string next_week = iso_week(date + 7 * 86400);
  const std::string text = a.title + "\n" + a.text;
  // Only mentions use the fingerprint (sources count syndicated copies once):
  // the pipeline leaves it 0 for the articles without actions, nearly all.
  const std::uint64_t simhash = a.simhash != 0 ? a.simhash : simhash64(a.title, a.text);

  // Old mentions of this article, by key.
  std::set<std::string> old_keys;
  for (const auto& id : old_event_ids) {
    auto rows = scan_prefix(kMentions, mention_prefix(id) + a.id);
    if (!rows.ok()) return rows.status();
    for (const auto& row : *rows) old_keys.insert(row.first);
  }

  std::map<std::string, std::string> chosen;             // dedup key without week -> event id
  std::map<std::string, EventRecord> fresh;              // events this article creates
  std::map<std::string, std::map<std::string, MentionValue>> by_event;
  for (const Action& extracted : current.extraction.actions) {
    const ActionIdentity identity = action_identity(extracted);  // companies sorted, distinct
    const std::string ik = identity_key(identity);
    const auto dit = decisions.find(ik);
    const ActionDecision* decision = dit == decisions.end() ? nullptr : &dit->second;
    const Action act = corrected(extracted, decision);
    if (held_for_review(act, decision)) continue;
    const KeyFields kf = key_fields(act);
    const std::string base = dedup_key_text(kf, "");

    std::string event_id;
    if (auto it = chosen.find(base); it != chosen.end()) {
      event_id = it->second;
    } else {
      // Same week first, then the previous and the next week when the article
      // lies within kNeighbourSlack of the event's dates.
      for (const std::string* w : {&week, &prev_week, &next_week}) {
        const std::string id = event_id_for(dedup_key_text(kf, *w));
        auto ev = load_event(id);
        if (!ev.ok()) return ev.status();
        if (!*ev) continue;
        const Event& e = (*ev)->event;
        if (w == &week || (date >= e.first_seen - kNeighbourSlack && date <= e.last_seen + kNeighbourSlack)) {
          event_id = id;
          break;
        }
      }
      if (event_id.empty()) {
        EventRecord r;
        r.dedup_key = dedup_key_text(kf, week);
        r.week = week;
        event_id = event_id_for(r.dedup_key);
        r.event.id = event_id;
        r.event.type = kf.type;
        r.event.actor = kf.actor;
        r.event.companies = identity.companies;  // the recount lists the union of its mentions'
        r.event.chips = kf.chips;
        r.event.target_country = kf.target_country;
        r.event.modality = act.modality;
        fresh.emplace(event_id, std::move(r));
        ++new_events;
      }
      chosen.emplace(base, event_id);
    }

    MentionValue m;
    m.rule = act.rule;
    m.evidence = act.evidence;
    if (act.evidence.start <= act.evidence.end && act.evidence.end <= text.size())
      m.evidence_text = text.substr(act.evidence.start, act.evidence.end - act.evidence.start);
    m.confidence = act.confidence;
    m.modality = act.modality;
    m.source = a.source;
    m.simhash = simhash;
    m.article_date = date;
    m.feeds = a.feeds;
    m.review = review_of(decision, item_open);
    m.identity = ik;
    m.companies = identity.companies;  // a correction changes type, actor or modality, never these
    const std::string key = mention_key(event_id, a.id, static_cast<std::uint32_t>(act.evidence.start),
                                        static_cast<std::uint32_t>(act.evidence.end), act.rule);
    by_event[event_id].insert_or_assign(key, std::move(m));
  }

  std::set<std::string> affected(old_event_ids.begin(), old_event_ids.end());
  for (const auto& [id, ms] : by_event) affected.insert(id);
  static const std::map<std::string, MentionValue> kNone;
  for (const auto& id : affected) {
    auto it = by_event.find(id);
    const auto& ms = it == by_event.end() ? kNone : it->second;
    auto fit = fresh.find(id);
    if (Status s = recount_event(id, a.id, ms, fit == fresh.end() ? nullptr : &fit->second, batch); !s.ok())
      return s;
  }

  std::set<std::string> new_keys;
  for (const auto& [id, ms] : by_event)
    for (const auto& [k, m] : ms) {
      new_keys.insert(k);
      batch.Put(cf(kMentions), k, encode_mention(m));
      if (!old_keys.count(k)) ++new_mentions;
    }
  for (const auto& k : old_keys)
    if (!new_keys.count(k)) batch.Delete(cf(kMentions), k);

  event_ids.clear();
  for (const auto& [id, ms] : by_event) event_ids.push_back(id);
  return {};
}

}  // namespace chipwire::store_detail
