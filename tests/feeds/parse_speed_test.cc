// The parser's speed-ups that must not change an answer: UTF-8 validation in
// steps (utf8_valid_until) and folded into the XML check (scan_xml_utf8), the
// copy for pugixml that scan writes (runs of references as CDATA), and
// decode_document asking the caller for UTF-8 validity. Each is compared with
// the plain function it stands in for, with the invalid sequence placed at
// every offset around the 16/32/64-byte blocks and the check's 4 KiB lag.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "feeds/charset.h"
#include "feeds/feed_parser.h"
#include "feeds/utf8.h"
#include "feeds/xml_prepare.h"
#include "tests/feeds/xml_scan.h"
#include "tests/feeds/xml_tree.h"

using chipwire::scan_xml_utf8;
using chipwire::utf8_valid;
using chipwire::utf8_valid_until;
using chipwire::xml_needs_no_repair;

using chipwire::testing::filler;
using chipwire::testing::scan_into_buffers;
using chipwire::testing::ScannedXml;
using chipwire::testing::tree_of;

namespace {

struct Sequence {
  const char* what;
  std::string bytes;
  bool valid;
};

// Valid and invalid sequences of every length; "truncated" ones are invalid
// only at the very end of the input (where they are placed last).
const std::vector<Sequence>& sequences() {
  static const std::vector<Sequence> kSequences = {
      {"2-byte", "\xC3\xA9", true},
      {"3-byte", "\xE2\x82\xAC", true},
      {"4-byte", "\xF0\x9F\x98\x80", true},
      {"U+10FFFF, the largest", "\xF4\x8F\xBF\xBF", true},
      {"U+FFFD", "\xEF\xBF\xBD", true},
      {"last before surrogates", "\xED\x9F\xBF", true},
      {"first after surrogates", "\xEE\x80\x80", true},
      {"overlong 2-byte", "\xC0\x80", false},
      {"overlong 2-byte C1", "\xC1\xBF", false},
      {"overlong 3-byte", "\xE0\x80\xAF", false},
      {"overlong 3-byte, largest", "\xE0\x9F\xBF", false},
      {"overlong 4-byte", "\xF0\x80\x80\xAF", false},
      {"overlong 4-byte, largest", "\xF0\x8F\xBF\xBF", false},
      {"surrogate high", "\xED\xA0\x80", false},
      {"surrogate low", "\xED\xBF\xBF", false},
      {"past U+10FFFF", "\xF4\x90\x80\x80", false},
      {"F5 lead", "\xF5\x80\x80\x80", false},
      {"FF byte", "\xFF", false},
      {"FE byte", "\xFE", false},
      {"lone continuation", "\x80", false},
      {"lead without continuation", "\xC3" "a", false},
      {"3-byte cut after 2", "\xE2\x82" "a", false},
      {"4-byte cut after 3", "\xF0\x9F\x98" "a", false},
  };
  return kSequences;
}

// Truncated sequences: invalid when the input ends inside them.
const std::vector<std::string>& truncations() {
  static const std::vector<std::string> kTruncated = {"\xC3", "\xE2", "\xE2\x82", "\xF0", "\xF0\x9F", "\xF0\x9F\x98"};
  return kTruncated;
}

// utf8_valid by steps of `step` bytes (stops of the caller's choice), as the XML check uses it.
bool valid_in_steps(const std::string& s, std::size_t step) {
  const char* p = s.data();
  const char* end = s.data() + s.size();
  std::size_t stop = 0;
  while (p < end) {
    stop = std::min(s.size(), stop + step);
    const char* target = s.data() + stop;
    if (target < p) continue;  // the last step ran past this stop already
    const char* next = utf8_valid_until(p, target, end);
    if (!next) return false;
    REQUIRE(next >= target);
    REQUIRE(next <= end);
    p = next;
  }
  return true;
}



}  // namespace

TEST_CASE("utf8_valid_until in any steps agrees with utf8_valid", "[feeds][utf8][parse-speed]") {
  const std::vector<std::size_t> steps = {1, 3, 7, 16, 31, 64, 100, 4096};
  for (const Sequence& seq : sequences()) {
    // Offsets around the 8, 16, 32 and 64-byte blocks of the fast paths.
    for (std::size_t at = 0; at < 140; ++at) {
      const std::string s = filler(at) + seq.bytes + filler(150);
      INFO(seq.what << " at offset " << at);
      REQUIRE(utf8_valid(s) == seq.valid);
      for (std::size_t step : steps) {
        INFO("step " << step);
        CHECK(valid_in_steps(s, step) == seq.valid);
      }
    }
  }
  for (const std::string& cut : truncations()) {
    for (std::size_t at = 0; at < 140; ++at) {
      const std::string s = filler(at) + cut;
      INFO("truncated sequence of " << cut.size() << " bytes at offset " << at);
      CHECK_FALSE(utf8_valid(s));
      for (std::size_t step : steps) CHECK_FALSE(valid_in_steps(s, step));
    }
  }
}

TEST_CASE("utf8_valid_until ends on a character boundary past its stop", "[feeds][utf8][parse-speed]") {
  const std::string s = "ab\xE2\x82\xAC" "cd";  // a 3-byte character at 2..4
  const char* d = s.data();
  const char* end = d + s.size();
  CHECK(utf8_valid_until(d, d, end) == d);  // nothing to check
  const char* in_char = utf8_valid_until(d, d + 3, end);  // the stop cuts the character: it is checked whole
  REQUIRE(in_char != nullptr);
  CHECK(in_char >= d + 5);
  CHECK(utf8_valid_until(d, end, end) == end);
  const std::string bad = "ab\xE2\x82";
  CHECK(utf8_valid_until(bad.data(), bad.data() + 2, bad.data() + bad.size()) != nullptr);  // before the cut
  CHECK(utf8_valid_until(bad.data(), bad.data() + 3, bad.data() + bad.size()) == nullptr);
}

TEST_CASE("scan_xml_utf8: UTF-8 validity and the check's verdict, from one scan", "[feeds][utf8][parse-speed]") {
  // A clean feed long enough for the validation to lag behind the check (4 KiB).
  std::string items;
  for (int i = 0; i < 80; ++i)
    items += "<item><title>Caf\xC3\xA9 " + std::to_string(i) + " \xE2\x82\xAC</title><description>&lt;p&gt;" +
             filler(90) + "&lt;/p&gt;</description></item>\n";
  const std::string head = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\n";
  const std::string tail = "</channel></rss>\n";
  const std::string clean = head + items + tail;
  REQUIRE(clean.size() > 3 * 4096);
  {
    const auto scan = scan_xml_utf8(clean);
    CHECK(scan.utf8_valid);
    CHECK(scan.needs_no_repair);
    CHECK(xml_needs_no_repair(clean));
  }
  // An invalid sequence inside the text at many offsets: in the first block, at
  // block edges, around the lag, in the last bytes.
  std::vector<std::size_t> offsets;
  for (std::size_t at = head.size(); at < head.size() + 200; at += 1) offsets.push_back(at);
  for (std::size_t at = 4000; at < 4300; at += 1) offsets.push_back(at);
  for (std::size_t at = 8150; at < 8250; at += 1) offsets.push_back(at);
  for (std::size_t at = clean.size() - 40; at < clean.size(); ++at) offsets.push_back(at);
  for (const Sequence& seq : sequences()) {
    for (std::size_t at : offsets) {
      std::string doc = clean;
      doc.insert(at, seq.bytes);
      INFO(seq.what << " inserted at " << at);
      const auto scan = scan_xml_utf8(doc);
      REQUIRE(scan.utf8_valid == utf8_valid(doc));
      REQUIRE(scan.needs_no_repair == (scan.utf8_valid && xml_needs_no_repair(doc)));
    }
  }
  for (const std::string& cut : truncations()) {
    const std::string doc = clean + cut;
    const auto scan = scan_xml_utf8(doc);
    CHECK_FALSE(scan.utf8_valid);
    CHECK_FALSE(scan.needs_no_repair);
  }
  SECTION("a document that needs repair is still validated to its end") {
    const std::string dirty = head + "<item><title>a &nbsp; b</title></item>" + items + tail;
    CHECK_FALSE(xml_needs_no_repair(dirty));
    auto scan = scan_xml_utf8(dirty);
    CHECK(scan.utf8_valid);
    CHECK_FALSE(scan.needs_no_repair);
    scan = scan_xml_utf8(dirty + "\xFF");
    CHECK_FALSE(scan.utf8_valid);
    CHECK_FALSE(scan.needs_no_repair);
  }
  SECTION("not XML at all: a JSON feed, an empty input") {
    const std::string json = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Caf\xC3\xA9\"}";
    CHECK(scan_xml_utf8(json).utf8_valid);
    CHECK_FALSE(scan_xml_utf8(json).needs_no_repair);
    CHECK_FALSE(scan_xml_utf8(json + "\xC0\x80").utf8_valid);
    CHECK(scan_xml_utf8("").utf8_valid);
    CHECK_FALSE(scan_xml_utf8("").needs_no_repair);
  }
}

TEST_CASE("decode_document asks the caller for UTF-8 validity and decides as before", "[feeds][charset][parse-speed]") {
  const std::vector<std::string> bodies = {
      "<?xml version=\"1.0\"?><rss><channel><title>caf\xC3\xA9</title></channel></rss>",
      "<?xml version=\"1.0\"?><rss><channel><title>caf\xE9</title></channel></rss>",
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>caf\xE9 \xC3\xA9</title></channel></rss>",
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><channel><title>caf\xE9</title></channel></rss>",
      "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><title>caf\xE9</title></channel></rss>",
      "\xEF\xBB\xBF<rss><channel><title>caf\xC3\xA9</title></channel></rss>",
      "\xEF\xBB\xBF<rss><channel><title>caf\xE9</title></channel></rss>",
  };
  const std::vector<std::string> types = {"", "application/rss+xml; charset=utf-8", "text/xml; charset=windows-1252",
                                          "text/html"};
  for (const std::string& body : bodies) {
    for (const std::string& type : types) {
      INFO(body << " as " << type);
      int asked = 0;
      std::string_view asked_about;
      const auto plain = chipwire::decode_document(body, type);
      const auto hooked = chipwire::decode_document(body, type, [&](std::string_view b) {
        ++asked;
        asked_about = b;
        return utf8_valid(b);
      });
      CHECK(asked <= 1);
      if (asked) CHECK(asked_about == std::string_view(body).substr(plain.skip));
      CHECK(hooked.encoding == plain.encoding);
      CHECK(hooked.borrowed == plain.borrowed);
      CHECK(hooked.skip == plain.skip);
      CHECK(hooked.clean == plain.clean);
      CHECK(hooked.utf8 == plain.utf8);
      CHECK(hooked.problems == plain.problems);
      CHECK(std::string(hooked.text(body)) == std::string(plain.text(body)));
    }
  }
}

TEST_CASE("parse_feed reads an invalid-UTF-8 document as before the fused scan", "[feeds][charset][parse-speed]") {
  // Undeclared and not UTF-8: the scan stops at the bad byte, the text is
  // converted from windows-1252 and checked again.
  std::string doc = "<rss version=\"2.0\"><channel><title>T</title>";
  for (int i = 0; i < 100; ++i) doc += "<item><title>" + filler(60) + "</title></item>";
  doc += "<item><title>caf\xE9 \x93q\x94</title></item></channel></rss>";
  const auto f = chipwire::parse_feed(doc, {});
  CHECK(f.encoding == "windows-1252");
  REQUIRE(f.entries.size() == 101);
  CHECK(f.entries.back().title == "caf\u00E9 \u201Cq\u201D");
  CHECK_FALSE(f.wellformed);
  // The same document in UTF-8 is clean.
  std::string utf8 = doc;
  utf8.replace(utf8.find("caf\xE9 \x93q\x94"), 8, "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D");
  const auto g = chipwire::parse_feed(utf8, {});
  CHECK(g.encoding == "utf-8");
  CHECK(g.wellformed);
  CHECK(g.entries.back().title == "caf\u00E9 \u201Cq\u201D");
}

TEST_CASE("scan_xml_utf8's copy: pugixml reads it as the input", "[feeds][parse-speed]") {
  const std::string head = "<?xml version=\"1.0\"?>\r\n<rss version=\"2.0\"><channel><title>T</title><item><description>";
  const std::string tail = "</description><link href=\"a?b=1&amp;c=2&amp;d=3&amp;e=4&amp;f=5\"/></item></channel></rss>\n";
  struct Case {
    std::string content;
    bool as_cdata;  // the run is expected to be written as a CDATA section
  };
  std::vector<Case> cases = {
      {"&lt;p&gt;Hello &amp; goodbye&lt;/p&gt;", true},
      {"a &lt;b&gt; c", false},                  // two references: not worth it
      {"&lt;&gt;&amp;", false},                  // three
      {"&lt;&gt;&amp;&quot;", true},             // four
      {"&quot;&apos;&amp;amp;&lt;&gt;", true},
      {"&#65;&#233;&#8217;&#128512;&#9;", true},  // every UTF-8 length, and a tab
      {"&#x41;&#xe9;&#x2019;&#x1F600;&#xaB;&#x10FFFF;&#x00041;", true},
      {"]]&gt; &lt;&lt;&lt;", false},           // the text holds "]]>"
      {"] ]&gt;&lt;&lt;&lt;]]", true},
      {"a\r\nb &lt;&lt;&lt;&lt; c\rd\n\re", true},  // line ends as pugixml reads them in either
      {"x &lt;&lt;&lt;&lt;<b>bold &amp;&amp;&amp;&amp;</b> tail &gt;&gt;&gt;&gt;<![CDATA[ c&lt; ]]>&lt;&lt;&lt;&lt;", true},
      {"caf\xC3\xA9 &lt;&lt;&lt;&lt; \xE2\x82\xAC", true},
      {"", false},
  };
  // References around the 16- and 32-byte blocks of the scans.
  for (std::size_t k = 0; k < 40; ++k) cases.push_back({filler(k) + "&lt;&gt;&amp;&quot;" + filler(k % 7), true});
  for (std::size_t k = 0; k < 40; ++k) cases.push_back({"&lt;" + filler(k) + "&gt;" + filler(k) + "&amp;&amp;", true});
  // One run longer than the validation lag, references all along it.
  std::string lng;
  while (lng.size() < 9000) lng += filler(23) + "&lt;b&gt;&#8217;";
  cases.push_back({lng, true});
  for (const Case& c : cases) {
    const std::string doc = head + c.content + tail;
    INFO(c.content.substr(0, 120));
    const ScannedXml copied = scan_into_buffers(doc);
    REQUIRE(copied.scan.utf8_valid);
    REQUIRE(copied.scan.needs_no_repair == xml_needs_no_repair(doc));
    REQUIRE(copied.scan.needs_no_repair);
    CHECK(copied.copy.size() <= doc.size());
    CHECK(tree_of(copied.copy) == tree_of(doc));
    CHECK((copied.copy.find("<![CDATA[") != std::string::npos &&
           copied.copy.find("<![CDATA[ c&lt; ]]>") != copied.copy.find("<![CDATA[")) == c.as_cdata);
    if (!c.as_cdata) CHECK(copied.copy == doc);
  }
  SECTION("what the check refuses is not copied") {
    // An uppercase hex marker and a reference to CR are left to the repair pass.
    for (const char* bad : {"&#X41;&lt;&lt;&lt;&lt;", "&#13;&lt;&lt;&lt;&lt;", "&nbsp;&lt;&lt;&lt;&lt;"}) {
      INFO(bad);
      CHECK_FALSE(scan_into_buffers(head + bad + tail).scan.needs_no_repair);
    }
  }
}

TEST_CASE("parse_feed reads escaped HTML the same through the CDATA copy", "[feeds][parse-speed]") {
  const std::string escaped =
      "<rss version=\"2.0\"><channel><title>T</title><item><title>A &amp;amp; B</title><description>"
      "&lt;p&gt;Caf&amp;eacute; &lt;b&gt;bold&lt;/b&gt; &amp;amp; ]]&gt; &#8217;&lt;/p&gt;</description></item>"
      "</channel></rss>";
  const std::string cdata =
      "<rss version=\"2.0\"><channel><title>T</title><item><title>A &amp;amp; B</title><description><![CDATA["
      "<p>Caf&eacute; <b>bold</b> &amp; ]]]]><![CDATA[> \xE2\x80\x99</p>]]></description></item>"
      "</channel></rss>";
  const auto a = chipwire::parse_feed(escaped, {});
  const auto b = chipwire::parse_feed(cdata, {});
  REQUIRE(a.entries.size() == 1);
  REQUIRE(b.entries.size() == 1);
  CHECK(a.entries[0].summary == "Caf\u00E9 bold & ]]> \u2019");
  CHECK(a.entries[0].summary == b.entries[0].summary);
  CHECK(a.entries[0].title == b.entries[0].title);
  CHECK(chipwire::parsed_feed_to_json(a) == chipwire::parsed_feed_to_json(b));
}
