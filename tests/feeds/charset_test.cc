// Charset detection and conversion: BOM, content type, XML declaration,
// "valid UTF-8 wins", windows-1252; mis-declared documents.
#include <catch2/catch.hpp>

#include "feeds/charset.h"
#include "feeds/feed_parser.h"

using chipwire::parse_feed;

namespace {
std::string atom(const std::string& decl_encoding, const std::string& title_bytes) {
  std::string decl = decl_encoding.empty() ? "<?xml version=\"1.0\"?>"
                                           : "<?xml version=\"1.0\" encoding=\"" + decl_encoding + "\"?>";
  return decl + "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>" + title_bytes + "</title></feed>";
}
std::string utf16be(const std::string& ascii, bool bom) {
  std::string out = bom ? std::string("\xFE\xFF", 2) : "";
  for (char c : ascii) {
    out += '\0';
    out += c;
  }
  return out;
}
}  // namespace

TEST_CASE("Charsets are detected in the contract's order and converted", "[feeds][charset]") {
  SECTION("windows-1252 declared") {
    auto f = parse_feed(atom("windows-1252", "\x80 \x93quoted\x94"), {});
    CHECK(f.encoding == "windows-1252");
    CHECK(f.feed.title == "\u20AC \u201Cquoted\u201D");
    CHECK(f.wellformed);
  }
  SECTION("iso-8859-1 declared, C1 bytes read as windows-1252") {
    auto f = parse_feed(atom("ISO-8859-1", "caf\xE9 \x97 x"), {});
    CHECK(f.encoding == "iso-8859-1");
    CHECK(f.feed.title == "caf\u00E9 \u2014 x");
  }
  SECTION("gb2312 is read as GB18030") {
    // "中文" in GB2312, and a GB18030-only four-byte character (U+20AC is 0xA2E3 in GB18030).
    auto f = parse_feed(atom("gb2312", "\xD6\xD0\xCE\xC4"), {});
    CHECK(f.encoding == "gb2312");
    CHECK(f.feed.title == "\u4E2D\u6587");
  }
  SECTION("UTF-16 with and without BOM") {
    std::string doc = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Wide</title></channel></rss>";
    auto with_bom = parse_feed(utf16be(doc, true), {});
    CHECK(with_bom.encoding == "utf-16be");
    CHECK(with_bom.feed.title == "Wide");
    CHECK(with_bom.wellformed);
    auto without = parse_feed(utf16be(doc, false), {});
    CHECK(without.encoding == "utf-16be");
    CHECK(without.feed.title == "Wide");
  }
  SECTION("UTF-8 BOM wins over a declaration") {
    auto f = parse_feed("\xEF\xBB\xBF" + atom("iso-8859-1", "\xC3\xA9"), {});
    CHECK(f.encoding == "utf-8");
    CHECK(f.feed.title == "\u00E9");
  }
  SECTION("content type charset beats the declaration; non-XML types are ignored for charset only") {
    auto f = parse_feed(atom("utf-8", "\xE9"), {"application/atom+xml; charset=\"ISO-8859-1\"", ""});
    CHECK(f.encoding == "iso-8859-1");
    CHECK(f.feed.title == "\u00E9");
  }
  SECTION("no declaration: valid UTF-8 wins, else windows-1252") {
    auto utf8 = parse_feed(atom("", "\xC3\xA9"), {});
    CHECK(utf8.encoding == "utf-8");
    CHECK(utf8.wellformed);
    auto cp = parse_feed(atom("", "\xE9t\xE9"), {});
    CHECK(cp.encoding == "windows-1252");
    CHECK(cp.feed.title == "\u00E9t\u00E9");
    CHECK_FALSE(cp.wellformed);
  }
  SECTION("mis-declared documents") {
    // Declared UTF-16, bytes are 8-bit (a real feed in feeds-real does this).
    auto f16 = parse_feed(atom("utf-16", "ok"), {});
    CHECK(f16.encoding == "utf-8");
    CHECK(f16.feed.title == "ok");
    CHECK_FALSE(f16.wellformed);
    // Declared UTF-8 but windows-1252 throughout.
    auto latin = parse_feed(atom("utf-8", "d\x92oh"), {});
    CHECK(latin.encoding == "windows-1252");
    CHECK(latin.feed.title == "d\u2019oh");
    CHECK_FALSE(latin.wellformed);
    // Unknown charset label.
    auto bogus = parse_feed(atom("bogus-charset", "x"), {});
    CHECK_FALSE(bogus.wellformed);
    CHECK(bogus.feed.title == "x");
  }
  SECTION("invalid UTF-8 becomes U+FFFD") {
    auto f = parse_feed(atom("utf-8", "a\xC3\xA9 b\xFF c"), {});
    CHECK(f.feed.title == "a\u00E9 b\uFFFD c");
    CHECK_FALSE(f.wellformed);
  }
}

TEST_CASE("Charset labels and content types", "[feeds][charset]") {
  CHECK(chipwire::find_charset("cp1252")->display() == "windows-1252");
  CHECK(chipwire::find_charset("LATIN1")->display() == "iso-8859-1");
  CHECK(chipwire::find_charset("csIBM037")->display() == "ibm037");
  CHECK(chipwire::find_charset("x-mac-roman")->display() == "macintosh");
  CHECK_FALSE(chipwire::find_charset("no-such-charset"));
  auto ct = chipwire::parse_content_type("Application/RSS+XML ; charset = 'UTF-8'");
  CHECK(ct.media_type == "application/rss+xml");
  CHECK(ct.charset == "utf-8");
  CHECK(chipwire::is_xml_media_type("text/xml"));
  CHECK_FALSE(chipwire::is_xml_media_type("text/html"));
  CHECK(chipwire::xml_declared_encoding("<?xml version='1.0' encoding = 'koi8-r' ?><a/>") == "koi8-r");
}
