// Each feed format the parser reads, one SECTION per version, on small fixtures
// under tests/fixtures/feeds/ (named by format).
#include <catch2/catch.hpp>

#include "core/time.h"
#include "feeds/feed_parser.h"
#include "tests/test_support.h"

using chipwire::parse_feed;
using chipwire::ParsedFeed;
using chipwire::ParseOptions;

namespace {
ParsedFeed parse_fixture(const std::string& name, const std::string& url = "") {
  ParseOptions o;
  o.document_url = url;
  return parse_feed(chipwire::testing::read_file(chipwire::testing::fixture("feeds/" + name)), o);
}
std::string iso(const std::optional<chipwire::UnixSeconds>& t) { return t ? chipwire::format_iso8601(*t) : "null"; }
}  // namespace

TEST_CASE("RSS 0.9x and 2.0 are sniffed by version and read", "[feeds][parser][rss]") {
  SECTION("RSS 0.91, 0.92, 0.93, 0.94") {
    for (std::string v : {"91", "92", "93", "94"}) {
      ParsedFeed f = parse_fixture("rss0" + v + ".xml");
      CHECK(f.format == "rss0" + v);
      CHECK(f.wellformed);
      CHECK(f.encoding == "iso-8859-1");
      CHECK(f.feed.title == "Userland 0." + v);
      CHECK(f.feed.language == "en-us");
      REQUIRE(f.entries.size() == 1);
      CHECK(f.entries[0].summary == "The rules changed.");
      CHECK(f.entries[0].link == "http://example.com/a");
      CHECK_FALSE(f.entries[0].id);
    }
  }
  SECTION("RSS 2.0") {
    ParsedFeed f = parse_fixture("rss20.xml", "https://example.com/feed.xml");
    CHECK(f.format == "rss20");
    CHECK(f.wellformed);
    CHECK(f.problems.empty());
    CHECK(f.feed.title == "Chip News");
    CHECK(f.feed.subtitle == "Semiconductor policy");
    CHECK(iso(f.feed.updated) == "2004-01-01T19:48:21Z");
    REQUIRE(f.entries.size() == 2);
    const auto& e = f.entries[0];
    CHECK(e.title == "Export controls & fabs");
    CHECK(e.link == "https://example.com/news/1?utm_source=rss");  // resolved against the document URL
    CHECK(e.id == "tag:example.com,2004:1");
    CHECK(e.summary == "New rules for fabs.");  // script dropped with its content
    CHECK(e.content == "Full text here.");       // &nbsp; inside CDATA is HTML
    CHECK(iso(e.published) == "2004-01-01T19:48:21Z");
    CHECK_FALSE(e.updated);
    CHECK(e.author == "Jane Doe");
    CHECK(e.categories == std::vector<std::string>{"policy", "fabs"});
    REQUIRE(e.enclosures.size() == 1);
    CHECK(e.enclosures[0].url == "https://example.com/a.mp3");
    CHECK(e.enclosures[0].type == "audio/mpeg");
    CHECK(e.enclosures[0].length == 1234);
    // A permalink guid is the link; dc:date is both dates.
    CHECK(f.entries[1].link == "https://example.com/news/2");
    CHECK(iso(f.entries[1].published) == "2004-01-02T09:00:00Z");
  }
}

TEST_CASE("RSS 1.0 and 0.90 (RDF) are read", "[feeds][parser][rdf]") {
  SECTION("RSS 1.0") {
    ParsedFeed f = parse_fixture("rss10.xml");
    CHECK(f.format == "rss10");
    CHECK(f.feed.language == "de");
    REQUIRE(f.entries.size() == 1);
    CHECK(f.entries[0].id == "http://example.com/1");  // rdf:about
    CHECK(f.entries[0].categories == std::vector<std::string>{"chips"});
    CHECK(f.entries[0].author == "Ann");
    CHECK(iso(f.entries[0].published) == "2004-01-01T19:48:21Z");
  }
  SECTION("RSS 0.90") {
    ParsedFeed f = parse_fixture("rss090.xml");
    CHECK(f.format == "rss090");
    CHECK(f.feed.title == "Old Netscape");
    REQUIRE(f.entries.size() == 2);
    CHECK(f.entries[1].link == "http://example.com/2");
  }
}

TEST_CASE("Atom 0.3 and 1.0 text constructs, links and dates", "[feeds][parser][atom]") {
  SECTION("Atom 0.3") {
    ParsedFeed f = parse_fixture("atom03.xml");
    CHECK(f.format == "atom03");
    CHECK(f.feed.subtitle == "tag line");  // mode="escaped" text/html
    CHECK(f.feed.language == "en");
    CHECK(iso(f.feed.updated) == "2003-12-13T18:30:02Z");
    REQUIRE(f.entries.size() == 1);
    CHECK(iso(f.entries[0].published) == "2003-12-13T12:29:29Z");  // issued
    CHECK(iso(f.entries[0].updated) == "2003-12-13T18:30:02Z");    // modified
    CHECK(f.entries[0].content == "Hello there");
    CHECK(f.entries[0].author == "Mark");
  }
  SECTION("Atom 1.0") {
    ParsedFeed f = parse_fixture("atom10.xml");
    CHECK(f.format == "atom10");
    CHECK(f.feed.title == "History of the <blink> tag");  // type="text" is text already
    CHECK(f.feed.subtitle == "Sub");
    CHECK(f.feed.link == "http://example.org/blog/");
    REQUIRE(f.entries.size() == 1);
    const auto& e = f.entries[0];
    CHECK(e.title == "An xhtml title");
    CHECK(e.link == "http://example.org/2003/12/13/atom10");  // xml:base="/" on the link itself
    CHECK(e.summary == "AT&T & friends");
    CHECK(e.content == "Body text");
    REQUIRE(e.enclosures.size() == 1);
    CHECK(e.enclosures[0].url == "http://example.org/blog/audio/1.mp3");
    CHECK(e.enclosures[0].length == 1337);
    CHECK(e.categories == std::vector<std::string>{"chips"});
  }
}

TEST_CASE("JSON Feed 1.0 and 1.1", "[feeds][parser][json]") {
  SECTION("JSON Feed 1.1") {
    ParsedFeed f = parse_fixture("jsonfeed.json");
    CHECK(f.format == "json");
    CHECK(f.wellformed);
    REQUIRE(f.entries.size() == 2);
    CHECK(f.entries[0].content == "Hello, world!");
    CHECK(iso(f.entries[0].published) == "2010-02-07T19:04:00Z");
    CHECK(f.entries[0].author == "Feed Author");
    CHECK(f.entries[0].enclosures.at(0).length == 10);
    CHECK(f.entries[1].id == "1");
    CHECK(f.entries[1].content == "Plain text");
    CHECK_FALSE(f.entries[1].updated);  // "not a date" is null, never now
    CHECK(f.entries[1].author == "Old Style");
  }
  SECTION("JSON Feed 1.0") {
    ParsedFeed f = parse_feed(R"({"version":"https://jsonfeed.org/version/1","title":"T","items":[{"id":"a","url":"/x"}]})",
                              {"", "https://example.org/feed.json"});
    CHECK(f.format == "json");
    REQUIRE(f.entries.size() == 1);
    CHECK(f.entries[0].link == "https://example.org/x");
  }
  SECTION("broken JSON") {
    ParsedFeed f = parse_feed(R"({"version":"https://jsonfeed.org/version/1","items":[)", {});
    CHECK_FALSE(f.wellformed);
    CHECK(f.entries.empty());
  }
}

TEST_CASE("Documents that are no feed say so", "[feeds][parser]") {
  ParsedFeed f = parse_feed("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><p>x</body></html>", {});
  CHECK(f.format == "unknown");
  CHECK(f.entries.empty());
  CHECK_FALSE(f.problems.empty());
  ParsedFeed empty = parse_feed("", {});
  CHECK(empty.format == "unknown");
  CHECK_FALSE(empty.wellformed);
}

TEST_CASE("The contract JSON has every field, null when missing", "[feeds][json]") {
  ParsedFeed f = parse_feed("<rss version=\"2.0\"><channel><item><title>x</title></item></channel></rss>", {});
  std::string j = chipwire::parsed_feed_to_json(f, -1);
  CHECK(j.find(R"("format":"rss20","wellformed":true,"problems":[],"encoding":"utf-8")") != std::string::npos);
  CHECK(j.find(R"("entries":[{"id":null,"title":"x","link":null,"summary":null,"content":null,"published":null,"updated":null,"author":null,"categories":[],"enclosures":[]}])") !=
        std::string::npos);
}
