// Channel and item elements of RSS 0.9x, 1.0 and 2.0 (and the Dublin Core,
// content, xhtml, iTunes and Atom elements found in them), following what
// feedparser maps to each contract field.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/text.h"
#include "feeds/utf8.h"
#include "feeds/dates.h"
#include "feeds/feed_formats.h"
#include "feeds/xml_reader.h"

namespace chipwire::formats {
namespace {

using xml::TextKind;

bool html_link_type(std::string_view type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml" || type == "html" ||
         type == "xhtml";
}

void dedupe(std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (auto& s : v)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  v = std::move(out);
}

void set_if(std::optional<std::string>& field, std::optional<std::string> v) {
  if (v) field = std::move(v);
}

}  // namespace

void read_rss_channel(pugi::xml_node channel, XmlContext& ctx) {
  FeedInfo& f = ctx.out.feed;
  std::optional<UnixSeconds> channel_published;
  xml::ChildNames names(channel);
  for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const xml::QName n = names(c);
    if (n.is("title") || n.is("dc:title")) {
      if (!f.title || n.is("title")) f.title = xml::text_of(c, TextKind::guess);
    } else if (n.is("link")) {
      std::string storage;
      if (auto l = xml::resolve_at(c, xml::text_view(c, storage), ctx.document_url)) f.link = l;
    } else if (n.is("atom:link")) {
      std::string rel = c.attribute("rel").value();
      if ((rel.empty() || rel == "alternate") && html_link_type(c.attribute("type").value()) && !f.link)
        f.link = xml::resolve_at(c, c.attribute("href").value(), ctx.document_url);
    } else if (n.is("description") || n.is("dc:description") || n.is("itunes:subtitle") || n.is("tagline")) {
      if (!f.subtitle || n.is("description")) f.subtitle = xml::text_of(c, TextKind::html);
    } else if (n.is("language") || n.is("dc:language")) {
      set_if(f.language, xml::non_empty(xml::folded_text(c)));
    } else if (n.is("lastBuildDate") || n.is("dc:date") || n.is("dcterms:modified") || n.is("atom:updated")) {
      if (auto t = date_of(c)) f.updated = t;
    } else if (n.is("pubDate")) {
      channel_published = date_of(c);
    } else if (n.is("atom:id")) {
      f.id = xml::folded_text(c);
    }
  }
  if (!f.updated) f.updated = channel_published;  // the channel's last publication, as feedparser reads it
  if (!f.language) {
    for (pugi::xml_node n = channel; n && n.type() == pugi::node_element; n = n.parent())
      if (pugi::xml_attribute a = n.attribute("xml:lang")) {
        f.language = xml::non_empty(fold_ws(a.value()));
        break;
      }
  }
}

FeedEntry read_rss_item(pugi::xml_node item, XmlContext& ctx, xml::ChildNames* outer_names) {
  FeedEntry e;
  std::optional<std::string> atom_link;
  // The last <guid> that may stand for the link: resolved only if the item has no other link.
  pugi::xml_node link_guid;
  bool have_link = false;
  std::optional<UnixSeconds> published, updated;
  xml::ChildNames names(item, outer_names);
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const xml::QName n = names(c);
    if (n.is("title") || n.is("dc:title")) {
      if (!e.title || n.is("title")) e.title = xml::text_of(c, TextKind::guess);
    } else if (n.is("link")) {
      std::string storage;
      if (auto l = xml::resolve_at(c, xml::text_view(c, storage), ctx.document_url)) {
        e.link = std::move(l);
        have_link = true;
      }
    } else if (n.is("atom:link")) {
      std::string rel = c.attribute("rel").value();
      if (rel == "enclosure") {
        if (auto u = xml::resolve_at(c, c.attribute("href").value(), ctx.document_url)) {
          Enclosure enc{*u, xml::non_empty(c.attribute("type").value()), parse_length(c.attribute("length").value())};
          e.enclosures.push_back(std::move(enc));
        }
      } else if ((rel.empty() || rel == "alternate") && html_link_type(c.attribute("type").value())) {
        atom_link = xml::resolve_at(c, c.attribute("href").value(), ctx.document_url);
      }
    } else if (n.is("guid") || n.is("atom:id")) {
      std::string id = xml::folded_text(c);
      if (n.is("atom:id") && e.id) continue;
      std::string perma = c.attribute("isPermaLink").value();
      if (perma.empty()) perma = xml::attr(c, "isPermaLink").value();
      for (char& ch : perma) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
      if (n.is("guid") && perma != "false" && !id.empty()) link_guid = c;
      e.id = std::move(id);
    } else if (n.is("description") || n.is("dc:description") || n.is("itunes:summary") || n.is("atom:summary")) {
      if (!e.summary || n.is("description")) e.summary = xml::text_of(c, TextKind::html);
    } else if (n.is("content:encoded") || n.is("atom:content") || n.is("fullitem")) {
      if (!e.content) e.content = xml::text_of(c, TextKind::html);
    } else if (n.is("xhtml:body") || n.is("xhtml:div") || n.is("body")) {
      if (!e.content) e.content = xml::text_of(c, TextKind::xhtml);
    } else if (n.is("pubDate") || n.is("dcterms:issued") || n.is("atom:published") || n.is("issued")) {
      if (auto t = date_of(c)) published = t;
      else if (n.is("pubDate")) published.reset();
    } else if (n.is("dc:date") || n.is("dcterms:modified") || n.is("atom:updated") || n.is("modified")) {
      if (auto t = date_of(c)) updated = t;
    } else if (n.is("author") || n.is("dc:creator") || n.is("dc:author") || n.is("itunes:author")) {
      std::string a = xml::text_of(c, TextKind::plain);
      if (a.empty()) {  // <author><name>..</name></author>
        if (pugi::xml_node nm = c.child("name")) a = xml::folded_text(nm);
      }
      if (!a.empty() && (!e.author || n.is("author") || n.is("dc:creator"))) e.author = std::move(a);
    } else if (n.is("category") || n.is("dc:subject")) {
      std::string t = xml::folded_text(c);
      if (!t.empty()) e.categories.push_back(std::move(t));
    } else if (n.is("itunes:keywords") || n.is("media:keywords")) {
      std::string all = xml::raw_text(c);
      std::size_t start = 0;
      while (start <= all.size()) {
        std::size_t comma = all.find(',', start);
        if (comma == std::string::npos) comma = all.size();
        std::string t = fold_ws(std::string_view(all).substr(start, comma - start));
        if (!t.empty()) e.categories.push_back(std::move(t));
        start = comma + 1;
      }
    } else if (n.is("itunes:category")) {
      std::string t = fold_ws(c.attribute("text").value());
      if (!t.empty()) e.categories.push_back(std::move(t));
    } else if (n.is("enclosure")) {
      std::string_view url = c.attribute("url").value();
      if (url.empty()) url = xml::attr(c, "resource").value();
      if (auto u = xml::resolve_at(c, url, ctx.document_url)) {
        Enclosure enc{*u, xml::non_empty(fold_ws(c.attribute("type").value())),
                      parse_length(c.attribute("length").value())};
        e.enclosures.push_back(std::move(enc));
      }
    }
  }
  if (!have_link) {
    if (atom_link) e.link = std::move(atom_link);
    else if (link_guid) e.link = xml::resolve_at(link_guid, xml::folded_text(link_guid), ctx.document_url);
  }
  dedupe(e.categories);
  e.updated = updated;
  e.published = published ? published : updated;
  return e;
}

std::optional<UnixSeconds> date_of(pugi::xml_node node) {
  std::string storage;
  return parse_feed_date(xml::text_view(node, storage));
}

std::optional<std::int64_t> parse_length(std::string_view s) {
  std::string t = fold_ws(s);
  if (t.empty() || t.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace chipwire::formats
