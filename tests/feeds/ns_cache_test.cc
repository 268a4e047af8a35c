// ns_prefix's per-thread cache (xml::NsCacheScope): the same answers with and
// without it, including children that declare their own namespaces.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "feeds/xml_reader.h"

namespace {

std::vector<std::string> prefixes_of_children(pugi::xml_node parent) {
  std::vector<std::string> out;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) out.push_back(chipwire::xml::ns_prefix(c));
  return out;
}

}  // namespace

TEST_CASE("ns_prefix answers the same inside an NsCacheScope", "[feeds][ns-cache]") {
  const char* xml =
      "<rss xmlns:a='http://purl.org/dc/elements/1.1/'><c>"
      "<a:x/><a:y xmlns:a='http://www.w3.org/2005/Atom'/><a:z/><q:w/><v/><dc:k/>"
      "<d xmlns='http://www.w3.org/2005/Atom'><a:x/><e/></d><e/></c></rss>";
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml));
  pugi::xml_node c = doc.document_element().child("c");
  const std::vector<std::string> want = {"dc", "atom", "dc", "", "", "dc", "atom", ""};
  CHECK(prefixes_of_children(c) == want);
  const std::vector<std::string> inner = {"dc", "atom"};
  CHECK(prefixes_of_children(c.child("d")) == inner);
  {
    const chipwire::xml::NsCacheScope scope;
    CHECK(prefixes_of_children(c) == want);
    CHECK(prefixes_of_children(c.child("d")) == inner);
    CHECK(prefixes_of_children(c) == want);
  }
  // Another document in another scope: nothing carried over.
  pugi::xml_document other;
  REQUIRE(other.load_string("<rss xmlns:a='http://www.w3.org/2005/Atom'><c><a:x/><v/></c></rss>"));
  const chipwire::xml::NsCacheScope scope;
  CHECK(prefixes_of_children(other.document_element().child("c")) == std::vector<std::string>{"atom", ""});
}
