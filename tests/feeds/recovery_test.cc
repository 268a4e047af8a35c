// Entities and broken XML: every repair is listed in `problems`, the document
// is marked not well-formed, and every entry that can be recovered is.
#include <catch2/catch.hpp>

#include "feeds/entities.h"
#include "feeds/feed_parser.h"
#include "feeds/html_text.h"

using chipwire::parse_feed;

namespace {
bool mentions(const chipwire::ParsedFeed& f, const std::string& text) {
  for (const auto& p : f.problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}
std::string rss_items(const std::string& items) {
  return "<rss version=\"2.0\"><channel><title>T</title>" + items + "</channel></rss>";
}
}  // namespace

TEST_CASE("HTML entities XML does not define are decoded and reported", "[feeds][entities]") {
  auto f = parse_feed("<rss version=\"2.0\">\n<channel>\n<title>caf&eacute;&nbsp;&mdash; &hellip;</title>\n</channel></rss>", {});
  CHECK(f.feed.title == "caf\u00E9 \u2014 \u2026");
  CHECK_FALSE(f.wellformed);
  CHECK(mentions(f, "undefined entity &eacute; at line 3"));
  CHECK(mentions(f, "undefined entity &nbsp;"));
  SECTION("XML's own and numeric references are fine") {
    auto ok = parse_feed("<rss version=\"2.0\"><channel><title>&amp;&lt;&#8217;&#x41;</title></channel></rss>", {});
    CHECK(ok.wellformed);
    CHECK(ok.feed.title == "&<\u2019A");
  }
  SECTION("unknown entities stay as text") {
    auto u = parse_feed("<rss version=\"2.0\"><channel><title>a &bogus; b</title></channel></rss>", {});
    CHECK(u.feed.title == "a &bogus; b");
    CHECK_FALSE(u.wellformed);
  }
  SECTION("the entity table") {
    CHECK(chipwire::html_named_entity("eacute") == "\u00E9");
    CHECK(chipwire::html_named_entity("NotNestedGreaterGreater") == "\u2AA2\u0338");
    CHECK_FALSE(chipwire::html_named_entity("nosuch"));
    CHECK(chipwire::html_numeric_entity(150) == U'\u2013');  // windows-1252 repair
    CHECK(chipwire::html_to_text("&copy 2004 &amp;&#146;<b>x</b>") == "\u00A9 2004 &\u2019x");
  }
}

TEST_CASE("HTML becomes plain text", "[feeds][html]") {
  CHECK(chipwire::html_to_text("<p>One</p><p>Two<br>Three</p>") == "One Two Three");
  CHECK(chipwire::html_to_text("safe<script type=\"text/javascript\">location.href='x';</script> description") ==
        "safe description");
  CHECK(chipwire::html_to_text("<style>p{}</style>a <!-- c --> b") == "a b");
  CHECK(chipwire::html_to_text("a < b and c > d") == "a < b and c > d");
  CHECK(chipwire::html_to_text("  lots\n\tof   space ") == "lots of space");
  CHECK(chipwire::looks_like_html("x &amp; y"));
  CHECK(chipwire::looks_like_html("<b>x</b>"));
  CHECK_FALSE(chipwire::looks_like_html("History of the <blink> tag"));
}

TEST_CASE("Broken XML still yields every recoverable entry", "[feeds][recovery]") {
  SECTION("bare ampersand and bare <") {
    auto f = parse_feed(rss_items("<item><title>Record, replay & measure</title></item><item><title>a < b</title></item>"), {});
    REQUIRE(f.entries.size() == 2);
    CHECK(f.entries[0].title == "Record, replay & measure");
    CHECK(f.entries[1].title == "a < b");
    CHECK_FALSE(f.wellformed);
    CHECK(mentions(f, "bare &"));
  }
  SECTION("unclosed and mismatched tags") {
    auto f = parse_feed(rss_items("<item><title>One</item><item><title>Two</title><description>x</b></description></item>"
                                  "<item><title>Three</title>"),
                        {});
    REQUIRE(f.entries.size() == 3);
    CHECK(f.entries[0].title == "One");
    CHECK(f.entries[2].title == "Three");
    CHECK_FALSE(f.wellformed);
  }
  SECTION("truncated document") {
    auto f = parse_feed(rss_items("<item><title>One</title></item><item><title>Tw"), {});
    CHECK(f.entries.size() >= 1);
    CHECK_FALSE(f.wellformed);
  }
  SECTION("unterminated CDATA") {
    auto f = parse_feed("<rss version=\"2.0\"><channel><item><description><![CDATA[<p>cut", {});
    REQUIRE(f.entries.size() == 1);
    CHECK(f.entries[0].summary == "cut");
    CHECK(mentions(f, "CDATA"));
  }
  SECTION("undeclared namespace prefix and unquoted attributes") {
    auto f = parse_feed("<rss rss:version=2.0><rss:channel><rss:item><rss:title>x</rss:title></rss:item></rss:channel></rss>", {});
    CHECK_FALSE(f.wellformed);
    REQUIRE(f.entries.size() == 1);
    CHECK(f.entries[0].title == "x");
  }
  SECTION("junk after the root, control characters, leading declaration problems") {
    auto f = parse_feed("  <?xml version=\"1.0\"?>" + rss_items("<item><title>a\x02" "b</title></item>") + "<script>x</script>", {});
    REQUIRE(f.entries.size() == 1);
    CHECK(f.entries[0].title == "ab");
    CHECK_FALSE(f.wellformed);
  }
  SECTION("well-formed documents report nothing") {
    auto f = parse_feed("<?xml version=\"1.0\"?>\n<!-- c -->\n" + rss_items("<item><title><![CDATA[<b>x</b>]]></title></item>"), {});
    CHECK(f.wellformed);
    CHECK(f.problems.empty());
    CHECK(f.entries.at(0).title == "x");
  }
}
