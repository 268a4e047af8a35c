// scan_xml_utf8's side buffer: long text runs and CDATA sections are left out
// of pugixml's copy, a marker in their place (read back with xml_node_text).
// Pinned against the plain copy (itself pinned against the input by
// parse_speed_test): every node's type and text read through xml_node_text
// from the marked copy equal what pugixml reads from the copy without markers,
// with runs of every length around kXmlSideRun, references and CRs at every
// offset of the 16/32-byte blocks, and documents cut at every byte. And
// parse_feed reads a document the same through markers as through the path
// that has none.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "feeds/feed_parser.h"
#include "feeds/xml_prepare.h"
#include "tests/feeds/xml_scan.h"

using chipwire::kXmlSideRun;
using chipwire::xml_node_text;
using chipwire::testing::filler;
using chipwire::testing::scan_into_buffers;
using chipwire::testing::ScannedXml;

namespace {

// The tree pugixml reads, text nodes with their type and their text as
// xml_node_text gives it.
std::string typed_tree(std::string xml) {
  pugi::xml_document doc;
  doc.load_buffer_inplace(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  std::string out;
  auto walk = [&](auto&& self, pugi::xml_node n) -> void {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        out += c.type() == pugi::node_pcdata ? "P[" : "C[";
        out += xml_node_text(c.value());
        out += "]";
      } else if (c.type() == pugi::node_element) {
        out += std::string("<") + c.name();
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute())
          out += std::string(" ") + a.name() + "=" + a.value();
        out += ">";
        self(self, c);
        out += "</>";
      }
    }
  };
  walk(walk, doc);
  return out;
}

const std::string kHead = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>T</title><item><description>";
const std::string kTail = "</description><link>http://x/?a=1&amp;b=2</link></item>\n</channel></rss>\n";

// The marked copy reads as the plain one; `marked` says whether a marker is expected.
void check_same(const std::string& doc, bool marked) {
  std::string side;
  const ScannedXml plain = scan_into_buffers(doc);
  const ScannedXml with_side = scan_into_buffers(doc, &side);
  REQUIRE(plain.scan.needs_no_repair == with_side.scan.needs_no_repair);
  REQUIRE(plain.scan.utf8_valid == with_side.scan.utf8_valid);
  if (!plain.scan.needs_no_repair) return;
  CHECK(with_side.copy.size() <= doc.size());
  CHECK((with_side.copy.find('\x01') != std::string::npos) == marked);
  CHECK(typed_tree(with_side.copy) == typed_tree(plain.copy));
}

}  // namespace

TEST_CASE("xml_node_text gives a value that is no marker as it is", "[feeds][parse-speed]") {
  CHECK(xml_node_text("") == "");
  CHECK(xml_node_text("plain text") == "plain text");
  CHECK(xml_node_text(" \n ") == " \n ");
}

TEST_CASE("side buffer: text runs around the marker threshold, with and without references", "[feeds][parse-speed]") {
  for (std::size_t n = 0; n < 150; ++n) {
    INFO("run of " << n);
    check_same(kHead + filler(n) + kTail, n >= kXmlSideRun);
    // References at the start, the middle and the end (decoded into the side buffer).
    const std::string refs = "&lt;b&gt;" + filler(n / 2) + "&amp;&#233;&#x1F600;" + filler(n - n / 2) + "&quot;";
    check_same(kHead + refs + kTail, refs.size() >= kXmlSideRun);
    // Four references or more: the run is CDATA in the copy, and its marker too.
    const std::string many = filler(n) + "&lt;&gt;&amp;&quot;&apos;";
    check_same(kHead + many + kTail, many.size() >= kXmlSideRun);
    // A CR anywhere: pugixml rewrites line ends, so the run is copied.
    const std::string cr = filler(n / 3) + "\r\n" + filler(n - n / 3) + "&lt;&lt;&lt;&lt;";
    check_same(kHead + cr + kTail, false);
    // Decoded text that holds "]]>": not CDATA in the copy, a text marker here.
    const std::string brackets = filler(n) + "]]&gt;&lt;&lt;&lt;&lt;";
    check_same(kHead + brackets + kTail, brackets.size() >= kXmlSideRun);
    // White space only (a blank text node to the readers).
    const std::string blank(n, ' ');
    check_same(kHead + "<p>x</p>" + blank + "<p>y</p>" + kTail, n >= kXmlSideRun);
  }
}

TEST_CASE("side buffer: CDATA sections around the marker threshold", "[feeds][parse-speed]") {
  for (std::size_t n = 0; n < 150; ++n) {
    INFO("section of " << n);
    const std::string body = filler(n / 2) + "<p>a]]b ] ]> &amp;</p>" + filler(n - n / 2);
    check_same(kHead + "<![CDATA[" + body + "]]>" + kTail, body.size() >= kXmlSideRun);
    check_same(kHead + "<![CDATA[" + body + "\r\n]]>" + kTail, false);
    // Text, a section and text again: each its own node.
    check_same(kHead + filler(n) + "<![CDATA[" + body + "]]>" + filler(n) + kTail,
               n >= kXmlSideRun || body.size() >= kXmlSideRun);
  }
}

TEST_CASE("side buffer: documents cut at every byte", "[feeds][parse-speed]") {
  const std::string doc = kHead + filler(70) + "&lt;b&gt;" + filler(40) + "&lt;&gt;&amp;&quot;" + "<![CDATA[" +
                          filler(90) + "]]>" + filler(65) + kTail;
  for (std::size_t cut = 0; cut <= doc.size(); ++cut) {
    INFO("cut at " << cut);
    check_same(doc.substr(0, cut), true);
  }
}

TEST_CASE("parse_feed reads a document the same through markers as without", "[feeds][parse-speed]") {
  const std::string long_text = filler(200) + "end";
  const std::string doc =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>" + long_text +
      "</title><link>http://example.com/</link><description>  \n" + std::string(80, ' ') +
      "<![CDATA[<p>" + long_text + " &amp; <b>bold</b></p>]]>\n  </description>"
      "<item><title>&lt;b&gt;" + long_text + "&lt;/b&gt; &amp; &#8217;</title>"
      "<link>  http://example.com/a?utm_source=x&amp;id=1" + std::string(70, ' ') + "</link>"
      "<guid isPermaLink=\"false\">" + long_text + "</guid>"
      "<description>&lt;p&gt;" + long_text + "&lt;/p&gt;&lt;p&gt;more&lt;/p&gt;</description>"
      "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[<div>" + long_text +
      "</div>]]></content:encoded>"
      "<category>" + long_text + "</category><pubDate>Tue, 17 Feb 2026 10:00:00 +0000" + std::string(70, ' ') +
      "</pubDate></item></channel></rss>\n";
  const auto marked = chipwire::parse_feed(doc, {});
  // Read as ISO-8859-1 (the same text: all ASCII), the document is decoded into
  // a copy of its own, which takes the path without a scan and without markers.
  chipwire::ParseOptions latin1;
  latin1.content_type = "application/rss+xml; charset=iso-8859-1";
  auto plain = chipwire::parse_feed(doc, latin1);
  REQUIRE(marked.wellformed);
  REQUIRE(marked.entries.size() == 1);
  CHECK(plain.encoding != marked.encoding);
  plain.encoding = marked.encoding;
  CHECK(chipwire::parsed_feed_to_json(marked) == chipwire::parsed_feed_to_json(plain));
  CHECK(marked.entries[0].summary.value_or("(none)") == long_text + " more");
  CHECK(marked.entries[0].content.value_or("(none)") == long_text);
}
