// Every file of shared/corpora/feeds-real parses, and its entry count matches
// tests/fixtures/feeds/feeds_real_counts.tsv: the count chipwire must recover,
// beside reference_feedparser.py's count and why they differ where they do.
// Skipped (WARN) when ../shared is absent.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "feeds/feed_parser.h"
#include "tests/test_support.h"

TEST_CASE("feeds-real: every file parses with the expected entry count", "[feeds][real][shared]") {
  auto shared = chipwire::testing::shared_dir();
  const auto dir = shared ? *shared / "corpora/feeds-real" : std::filesystem::path();
  if (!shared || !std::filesystem::exists(dir)) {
    WARN("shared/corpora/feeds-real absent, skipping");
    return;
  }
  std::ifstream tsv(chipwire::testing::fixture("feeds/feeds_real_counts.tsv"));
  REQUIRE(tsv);
  std::string line;
  int files = 0, explained = 0;
  while (std::getline(tsv, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    std::string name, ours, reference, why;
    std::getline(in, name, '\t');
    std::getline(in, ours, '\t');
    std::getline(in, reference, '\t');
    std::getline(in, why);
    if (!std::filesystem::exists(dir / name)) {
      WARN("feeds-real file missing: " << name);
      continue;
    }
    INFO(name);
    chipwire::ParsedFeed f = chipwire::parse_feed(chipwire::testing::read_file(dir / name), {});
    CHECK(f.format != "unknown");
    CHECK(f.entries.size() == std::stoul(ours));
    if (ours != reference) {
      ++explained;
      CHECK(why != "-");  // every difference from feedparser is explained in the file
    }
    ++files;
  }
  CHECK(files == 200);
  CHECK(explained <= 2);
}
