// Test helper: the tree pugixml reads from an XML text, as one comparable
// string (elements, attributes, joined PCDATA/CDATA), with parse_feed's options.
// Two documents pugixml reads alike give the same string.
#pragma once

#include <pugixml.hpp>

#include <string>

namespace chipwire::testing {

inline std::string tree_of(std::string xml) {
  pugi::xml_document doc;
  doc.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  std::string out;
  auto walk = [&](auto&& self, pugi::xml_node n) -> void {
    std::string text;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        text += c.value();
        continue;
      }
      if (!text.empty()) out += "[" + text + "]";
      text.clear();
      if (c.type() != pugi::node_element) continue;
      out += std::string("<") + c.name();
      for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute())
        out += std::string(" ") + a.name() + "=" + a.value();
      out += ">";
      self(self, c);
      out += "</>";
    }
    if (!text.empty()) out += "[" + text + "]";
  };
  walk(walk, doc);
  return out;
}

}  // namespace chipwire::testing
