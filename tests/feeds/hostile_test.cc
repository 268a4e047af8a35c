// Hostile documents: entity expansion, external entities, very deep nesting,
// NUL bytes, invalid UTF-8, huge inputs. Each must finish quickly with bounded
// memory and never read a file or the network.
#include <catch2/catch.hpp>

#include <chrono>

#include "feeds/feed_parser.h"
#include "tests/test_support.h"

using chipwire::parse_feed;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

TEST_CASE("Billion laughs is not expanded", "[feeds][hostile]") {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    std::string prev = "&lol" + std::to_string(i - 1) + ";";
    std::string body;
    for (int k = 0; k < 10; ++k) body += prev;
    doc += "<!ENTITY lol" + std::to_string(i) + " \"" + body + "\">\n";
  }
  doc += "]>\n<rss version=\"2.0\"><channel><item><title>&lol9;</title><description>&lol;</description></item></channel></rss>";
  auto t0 = std::chrono::steady_clock::now();
  auto f = parse_feed(doc, {});
  CHECK(seconds_since(t0) < 1.0);
  REQUIRE(f.entries.size() == 1);
  CHECK(f.entries[0].title.value_or("").size() < 100);
  CHECK(f.entries[0].summary == "lol");  // a plain internal entity is read, once
}

TEST_CASE("External entities are never read", "[feeds][hostile]") {
  chipwire::testing::TempDir dir;
  chipwire::testing::write_file(dir.path() / "secret.txt", "TOPSECRET");
  std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://" +
                    (dir.path() / "secret.txt").string() +
                    "\">]><rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>";
  auto f = parse_feed(doc, {});
  CHECK(f.feed.title.value_or("").find("TOPSECRET") == std::string::npos);
  CHECK_FALSE(f.wellformed);
}

TEST_CASE("100,000-deep nesting neither overflows the stack nor takes long", "[feeds][hostile]") {
  std::string doc = "<rss version=\"2.0\"><channel><item><title>deep</title><description>";
  for (int i = 0; i < 100000; ++i) doc += "<div>";
  doc += "bottom";
  for (int i = 0; i < 100000; ++i) doc += "</div>";
  doc += "</description></item></channel></rss>";
  auto t0 = std::chrono::steady_clock::now();
  auto f = parse_feed(doc, {});
  CHECK(seconds_since(t0) < 2.0);
  REQUIRE(f.entries.size() == 1);
  CHECK(f.entries[0].summary == "bottom");
  CHECK_FALSE(f.wellformed);  // flattened past the depth bound, and said so
  // Unclosed: 100,000 open tags and no end.
  std::string open = "<rss version=\"2.0\"><channel><item><title>x</title>";
  for (int i = 0; i < 100000; ++i) open += "<a>";
  auto g = parse_feed(open, {});
  CHECK(g.entries.size() == 1);
}

TEST_CASE("NUL bytes and invalid UTF-8", "[feeds][hostile]") {
  std::string doc = "<rss version=\"2.0\"><channel><item><title>a";
  doc += std::string("\0\0b", 3);
  doc += "\xC0\x80\xED\xA0\x80</title></item></channel></rss>";
  auto f = parse_feed(doc, {});
  REQUIRE(f.entries.size() == 1);
  CHECK(f.entries[0].title->find('\0') == std::string::npos);
  CHECK(f.entries[0].title->starts_with("ab"));
  CHECK_FALSE(f.wellformed);
  std::string json = chipwire::parsed_feed_to_json(f);
  CHECK(json.find("\\u0000") == std::string::npos);
  // Pure noise is no feed and no crash.
  std::string noise;
  for (int i = 0; i < 100000; ++i) noise += static_cast<char>((i * 7919) & 0xFF);
  auto n = parse_feed(noise, {});
  CHECK(n.format == "unknown");
}

TEST_CASE("Huge inputs parse in bounded time", "[feeds][hostile]") {
  std::string doc = "<rss version=\"2.0\"><channel><title>big</title>";
  std::string item = "<item><title>t &amp; t</title><description>&lt;p&gt;" + std::string(400, 'x') +
                     "&lt;/p&gt;</description></item>";
  while (doc.size() < (20u << 20)) doc += item;
  doc += "</channel></rss>";
  auto t0 = std::chrono::steady_clock::now();
  auto f = parse_feed(doc, {});
  CHECK(seconds_since(t0) < 10.0);
  CHECK(f.entries.size() > 40000);
  CHECK(f.wellformed);
}
