// The parser's fast paths: the repair pass's check-only scan (a clean document
// is taken as it is, a dirty one still gets every repair) and the one-pass
// HTML-to-text writer (white space folded while writing, across tags and
// references).
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <string>

#include "feeds/feed_parser.h"
#include "feeds/html_text.h"
#include "feeds/xml_prepare.h"
#include "tests/feeds/xml_tree.h"

using chipwire::prepare_xml;
using chipwire::xml_needs_no_repair;

using chipwire::testing::tree_of;

namespace {

bool mentions(const chipwire::PreparedXml& p, const std::string& text) {
  for (const auto& problem : p.problems)
    if (problem.find(text) != std::string::npos) return true;
  return false;
}


const char* const kClean =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://x/rss-0.91.dtd\">\n"
    "<!-- generator -->\n"
    "<rss version='2.0' xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "  <channel><title>A &amp; B &#8217;&#x41;&#10;</title>\n"
    "    <item><dc:creator>me</dc:creator><description><![CDATA[<p>x &nbsp; y</p>]]></description>\n"
    "      <link a = \"1 &lt; 2\" b='\"q\"'/><?pi here?></item>\n"
    "  </channel>\n"
    "</rss>\n";

}  // namespace

TEST_CASE("A clean document skips the rewrite and reads the same", "[feeds][fast-path]") {
  REQUIRE(xml_needs_no_repair(kClean));
  auto prepared = prepare_xml(kClean);
  CHECK(prepared.problems.empty());
  CHECK(prepared.has_root);
  CHECK(prepared.xml == kClean);
  auto f = chipwire::parse_feed(kClean, {});
  CHECK(f.wellformed);
  CHECK(f.problems.empty());
  REQUIRE(f.entries.size() == 1);
  CHECK(f.feed.title == "A & B \u2019A");
  CHECK(f.entries[0].author == "me");
}

TEST_CASE("A dirty document still gets each repair", "[feeds][fast-path]") {
  struct Case {
    const char* xml;
    const char* problem;
  };
  const Case cases[] = {
      {"<rss><t>a & b</t></rss>", "bare & escaped"},
      {"<rss><t>caf&eacute;</t></rss>", "undefined entity &eacute;"},
      {"<rss><t>a\x02</t></rss>", "not allowed in XML"},
      {"<rss><t>\xEF\xBF\xBE</t></rss>", "not allowed in XML"},
      {"<rss><t>&#0;</t></rss>", "forbids removed"},
      {"<rss><t>&#65</t></rss>", "without ';'"},
      {"<rss><t>&#X41;</t></rss>", "uppercase X"},
      {"<rss><t>x</rss>", "unclosed <t>"},
      {"<rss><t>x</t></u></rss>", "stray end tag </u>"},
      {"<rss><t a=1>x</t></rss>", "unquoted attribute value"},
      {"<rss><t a=\"1\"b=\"2\">x</t></rss>", "no space between attributes"},
      {"<rss><t a=\"1\" a=\"2\">x</t></rss>", "duplicate attribute a"},
      {"<rss><t a>x</t></rss>", "attribute without value"},
      {"<rss><dc:t>x</dc:t></rss>", "undeclared namespace prefix \"dc\""},
      {"<rss></rss><rss></rss>", "second document element"},
      {"<rss></rss>junk", "text after the document element"},
      {"<![CDATA[x]]><rss></rss>", "CDATA outside"},
      {"<rss><t>a < b</t></rss>", "bare < escaped"},
      {"<rss><t>x</t>", "document ends inside <rss>"},
      {" <?xml version=\"1.0\"?><rss></rss>", "XML declaration not at the start"},
      {"<rss><!-- open</rss>", "unterminated comment"},
      {"<!DOCTYPE rss [<!ENTITY e \"v\">]><rss>&e;&f;</rss>", "unknown entity &f;"},
  };
  for (const Case& c : cases) {
    INFO(c.xml);
    CHECK_FALSE(xml_needs_no_repair(c.xml));
    auto prepared = prepare_xml(c.xml);
    CHECK(mentions(prepared, c.problem));
  }
}

TEST_CASE("Clean but read differently after the rewrite: the full pass runs", "[feeds][fast-path]") {
  // Each is well-formed, but pugixml reads the raw bytes and the canonical
  // rewrite apart, so the fast path must say no (and the result is the rewrite's).
  const char* const cases[] = {
      "<rss><t>a&#13;b</t></rss>",              // CR written as a character becomes LF
      "<rss><t>a\r&#10;b</t></rss>",            // CR LF joins into one LF
      "<rss><t a=\"x&#10;y\"/></rss>",          // attribute white space becomes a space
      "<rss><t>&#150;</t></rss>",               // read as windows-1252
      "<rss><t>a\r<!-- c -->\nb</t></rss>",     // the comment's removal joins CR and LF
      "<rss><t>a\r<?pi x?>\nb</t></rss>",       // the same with a processing instruction
      "<!DOCTYPE rss [<!ENTITY e \"v\">]><rss>&e;</rss>",  // internal subset
      "<!doctype rss><rss></rss>",              // pugixml only knows DOCTYPE in capitals
      "<rss><t>x</t ></rss><!-- after -->",     // fine, then...
  };
  for (std::size_t k = 0; k + 1 < std::size(cases); ++k) {
    INFO(cases[k]);
    CHECK_FALSE(xml_needs_no_repair(cases[k]));
  }
  CHECK(xml_needs_no_repair(cases[std::size(cases) - 1]));
  // Where the fast path says yes, pugixml reads the bytes as it reads the rewrite.
  for (const char* xml : {kClean, "<rss><t>a&#10;b&#9;</t><u>x<!-- c -->y<?p?>z</u></rss>", "<a>\r\n<b/>\r\n</a>"}) {
    INFO(xml);
    REQUIRE(xml_needs_no_repair(xml));
    // A lowercase DOCTYPE sends a document through the full pass (which drops it).
    chipwire::PreparedXml rewritten = prepare_xml(std::string("<!doctype x>") + xml);
    CHECK(tree_of(xml) == tree_of(rewritten.xml));
  }
}

TEST_CASE("HTML to text folds white space across tags and references", "[feeds][fast-path][html]") {
  using chipwire::html_to_text;
  // A no-break space split by a tag is still one (C2 <b> A0).
  CHECK(html_to_text("a\xC2<b>\xA0z") == "a z");
  CHECK(html_to_text("a\xC2<br>\xA0z") == "a\xC2 \xA0z");  // a block tag's break comes between
  CHECK(html_to_text("x&nbsp;&#32;&#10;y") == "x y");
  CHECK(html_to_text("  a  b\t\n c  ") == "a b c");
  CHECK(html_to_text("one two three four five six seven eight nine ten eleven") ==
        "one two three four five six seven eight nine ten eleven");
  CHECK(html_to_text("sixteen bytes...  then two spaces and a tab\there") ==
        "sixteen bytes... then two spaces and a tab here");
  CHECK(html_to_text("<a href=\"x>y\" title='it''s'>link</a> text") == "link text");
  CHECK(html_to_text("<a b=c\"d>e\">x</a>") == "e\">x");  // a quote not after '=' opens nothing
  CHECK(html_to_text("<p>a</p>\xC2\xA0<div>b</div>") == "a b");
  CHECK(html_to_text("x <unterminated &amp; y") == "x <unterminated & y");
}

TEST_CASE("CDATA: markup inside is clean, a control character anywhere in it is not", "[feeds][fast-path]") {
  const std::string html = "<p>a &amp; b <b>c</b> & < > d</p> ";
  std::string body;
  for (int i = 0; i < 20; ++i) body += html;  // long enough for the 16-byte scan
  const std::string clean = "<rss><d><![CDATA[" + body + "]]></d></rss>";
  CHECK(xml_needs_no_repair(clean));
  for (std::size_t at : {std::size_t{0}, std::size_t{17}, body.size() / 2, body.size() - 1}) {
    std::string dirty_body = body;
    dirty_body.insert(at, 1, '\x01');
    const std::string dirty = "<rss><d><![CDATA[" + dirty_body + "]]></d></rss>";
    INFO(at);
    CHECK_FALSE(xml_needs_no_repair(dirty));
  }
  CHECK_FALSE(xml_needs_no_repair("<rss><d><![CDATA[" + body + "\xEF\xBF\xBF]]></d></rss>"));
  CHECK(xml_needs_no_repair("<rss><d><![CDATA[" + body + "\xEF\xBF\xBD]]></d></rss>"));
}

TEST_CASE("html_to_text: tag names classified in any case, whole names only", "[feeds][fast-path]") {
  using chipwire::html_to_text;
  CHECK(html_to_text("a<BLOCKQUOTE>b</BlockQuote>c") == "a b c");
  CHECK(html_to_text("a<FigCaption class=x>b</figcaption >c") == "a b c");
  CHECK(html_to_text("a<blockquotes>b</blockquotes>c") == "abc");
  CHECK(html_to_text("a<FieldSet/>b") == "a b");
  CHECK(html_to_text("a<fieldsets>b") == "ab");
  CHECK(html_to_text("a<Br>b<P>c<hR/>d") == "a b c d");
  CHECK(html_to_text("a<bR2>b<pp>c") == "abc");
  CHECK(html_to_text("a<SCRIPT>x<p>y</ScRiPt>b") == "ab");
  CHECK(html_to_text("a<Style type=t>x</STYLE>b") == "ab");
  CHECK(html_to_text("a<scripts>x</scripts>b") == "axb");
  CHECK(html_to_text("a<stylE/>b") == "ab");
}
