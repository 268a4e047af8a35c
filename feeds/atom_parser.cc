// Atom 1.0 (RFC 4287) and Atom 0.3: text constructs by type (text, html,
// xhtml; 0.3's MIME types and escaped/base64 modes), links by rel, xml:base.
#include <algorithm>
#include <string>

#include "core/text.h"
#include "feeds/utf8.h"
#include "feeds/dates.h"
#include "feeds/feed_formats.h"
#include "feeds/html_text.h"
#include "feeds/xml_reader.h"

namespace chipwire::formats {
namespace {

// Atom elements are read in the Atom namespace and in none.
bool is_atom(const xml::QName& q) { return q.prefix == "atom" || q.prefix.empty(); }

// A text construct (title, subtitle, summary, content, ...); nullopt when it
// holds no text we can read (binary content, content by reference).
std::optional<std::string> text_construct(pugi::xml_node n) {
  std::string type = n.attribute("type").value();
  for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  std::string mode = n.attribute("mode").value();
  if (n.attribute("src") && xml::raw_text(n).find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  enum { plain, html, xhtml, binary } kind = plain;
  if (type.empty() || type == "text" || type == "text/plain") kind = plain;
  else if (type == "html" || type == "text/html") kind = html;
  else if (type == "xhtml" || type == "application/xhtml+xml") kind = xhtml;
  else if (type.starts_with("text/") || type.ends_with("+xml") || type.ends_with("/xml")) kind = plain;
  else kind = binary;
  if (mode == "base64") {
    auto decoded = xml::decode_base64(xml::raw_text(n));
    if (!decoded || kind == binary) return std::nullopt;
    return kind == plain ? fold_text(repair_utf8(*decoded)) : html_to_text(repair_utf8(*decoded));
  }
  if (kind == binary) return std::nullopt;
  if (mode == "escaped") return kind == plain ? xml::text_of(n, xml::TextKind::plain) : xml::text_of(n, xml::TextKind::html);
  switch (kind) {
    case plain:
      return xml::text_of(n, xml::TextKind::plain);
    case html:
      return xml::text_of(n, xml::TextKind::html);
    default:
      return xml::text_of(n, xml::TextKind::xhtml);
  }
}

struct Links {
  std::optional<std::string> alternate;
  std::vector<Enclosure> enclosures;
};

void read_link(pugi::xml_node n, XmlContext& ctx, Links& links) {
  std::string rel = fold_ws(n.attribute("rel").value());
  std::string type = fold_ws(n.attribute("type").value());
  std::string_view href = n.attribute("href").value();
  if (href.empty()) href = xml::attr(n, "href").value();
  std::string text;
  if (href.empty()) href = text = xml::raw_text(n);  // <link>URL</link>, as some feeds write it
  auto url = xml::resolve_at(n, href, ctx.document_url);
  if (!url) return;
  if (rel.empty() || rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate") {
    if (type.empty() || type == "text/html" || type == "application/xhtml+xml" || type == "html" || !links.alternate)
      links.alternate = url;
  } else if (rel == "enclosure") {
    links.enclosures.push_back({*url, xml::non_empty(type), parse_length(n.attribute("length").value())});
  }
}

std::optional<std::string> person_name(pugi::xml_node person) {
  for (pugi::xml_node c = person.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && xml::local_name(c) == "name") return xml::folded_text(c);
  return std::nullopt;
}

// `feed_names` read the entry's own name (the names of the feed's children).
FeedEntry read_entry(pugi::xml_node entry, XmlContext& ctx, xml::ChildNames& feed_names) {
  FeedEntry e;
  Links links;
  xml::ChildNames names(entry, &feed_names);
  for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const xml::QName q = names(c);
    const std::string_view local = q.local;
    const bool atom = is_atom(q);
    if (atom && local == "id") e.id = xml::folded_text(c);
    else if (atom && local == "title") e.title = text_construct(c);
    else if (atom && local == "link") read_link(c, ctx, links);
    else if (atom && local == "summary") e.summary = text_construct(c);
    else if (atom && local == "content") {
      if (!e.content) e.content = text_construct(c);
    } else if (atom && (local == "published" || local == "issued")) e.published = date_of(c);
    else if (atom && (local == "updated" || local == "modified")) e.updated = date_of(c);
    else if (atom && local == "author") {
      if (!e.author) e.author = person_name(c);
    } else if (atom && local == "category") {
      std::string t = fold_ws(c.attribute("term").value());
      if (!t.empty()) e.categories.push_back(std::move(t));
    } else if (q.is("dc:subject")) {
      std::string t = xml::folded_text(c);
      if (!t.empty()) e.categories.push_back(std::move(t));
    } else if (q.is("dc:creator") && !e.author) {
      e.author = xml::folded_text(c);
    } else if ((q.is("dc:date") || q.is("dcterms:modified")) && !e.updated) {
      e.updated = date_of(c);
    } else if (q.is("dcterms:issued") && !e.published) {
      e.published = date_of(c);
    }
  }
  std::vector<std::string> unique;
  for (auto& c : e.categories)
    if (std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(std::move(c));
  e.categories = std::move(unique);
  e.link = std::move(links.alternate);
  // No alternate link: an id that is a web address is the entry's link (feedparser does the same).
  if (!e.link && e.id && (e.id->starts_with("http://") || e.id->starts_with("https://"))) e.link = e.id;
  e.enclosures = std::move(links.enclosures);
  return e;
}

}  // namespace

void parse_atom(pugi::xml_node root, XmlContext& ctx) {
  FeedInfo& f = ctx.out.feed;
  Links links;
  std::optional<UnixSeconds> published;
  xml::ChildNames names(root);
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const xml::QName q = names(c);
    const std::string_view local = q.local;
    const bool atom = is_atom(q);
    if (atom && local == "entry") ctx.out.entries.push_back(read_entry(c, ctx, names));
    else if (atom && local == "title") f.title = text_construct(c);
    else if (atom && (local == "subtitle" || local == "tagline")) f.subtitle = text_construct(c);
    else if (atom && local == "link") read_link(c, ctx, links);
    else if (atom && local == "id") f.id = xml::folded_text(c);
    else if (atom && (local == "updated" || local == "modified")) f.updated = date_of(c);
    else if (atom && local == "published") published = date_of(c);
    else if (q.is("dc:language") && !f.language) f.language = xml::non_empty(xml::folded_text(c));
  }
  f.link = links.alternate;
  if (!f.link && f.id && (f.id->starts_with("http://") || f.id->starts_with("https://"))) f.link = f.id;
  if (!f.updated) f.updated = published;
  if (!f.language)
    if (pugi::xml_attribute a = root.attribute("xml:lang")) f.language = xml::non_empty(fold_ws(a.value()));
}

}  // namespace chipwire::formats
