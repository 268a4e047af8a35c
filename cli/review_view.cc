#include "cli/review_view.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "core/text.h"
#include "core/time.h"

namespace chipwire::cli {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The text with entity spans marked. Spans are byte offsets into title + '\n' + text.
std::string marked_text(const StoredArticle& stored, bool ansi) {
  const std::string text = stored.article.title + "\n" + stored.article.text;
  std::vector<Span> spans;
  for (const auto& m : stored.extraction.companies) spans.push_back(m.span);
  for (const auto& m : stored.extraction.chips) spans.push_back(m.span);
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
  const std::string open = ansi ? "\x1B[1;4m" : "[[";
  const std::string close = ansi ? "\x1B[0m" : "]]";
  std::string out;
  size_t pos = 0;
  for (const Span& s : spans) {
    if (s.start < pos || s.end > text.size() || s.start >= s.end) continue;
    out += terminal_safe(text.substr(pos, s.start - pos));
    out += open + terminal_safe(text.substr(s.start, s.end - s.start)) + close;
    pos = s.end;
  }
  out += terminal_safe(text.substr(std::min(pos, text.size())));
  return out;
}

}  // namespace

std::string render_review_item(const ReviewItem& item, const StoredArticle& stored,
                               const std::vector<ActionDecision>& decisions, bool ansi) {
  const Article& a = stored.article;
  std::string out;
  out += "article " + a.id + "  [" + item.state + "]\n";
  out += "title:   " + terminal_safe(a.title) + "\n";
  out += "source:  " + terminal_safe(a.source) + "  " + terminal_safe(a.url) + "\n";
  out += "date:    " + (a.published ? format_iso8601(*a.published) : "(none)") + ", first seen " +
         format_iso8601(a.first_seen) + "\n\n";
  out += marked_text(stored, ansi) + "\n\n";
  out += "actions:\n";
  if (stored.extraction.actions.empty()) out += "  (none)\n";
  int n = 0;
  for (const Action& act : stored.extraction.actions) {
    ++n;
    const std::string key = identity_key(action_identity(act));
    std::string verdict;
    for (const auto& d : decisions)
      if (identity_key(d.action) == key) verdict = "  <" + d.verdict + (d.by.empty() ? "" : " by " + d.by) + ">";
    if (verdict.empty() && names_nothing(act)) verdict = "  <held: an event once accepted>";
    out += "  " + std::to_string(n) + ". " + act.type + "  actor " + act.actor.value_or("-") + "  " + act.modality +
           "  companies " + join(act.companies) + "  chips " + join(act.chips) + "  (rule " + act.rule + ")" +
           verdict + "\n";
  }
  out += "flags:\n";
  for (const Flag& f : item.reasons)
    out += "  - " + f.reason + (f.rule.empty() ? "" : " (" + f.rule + ")") +
           (f.detail.empty() ? "" : ": " + terminal_safe(f.detail)) + "\n";
  if (!item.note.empty()) out += "note: " + terminal_safe(item.note) + "\n";
  return out;
}

std::string reviewer_name(const std::string& by_flag) {
  if (!by_flag.empty()) return by_flag;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name) return pw->pw_name;
  return "unknown";
}

Result<std::string> resolve_review_id(Store& store, const std::string& id_or_prefix) {
  if (id_or_prefix.size() == 32) return id_or_prefix;
  ReviewQuery all;
  auto items = store.review_items(all);
  if (!items.ok()) return items.status();
  std::vector<std::string> matches;
  for (const auto& i : *items)
    if (i.article_id.rfind(id_or_prefix, 0) == 0) matches.push_back(i.article_id);
  if (matches.size() == 1) return matches[0];
  if (matches.empty()) return Status::not_found("no review item " + id_or_prefix);
  return Status::invalid("prefix " + id_or_prefix + " matches several review items");
}

}  // namespace chipwire::cli
