// RSS 1.0 and 0.90: <rdf:RDF> holding a <channel> and, beside it, the <item>s.
#include "feeds/feed_formats.h"
#include "feeds/xml_reader.h"

namespace chipwire::formats {

void parse_rdf(pugi::xml_node root, XmlContext& ctx) {
  xml::ChildNames names(root);
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const xml::QName n = names(c);
    if (n.is("channel")) {
      read_rss_channel(c, ctx);
      // A few feeds nest their items inside the channel.
      xml::ChildNames in_channel(c);
      for (pugi::xml_node i = c.first_child(); i; i = i.next_sibling())
        if (i.type() == pugi::node_element && in_channel(i).is("item"))
          ctx.out.entries.push_back(read_rss_item(i, ctx, &in_channel));
    } else if (n.is("item")) {
      FeedEntry e = read_rss_item(c, ctx, &names);
      if (!e.id) {
        if (pugi::xml_attribute about = xml::attr(c, "about")) e.id = std::string(about.value());
      }
      ctx.out.entries.push_back(std::move(e));
    }
  }
}

}  // namespace chipwire::formats
