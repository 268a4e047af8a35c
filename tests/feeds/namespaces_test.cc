// Namespace prefixes are resolved where each element sits: the parsers resolve
// a prefix once per parent (xml::ChildNames), and once for all items when an
// item declares no namespace; these cases pin that an item or element that
// declares its own namespaces is still read in them.
#include <catch2/catch.hpp>

#include "feeds/feed_parser.h"

using chipwire::parse_feed;
using chipwire::ParsedFeed;

TEST_CASE("A prefix redeclared on one item is read in that item's namespace", "[feeds][parser][namespaces]") {
  SECTION("RSS 2.0 items") {
    const ParsedFeed f = parse_feed(R"(<rss version="2.0" xmlns:x="http://purl.org/dc/elements/1.1/"><channel>
<item><title>1</title><x:creator>A</x:creator></item>
<item xmlns:x="http://example.com/not-dublin-core"><title>2</title><x:creator>B</x:creator></item>
<item><title>3</title><x:creator>C</x:creator></item>
<item><title>4</title><y:creator xmlns:y="http://purl.org/dc/elements/1.1/">D</y:creator></item>
</channel></rss>)",
                                    {});
    REQUIRE(f.entries.size() == 4);
    CHECK(f.entries[0].author == "A");
    CHECK_FALSE(f.entries[1].author);  // x:creator in an unknown namespace
    CHECK(f.entries[2].author == "C");
    CHECK(f.entries[3].author == "D");  // declared on the element itself
  }
  SECTION("RSS 1.0 items") {
    const ParsedFeed f = parse_feed(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:x="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.com/"><title>c</title></channel>
<item rdf:about="http://example.com/1"><title>1</title><x:date>2024-01-02T03:04:05Z</x:date></item>
<item rdf:about="http://example.com/2" xmlns:x="http://example.com/other"><title>2</title><x:date>2024-01-02T03:04:05Z</x:date></item>
</rdf:RDF>)",
                                    {});
    REQUIRE(f.entries.size() == 2);
    CHECK(f.entries[0].updated);
    CHECK_FALSE(f.entries[1].updated);
  }
  SECTION("Atom entries") {
    const ParsedFeed f = parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://purl.org/dc/elements/1.1/">
<title>f</title>
<entry><id>1</id><d:subject>one</d:subject></entry>
<entry xmlns:d="http://example.com/other"><id>2</id><d:subject>two</d:subject></entry>
<entry><id>3</id><d:subject>three</d:subject></entry>
</feed>)",
                                    {});
    REQUIRE(f.entries.size() == 3);
    CHECK(f.entries[0].categories == std::vector<std::string>{"one"});
    CHECK(f.entries[1].categories.empty());
    CHECK(f.entries[2].categories == std::vector<std::string>{"three"});
  }
}
