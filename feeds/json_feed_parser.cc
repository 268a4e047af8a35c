// JSON Feed 1.0 and 1.1 (jsonfeed.org): items, authors, tags, attachments.
#include <nlohmann/json.hpp>

#include <string>

#include "core/text.h"
#include "feeds/utf8.h"
#include "feeds/dates.h"
#include "feeds/feed_formats.h"
#include "feeds/html_text.h"
#include "feeds/url.h"

namespace chipwire::formats {
namespace {

using nlohmann::json;

std::optional<std::string> str(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_number()) return it->dump();
  return std::nullopt;
}

std::optional<std::string> text(const json& o, const char* key) {
  auto s = str(o, key);
  if (!s) return std::nullopt;
  return fold_text(*s);
}

std::optional<std::string> link(const json& o, const char* key, std::string_view base) {
  auto s = str(o, key);
  if (!s) return std::nullopt;
  std::string t = fold_ws(*s);
  if (t.empty()) return std::nullopt;
  return base.empty() ? t : resolve_url(base, t);
}

std::optional<std::string> author_of(const json& o) {
  if (auto it = o.find("authors"); it != o.end() && it->is_array()) {
    for (const json& a : *it)
      if (a.is_object())
        if (auto n = text(a, "name")) return n;
  }
  if (auto it = o.find("author"); it != o.end() && it->is_object()) return text(*it, "name");
  return std::nullopt;
}

}  // namespace

void parse_json_feed(std::string_view utf8, std::string_view document_url, ParsedFeed& out) {
  json doc = json::parse(utf8.begin(), utf8.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.wellformed = false;
    out.problems.push_back("not valid JSON");
    out.format = "unknown";
    return;
  }
  std::string version = str(doc, "version").value_or("");
  if (version.find("jsonfeed.org") == std::string::npos) {
    out.format = "unknown";
    out.problems.push_back("JSON document is not a JSON Feed (no jsonfeed.org version)");
    return;
  }
  out.format = "json";
  std::string base(document_url);
  if (auto feed_url = str(doc, "feed_url"); feed_url && base.empty()) base = *feed_url;
  FeedInfo& f = out.feed;
  f.title = text(doc, "title");
  f.link = link(doc, "home_page_url", base);
  f.subtitle = text(doc, "description");
  f.language = text(doc, "language");
  f.id = str(doc, "feed_url");
  auto items = doc.find("items");
  if (items == doc.end() || !items->is_array()) {
    out.problems.push_back("JSON Feed without an items array");
    out.wellformed = false;
    return;
  }
  for (const json& it : *items) {
    if (!it.is_object()) continue;
    FeedEntry e;
    e.id = str(it, "id");
    e.title = text(it, "title");
    e.link = link(it, "url", base);
    if (!e.link) e.link = link(it, "external_url", base);
    e.summary = text(it, "summary");
    if (auto h = str(it, "content_html")) e.content = html_to_text(*h);
    else e.content = text(it, "content_text");
    if (auto d = str(it, "date_published")) e.published = parse_feed_date(*d);
    if (auto d = str(it, "date_modified")) e.updated = parse_feed_date(*d);
    e.author = author_of(it);
    if (!e.author) e.author = author_of(doc);
    if (auto tags = it.find("tags"); tags != it.end() && tags->is_array())
      for (const json& t : *tags)
        if (t.is_string() && !fold_ws(t.get<std::string>()).empty()) e.categories.push_back(fold_ws(t.get<std::string>()));
    if (auto atts = it.find("attachments"); atts != it.end() && atts->is_array())
      for (const json& a : *atts) {
        if (!a.is_object()) continue;
        auto u = link(a, "url", base);
        if (!u) continue;
        Enclosure enc{*u, str(a, "mime_type"), std::nullopt};
        if (auto sz = a.find("size_in_bytes"); sz != a.end() && sz->is_number_integer()) enc.length = sz->get<std::int64_t>();
        e.enclosures.push_back(std::move(enc));
      }
    out.entries.push_back(std::move(e));
  }
}

}  // namespace chipwire::formats
