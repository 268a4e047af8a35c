// RSS 0.9x and 2.0: <rss><channel> with <item>s (items outside the channel,
// as some broken feeds have them, are read too).
#include "feeds/feed_formats.h"
#include "feeds/xml_reader.h"

namespace chipwire::formats {

void parse_rss(pugi::xml_node root, XmlContext& ctx) {
  pugi::xml_node channel = root;
  if (qualified_name(root) != "channel") {
    channel = {};
    xml::ChildNames names(root);
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && names(c).is("channel")) {
        channel = c;
        break;
      }
  }
  if (channel) read_rss_channel(channel, ctx);
  auto read_items = [&](pugi::xml_node parent) {
    // Room for every child element (the items and a dozen channel fields) at
    // once, instead of about five regrowths that move every entry read so far.
    std::size_t elements = 0;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) elements += c.type() == pugi::node_element;
    ctx.out.entries.reserve(ctx.out.entries.size() + elements);
    xml::ChildNames names(parent);
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element && names(c).is("item"))
        ctx.out.entries.push_back(read_rss_item(c, ctx, &names));
  };
  if (channel) read_items(channel);
  if (channel != root) read_items(root);
}

}  // namespace chipwire::formats
