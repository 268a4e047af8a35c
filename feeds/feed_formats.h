// The format parsers behind parse_feed: the sniffer picks one from the root
// element (or JSON), each fills the same ParsedFeed. Internal to feeds/.
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/feed_document.h"

namespace chipwire::xml {
class ChildNames;
}

namespace chipwire::formats {

struct XmlContext {
  std::string_view document_url;
  ParsedFeed& out;
};

enum class XmlFormat { rss, rdf, atom, unknown };

// sniff.cc: which parser reads a document with this root; sets out.format.
XmlFormat sniff_xml(pugi::xml_node root, ParsedFeed& out);
// True when the text (after white space) starts like JSON.
bool looks_like_json(std::string_view utf8);

void parse_rss(pugi::xml_node root, XmlContext& ctx);   // rss_parser.cc: RSS 0.9x and 2.0
void parse_rdf(pugi::xml_node root, XmlContext& ctx);   // rdf_parser.cc: RSS 1.0 and 0.90
void parse_atom(pugi::xml_node root, XmlContext& ctx);  // atom_parser.cc: Atom 0.3 and 1.0
void parse_json_feed(std::string_view utf8, std::string_view document_url, ParsedFeed& out);  // json_feed_parser.cc

// rss_fields.cc: the channel and item elements RSS 0.9x, 1.0 and 2.0 share.
void read_rss_channel(pugi::xml_node channel, XmlContext& ctx);
// An enclosure's length attribute: digits only (white space folded), else nullopt.
std::optional<std::int64_t> parse_length(std::string_view s);
// `outer_names`, when given, is what read the item's own name (the names of
// item.parent()'s children): prefixes are then resolved once for all items.
FeedEntry read_rss_item(pugi::xml_node item, XmlContext& ctx, xml::ChildNames* outer_names = nullptr);

// rss_fields.cc: the element's text read as a date (parse_feed_date).
std::optional<UnixSeconds> date_of(pugi::xml_node node);

// Element name as "prefix:local" with the canonical prefix ("title", "dc:date", "atom:link").
std::string qualified_name(pugi::xml_node node);

}  // namespace chipwire::formats
