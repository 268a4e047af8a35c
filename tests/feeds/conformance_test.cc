// Runs shared/bench/feed_conformance.py over shared/corpora/feed-conformance
// with the built `chipwire parse`, and requires >= 97% of the vectors to pass.
// Skipped (WARN) when ../shared is absent.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "tests/test_support.h"

TEST_CASE("Feed conformance vectors pass at 97% or better", "[feeds][conformance][shared]") {
  auto shared = chipwire::testing::shared_dir();
  if (!shared || !std::filesystem::exists(*shared / "bench/feed_conformance.py") ||
      !std::filesystem::exists(*shared / "corpora/feed-conformance/vectors.jsonl")) {
    WARN("shared/ (feed-conformance corpus) absent, skipping");
    return;
  }
  const std::string cmd = std::string("'") + CHIPWIRE_BINARY + "' parse {file} --format json";
  auto r = chipwire::testing::run_program({"python3", (*shared / "bench/feed_conformance.py").string(), "--cmd", cmd,
                                           "--jobs", "2", "-v", (*shared / "corpora/feed-conformance").string()});
  INFO(r.out.substr(r.out.size() > 6000 ? r.out.size() - 6000 : 0));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The script's last line: "N passed, M failed".
  const std::size_t at = r.out.rfind(" passed, ");
  REQUIRE(at != std::string::npos);
  const std::size_t line = r.out.rfind('\n', at);
  const double passed = std::stod(r.out.substr(line == std::string::npos ? 0 : line + 1));
  const double failed = std::stod(r.out.substr(at + 9));
  const double rate = passed / (passed + failed);
  std::printf("feed conformance: %.0f/%.0f vectors (%.1f%%)\n", passed, passed + failed, 100 * rate);
  CHECK(rate >= 0.97);
}
