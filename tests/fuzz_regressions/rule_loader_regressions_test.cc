// Rule-loader fuzz finds, each test named after its input in tests/fixtures/fuzz/.
// Fixed ones (tests/fixtures/fuzz/rule_loader/, also replayed by the sweep) must be refused fast;
// an open one would live in tests/fixtures/fuzz/open/ with a hidden ([.open]) test until fixed.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "extractors/extractor.h"
#include "tests/test_support.h"

namespace {

struct LoadOutcome {
  bool loaded = false;
  std::string error;
  double seconds = 0;
};

// Loads one kept rule file alone, as the rule_loader fuzz target does.
LoadOutcome load_kept(const std::string& relative) {
  chipwire::testing::TempDir dir;
  chipwire::testing::write_file(dir.path() / "fuzz.rules",
                                chipwire::testing::read_file(chipwire::testing::fixture("fuzz/" + relative)));
  const auto start = std::chrono::steady_clock::now();
  const auto pack = chipwire::RulePack::load(dir.str());
  LoadOutcome out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.loaded = pack.ok();
  if (!pack.ok()) out.error = pack.status().message();
  return out;
}

}  // namespace

TEST_CASE("timeout-trigger-star-explosion: seven '*' in one trigger phrase are refused fast", "[fuzz][rule_loader]") {
  // 'w1* ... w7*' expanded to 8^7 = 2M phrases: 35 s and 1.6 GB under ASan before the fix.
  const auto r = load_kept("rule_loader/timeout-trigger-star-explosion.rules");
  INFO(r.error);
  CHECK_FALSE(r.loaded);
  CHECK(r.error.find(":3") != std::string::npos);  // names the line of the trigger
  CHECK(r.error.find("expands to more than 512 phrases") != std::string::npos);
  CHECK(r.seconds < 2.0);
}

TEST_CASE("timeout-trigger-brace-explosion: seven 8-way brace groups in one trigger are refused fast",
          "[fuzz][rule_loader]") {
  // '{a,...,h}' seven times expanded to 8^7 = 2M phrases; six groups took 11 s under ASan.
  const auto r = load_kept("rule_loader/timeout-trigger-brace-explosion.rules");
  INFO(r.error);
  CHECK_FALSE(r.loaded);
  CHECK(r.error.find(":3") != std::string::npos);  // refused for its size, at the trigger's line
  CHECK(r.error.find("expands to more than 512 phrases") != std::string::npos);
  CHECK(r.seconds < 2.0);
}

TEST_CASE("timeout-many-expanding-triggers: 3,000 phrases of 512 forms each are refused fast",
          "[fuzz][rule_loader]") {
  // Each phrase stays under the per-phrase cap of 512, but together they made 1.5M patterns:
  // a 62 KB file took 20 s and 860 MB under ASan. The pack now stops at 100,000 trigger patterns.
  const auto r = load_kept("rule_loader/timeout-many-expanding-triggers.rules");
  INFO(r.error);
  CHECK_FALSE(r.loaded);
  CHECK(r.error.find("more than 100000 patterns") != std::string::npos);
  CHECK(r.seconds < 2.0);
}
