// JSON for the review page's API (see review_json.h).
#include "cli/review_json.h"

#include <algorithm>

#include "core/text.h"
#include "core/time.h"

namespace chipwire::cli {

namespace {

using nlohmann::json;

std::string safe(std::string_view s) { return is_valid_utf8(s) ? std::string(s) : repair_utf8(s); }

json flags_json(const std::vector<Flag>& flags) {
  json out = json::array();
  for (const Flag& f : flags)
    out.push_back({{"reason", safe(f.reason)}, {"rule", safe(f.rule)}, {"detail", safe(f.detail)}});
  return out;
}

json distinct_reasons(const std::vector<Flag>& flags) {
  std::vector<std::string> reasons;
  for (const Flag& f : flags)
    if (std::find(reasons.begin(), reasons.end(), f.reason) == reasons.end()) reasons.push_back(f.reason);
  json out = json::array();
  for (const auto& r : reasons) out.push_back(safe(r));
  return out;
}

std::string iso_or_empty(UnixSeconds t) { return t == 0 ? std::string() : format_iso8601(t); }

json strings_json(const std::vector<std::string>& values) {
  json out = json::array();
  for (const auto& v : values) out.push_back(safe(v));
  return out;
}

json optional_json(const std::optional<std::string>& v) { return v ? json(safe(*v)) : json(nullptr); }

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Moves `pos` forward to the start of a UTF-8 character (or the end).
std::size_t char_boundary(const std::string& s, std::size_t pos) {
  while (pos < s.size() && is_continuation(static_cast<unsigned char>(s[pos]))) ++pos;
  return pos;
}

// Appends s[begin, end) of one part (title or text) as segments.
void cut(const std::string& part, std::size_t part_offset,
         const std::vector<std::pair<const EntityMention*, std::string>>& marks, std::vector<TextSegment>& out) {
  std::size_t pos = 0;
  for (const auto& [mention, kind] : marks) {
    if (mention->span.end <= part_offset || mention->span.start >= part_offset + part.size()) continue;
    std::size_t start = mention->span.start < part_offset ? 0 : mention->span.start - part_offset;
    std::size_t end = std::min(mention->span.end - part_offset, part.size());
    start = char_boundary(part, std::max(start, pos));
    end = char_boundary(part, end);
    if (start >= end) continue;
    if (start > pos) out.push_back({safe(part.substr(pos, start - pos)), nullptr, ""});
    out.push_back({safe(part.substr(start, end - start)), mention, kind});
    pos = end;
  }
  if (pos < part.size()) out.push_back({safe(part.substr(pos)), nullptr, ""});
}

json segments_json(const std::vector<TextSegment>& segments) {
  json out = json::array();
  for (const TextSegment& s : segments) {
    if (!s.mention) {
      out.push_back({{"text", s.text}});
      continue;
    }
    out.push_back({{"text", s.text},
                   {"kind", s.kind},
                   {"id", safe(s.mention->id)},
                   {"name", safe(s.mention->name)},
                   {"rule", safe(s.mention->rule)}});
  }
  return out;
}

json correction_json(const ActionCorrection& c) {
  json out = json::object();
  if (c.type) out["type"] = safe(*c.type);
  if (c.actor) out["actor"] = safe(*c.actor);
  if (c.modality) out["modality"] = safe(*c.modality);
  return out;
}

json decision_json(const ActionDecision& d) {
  return {{"verdict", d.verdict},
          {"by", safe(d.by)},
          {"note", safe(d.note)},
          {"time", iso_or_empty(d.time)},
          {"action", safe(identity_key(d.action))},
          {"correction", correction_json(d.correction)}};
}

// The evidence sentence of an action, clamped to the body.
std::string evidence_text(const std::string& body, const Span& span) {
  std::size_t start = char_boundary(body, std::min(span.start, body.size()));
  std::size_t end = char_boundary(body, std::min(span.end, body.size()));
  return start < end ? safe(body.substr(start, end - start)) : std::string();
}

std::optional<std::string> string_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::string dump_json(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

json review_item_json(const ReviewItem& item, const Article* article) {
  json out = {{"id", item.article_id},
              {"state", item.state},
              {"reasons", distinct_reasons(item.reasons)},
              {"flags", flags_json(item.reasons)},
              {"reviewer", safe(item.reviewer)},
              {"note", safe(item.note)},
              {"created", iso_or_empty(item.created)},
              {"updated", iso_or_empty(item.updated)},
              {"feeds", strings_json(item.feeds)},
              {"title", ""},
              {"source", ""},
              {"date", iso_or_empty(item.article_date)}};
  if (article) {
    out["title"] = safe(article->title);
    out["source"] = safe(article->source);
    out["date"] = iso_or_empty(article->published.value_or(article->first_seen));
  }
  return out;
}

SegmentedArticle segment_article(const StoredArticle& stored) {
  std::vector<std::pair<const EntityMention*, std::string>> marks;
  for (const auto& m : stored.extraction.companies) marks.emplace_back(&m, "company");
  for (const auto& m : stored.extraction.chips) marks.emplace_back(&m, "chip");
  std::stable_sort(marks.begin(), marks.end(), [](const auto& a, const auto& b) {
    if (a.first->span.start != b.first->span.start) return a.first->span.start < b.first->span.start;
    return a.first->span.end > b.first->span.end;
  });
  SegmentedArticle out;
  const Article& a = stored.article;
  cut(a.title, 0, marks, out.title);
  cut(a.text, a.title.size() + 1, marks, out.text);
  return out;
}

json review_detail_json(const ReviewItem* item, const StoredArticle& stored,
                        const std::vector<ActionDecision>& decisions) {
  const Article& a = stored.article;
  ReviewItem none;
  none.article_id = a.id;
  none.state = "none";
  json out = review_item_json(item ? *item : none, &a);
  const SegmentedArticle segments = segment_article(stored);
  out["article"] = {{"url", safe(a.url)},
                    {"title_segments", segments_json(segments.title)},
                    {"text_segments", segments_json(segments.text)},
                    {"published", a.published ? format_iso8601(*a.published) : std::string()},
                    {"first_seen", iso_or_empty(a.first_seen)},
                    {"revision", a.revision},
                    {"rule_pack_version", safe(stored.rule_pack_version)}};
  const std::string body = a.title + "\n" + a.text;
  json actions = json::array();
  int n = 0;
  for (const Action& act : stored.extraction.actions) {
    const std::string key = identity_key(action_identity(act));
    json decision = nullptr;
    for (const ActionDecision& d : decisions)
      if (identity_key(d.action) == key) decision = decision_json(d);  // the last one wins
    actions.push_back({{"index", ++n},
                       {"key", safe(key)},
                       {"type", safe(act.type)},
                       {"actor", optional_json(act.actor)},
                       {"modality", safe(act.modality)},
                       {"companies", strings_json(act.companies)},
                       {"chips", strings_json(act.chips)},
                       {"target_country", optional_json(act.target_country)},
                       {"rule", safe(act.rule)},
                       {"confidence", act.confidence},
                       {"evidence", evidence_text(body, act.evidence)},
                       {"held", decision.is_null() && names_nothing(act)},  // no event until accepted
                       {"decision", decision}});
  }
  out["actions"] = actions;
  out["extraction_flags"] = flags_json(stored.extraction.flags);
  json all = json::array();
  for (const ActionDecision& d : decisions) all.push_back(decision_json(d));
  out["decisions"] = all;
  return out;
}

Result<ReviewDecision> decision_from_json(const std::string& text, const StoredArticle& stored) {
  const json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return Status::invalid("the request body must be a JSON object");
  ReviewDecision d;
  d.article_id = stored.article.id;
  d.verdict = string_field(body, "verdict").value_or("");
  if (d.verdict != "accept" && d.verdict != "reject" && d.verdict != "correct")
    return Status::invalid("verdict must be accept, reject or correct");
  d.note = string_field(body, "note").value_or("");
  if (d.note.size() > 4096) return Status::invalid("the note is longer than 4096 bytes");
  if (auto key = string_field(body, "action")) {
    for (const Action& act : stored.extraction.actions) {
      ActionIdentity identity = action_identity(act);
      if (identity_key(identity) == *key) {
        d.action = std::move(identity);
        break;
      }
    }
    if (!d.action) return Status::not_found("the article has no action " + *key + " (re-extracted meanwhile?)");
  }
  if (d.verdict == "correct") {
    if (!d.action) return Status::invalid("a correction names one action");
    d.correction.type = string_field(body, "type");
    d.correction.actor = string_field(body, "actor");
    d.correction.modality = string_field(body, "modality");
    if (d.correction.type && d.correction.type->empty()) d.correction.type.reset();
    if (d.correction.modality && d.correction.modality->empty()) d.correction.modality.reset();
    if (!d.correction.type && !d.correction.actor && !d.correction.modality)
      return Status::invalid("a correction sets type, actor or modality");
    if (d.correction.modality && *d.correction.modality != "asserted" && *d.correction.modality != "planned" &&
        *d.correction.modality != "denied")
      return Status::invalid("modality must be asserted, planned or denied");
  }
  return d;
}

}  // namespace chipwire::cli
