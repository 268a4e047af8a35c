// The review queue: listing flagged articles, recording decisions on actions
// (keyed by article id + action identity, so they survive re-extraction) with
// an append-only audit log, and re-deriving the article's events to match.
#include <algorithm>
#include <set>

#include "storage/event_key.h"
#include "storage/keys.h"
#include "storage/rocks_store.h"

namespace chipwire::store_detail {
namespace {

std::string describe(const ActionCorrection& c) {
  std::string out;
  auto add = [&](const char* name, const std::optional<std::string>& v) {
    if (!v) return;
    if (!out.empty()) out += ";";
    out += std::string(name) + "=" + *v;
  };
  add("type", c.type);
  add("actor", c.actor);
  add("modality", c.modality);
  return out;
}

}  // namespace

Result<std::uint64_t> RocksStore::next_log_seq() {
  if (!log_seq_loaded_) {
    auto v = get(kMeta, "log_seq");
    if (!v.ok()) return v.status();
    log_seq_ = *v ? std::stoull(**v) : 0;
    log_seq_loaded_ = true;
  }
  return ++log_seq_;
}

Result<std::vector<ReviewItem>> RocksStore::review_items(const ReviewQuery& q) {
  auto rows = scan_prefix(kReview, "i");
  if (!rows.ok()) return rows.status();
  std::vector<ReviewItem> out;
  for (const auto& [k, v] : *rows) {
    auto r = decode_review_item(v);
    if (!r) return Status::corruption("review item " + k.substr(1) + " is damaged");
    if (q.state && r->state != *q.state) continue;
    if (q.since && r->updated < *q.since) continue;
    if (q.feed && std::find(r->feeds.begin(), r->feeds.end(), *q.feed) == r->feeds.end()) continue;
    if (q.reason && std::none_of(r->reasons.begin(), r->reasons.end(),
                                 [&](const Flag& f) { return f.reason == *q.reason; }))
      continue;
    out.push_back(std::move(*r));
  }
  // Oldest flag first: the queue order a reviewer walks.
  std::stable_sort(out.begin(), out.end(), [](const ReviewItem& a, const ReviewItem& b) {
    return a.updated != b.updated ? a.updated < b.updated : a.article_id < b.article_id;
  });
  if (q.limit != 0 && out.size() > q.limit) out.resize(q.limit);
  return out;
}

Status RocksStore::decide(const ReviewDecision& d) {
  if (Status s = require_writer(); !s.ok()) return s;
  if (d.verdict != "accept" && d.verdict != "reject" && d.verdict != "correct")
    return Status::invalid("verdict must be accept, reject or correct, not `" + d.verdict + "`");
  if (d.verdict == "correct" && !d.action) return Status::invalid("a correction names one action");
  if (d.verdict == "correct" && !d.correction.type && !d.correction.actor && !d.correction.modality)
    return Status::invalid("a correction sets the type, actor or modality");
  auto cur_r = stored_article(d.article_id);
  if (!cur_r.ok()) return cur_r.status();
  if (!*cur_r) return Status::not_found("no article " + d.article_id);
  StoredArticle cur = std::move(**cur_r);
  const UnixSeconds when = d.time != 0 ? d.time : now_unix();

  auto decisions = decision_map(d.article_id);
  if (!decisions.ok()) return decisions.status();
  std::set<std::string> identities;
  std::map<std::string, ActionIdentity> by_key;
  for (const auto& act : cur.extraction.actions) {
    ActionIdentity id = action_identity(act);
    const std::string k = identity_key(id);
    identities.insert(k);
    by_key.emplace(k, std::move(id));
  }
  std::vector<std::string> targets;
  if (d.action) {
    const std::string k = identity_key(*d.action);
    if (!identities.count(k)) return Status::not_found("article " + d.article_id + " has no action " + k);
    targets.push_back(k);
  } else {
    targets.assign(identities.begin(), identities.end());
  }

  rocksdb::WriteBatch batch;
  for (const auto& k : targets) {
    ActionDecision x;
    x.article_id = d.article_id;
    x.action = by_key[k];
    x.verdict = d.verdict;
    x.correction = d.correction;
    x.by = d.by;
    x.note = d.note;
    x.time = when;
    batch.Put(cf(kReview), decision_key(d.article_id, k), encode_decision(x));
    (*decisions)[k] = std::move(x);
  }

  auto seq = next_log_seq();
  if (!seq.ok()) return seq.status();
  ReviewLogEntry log{*seq, when, d.by, d.article_id, d.verdict, d.action ? identity_key(*d.action) : "",
                     describe(d.correction), d.note};
  batch.Put(cf(kReview), log_key(*seq), encode_log(log));
  batch.Put(cf(kMeta), "log_seq", std::to_string(*seq));

  auto old_item = review_item(d.article_id);
  if (!old_item.ok()) return old_item.status();
  ReviewItem item = *old_item ? **old_item : ReviewItem{};
  if (!*old_item) {
    item.article_id = d.article_id;
    item.created = when;
    item.feeds = cur.article.feeds;
    item.article_date = article_date(cur.article);
  }
  std::size_t decided = 0, rejected = 0;
  for (const auto& k : identities) {
    auto it = decisions->find(k);
    if (it == decisions->end()) continue;
    ++decided;
    rejected += it->second.verdict == "reject";
  }
  if (identities.empty() || (item.reasons.empty() && decided < identities.size()))
    item.state = d.verdict == "reject" ? "rejected" : "accepted";  // an unflagged article: no queue to wait in
  else if (decided < identities.size())
    item.state = "open";
  else
    item.state = rejected == identities.size() ? "rejected" : "accepted";
  item.reviewer = d.by;
  item.note = d.note;
  item.updated = when;
  batch.Put(cf(kReview), review_item_key(d.article_id), encode_review_item(item));

  int new_events = 0, new_mentions = 0;
  std::vector<std::string> ids;
  if (Status s = rederive(cur, cur.event_ids, *decisions, item.state == "open", batch, ids, new_events,
                          new_mentions);
      !s.ok())
    return s;
  cur.event_ids = ids;
  batch.Put(cf(kArticles), cur.article.id, encode_article(cur));
  if (Status s = write_batch(batch); !s.ok()) {
    log_seq_loaded_ = false;  // the sequence number was not used
    return s;
  }
  return {};
}

}  // namespace chipwire::store_detail
