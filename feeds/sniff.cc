// Format sniffing: the root element (and its namespace and version) picks the
// parser, never the content type.
#include <string>

#include "feeds/feed_formats.h"
#include "feeds/xml_reader.h"

namespace chipwire::formats {

std::string qualified_name(pugi::xml_node node) {
  std::string_view prefix = xml::ns_prefix_view(node);
  std::string_view local = xml::local_name(node);
  if (prefix.empty()) return std::string(local);
  return std::string(prefix) + ":" + std::string(local);
}

bool looks_like_json(std::string_view s) {
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{';
  }
  return false;
}

XmlFormat sniff_xml(pugi::xml_node root, ParsedFeed& out) {
  std::string_view local = xml::local_name(root);
  const std::string_view prefix = xml::ns_prefix_view(root);
  std::string lower;
  for (char c : local) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (lower == "rss") {
    std::string_view v = root.attribute("version").value();
    if (v == "0.91") out.format = "rss091";
    else if (v == "0.92") out.format = "rss092";
    else if (v == "0.93") out.format = "rss093";
    else if (v == "0.94") out.format = "rss094";
    else if (v == "0.90") out.format = "rss090";
    else out.format = "rss20";
    return XmlFormat::rss;
  }
  if (lower == "rdf" && (prefix == "rdf" || prefix.empty())) {
    // RSS 1.0 or 0.90: the namespace of channel/item says which.
    out.format = "rss10";
    if (xml::ns_uri(root, "") == "http://my.netscape.com/rdf/simple/0.9/") out.format = "rss090";
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view uri = xml::ns_uri(c, [&] {
        std::string_view n = c.name();
        std::size_t colon = n.find(':');
        return colon == std::string_view::npos ? std::string_view() : n.substr(0, colon);
      }());
      if (uri == "http://my.netscape.com/rdf/simple/0.9/") {
        out.format = "rss090";
        break;
      }
      if (uri == "http://purl.org/rss/1.0/") break;
    }
    return XmlFormat::rdf;
  }
  if (lower == "feed") {
    std::string_view uri = xml::ns_uri(root, [&] {
      std::string_view n = root.name();
      std::size_t colon = n.find(':');
      return colon == std::string_view::npos ? std::string_view() : n.substr(0, colon);
    }());
    std::string_view version = root.attribute("version").value();
    if (uri == "http://purl.org/atom/ns#" || version == "0.3" || version == "0.2" || version == "0.1")
      out.format = "atom03";
    else
      out.format = "atom10";
    return XmlFormat::atom;
  }
  if (lower == "channel") {  // a bare RSS 0.9x channel
    out.format = "rss20";
    return XmlFormat::rss;
  }
  out.format = "unknown";
  return XmlFormat::unknown;
}

}  // namespace chipwire::formats
