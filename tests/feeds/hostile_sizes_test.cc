// Hostile sizes and shapes from issue #8 that hostile_test.cc does not cover:
// a 100 MB document on one line, attributes of tens of megabytes, and a JSON
// Feed nested 100,000 deep. Each must end in bounded time and memory with the
// recoverable items and the damage named in `problems`.
#include <catch2/catch.hpp>
#include <sys/resource.h>

#include <chrono>
#include <string>

#include "feeds/feed_parser.h"

using chipwire::parse_feed;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

bool any_problem_has(const chipwire::ParsedFeed& f, const std::string& needle) {
  for (const auto& p : f.problems)
    if (p.find(needle) != std::string::npos) return true;
  return false;
}

// Peak resident size of this process so far, in MiB.
double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr double kSlack = 6.0;  // ASan: slower, and shadow memory
#else
constexpr double kSlack = 1.0;
#endif

}  // namespace

TEST_CASE("a 100 MB document on a single line is cut to the size cap, and says so", "[feeds][hostile]") {
  std::string doc = "<rss version=\"2.0\"><channel><title>t</title><item><title>first</title></item>"
                    "<item><title>big</title><description>";
  doc.append(100u << 20, 'x');
  doc += "</description></item></channel></rss>";
  const double rss_before = peak_rss_mib();
  const auto t0 = std::chrono::steady_clock::now();
  auto f = parse_feed(doc, {});
  const double took = seconds_since(t0);
  INFO("took " << took << " s; peak RSS " << rss_before << " -> " << peak_rss_mib() << " MiB");
  CHECK(took < 30.0 * kSlack);
  // The input itself is 100 MiB; the parse may hold a few copies of the 64 MiB it keeps, not more.
  CHECK(peak_rss_mib() - rss_before < 600.0 * kSlack);
  CHECK_FALSE(f.wellformed);
  CHECK(any_problem_has(f, "cut to"));
  REQUIRE(f.entries.size() == 2);
  CHECK(f.entries[0].title == "first");
  CHECK(f.entries[1].title == "big");
}

TEST_CASE("attributes of tens of megabytes neither hang nor lose the items around them", "[feeds][hostile]") {
  const std::string huge(20u << 20, 'a');
  std::string doc = "<rss version=\"2.0\"><channel><title>t</title>"
                    "<item><title x=\"" + huge + "\">big attribute</title><link>https://example.com/1</link></item>"
                    "<item><title>after</title><link>https://example.com/2</link></item></channel></rss>";
  const auto t0 = std::chrono::steady_clock::now();
  auto f = parse_feed(doc, {});
  CHECK(seconds_since(t0) < 10.0 * kSlack);
  REQUIRE(f.entries.size() == 2);
  CHECK(f.entries[0].title == "big attribute");
  CHECK(f.entries[1].title == "after");

  SECTION("an attribute that never ends is repaired, and named") {
    std::string open = "<rss version=\"2.0\"><channel><title>t</title><item><title>ok</title></item>"
                       "<item><link href=\"" + huge;
    auto g = parse_feed(open, {});
    CHECK_FALSE(g.wellformed);
    CHECK(any_problem_has(g, "attribute"));
    REQUIRE_FALSE(g.entries.empty());
    CHECK(g.entries[0].title == "ok");
  }
}

TEST_CASE("a JSON Feed nested 100,000 deep is read without deep recursion", "[feeds][hostile]") {
  std::string doc = R"({"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","title":"x","_deep":)";
  doc.append(100000, '[');
  doc.append(100000, ']');
  doc += R"(},{"id":"2","title":"y"}]})";
  const auto t0 = std::chrono::steady_clock::now();
  auto f = parse_feed(doc, {});
  CHECK(seconds_since(t0) < 5.0 * kSlack);
  CHECK(f.format == "json");
  REQUIRE(f.entries.size() == 2);
  CHECK(f.entries[1].title == "y");

  SECTION("and one that never closes is no feed, not a crash") {
    std::string open = R"({"version":"https://jsonfeed.org/version/1.1","items":[)";
    open.append(100000, '{');
    auto g = parse_feed(open, {});
    CHECK(g.entries.empty());
    CHECK_FALSE(g.problems.empty());
  }
}
