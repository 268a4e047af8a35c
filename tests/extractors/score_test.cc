// The contract score on shared/corpora/chip-news/dev.jsonl through the chipwire
// binary: F1 >= 0.95 companies, >= 0.95 chips, >= 0.85 (type, actor) actions.
#include <catch2/catch.hpp>
#include <regex>

#include "tests/test_support.h"

TEST_CASE("dev.jsonl reaches the F1 targets through `chipwire extract`", "[extractors][score]") {
  const auto shared = chipwire::testing::shared_dir();
  if (!shared) {
    WARN("shared/ corpora absent, skipping the dev.jsonl score");
    return;
  }
  const auto gold = *shared / "corpora" / "chip-news" / "dev.jsonl";
  const auto scorer = *shared / "bench" / "score_extraction.py";
  if (!std::filesystem::exists(gold) || !std::filesystem::exists(scorer)) {
    WARN("dev.jsonl or score_extraction.py absent, skipping");
    return;
  }
  const std::string cmd = std::string("'") + CHIPWIRE_BINARY + "' extract --rules '" + CHIPWIRE_SOURCE_DIR +
                          "/rules' --input-format jsonl --format jsonl -";
  const auto r = chipwire::testing::run_program({"python3", scorer.string(), "--gold", gold.string(), "--cmd", cmd});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  const std::regex last(R"(F1 ([0-9.]+) \(companies ([0-9.]+), chips ([0-9.]+), actions ([0-9.]+)\))");
  REQUIRE(std::regex_search(r.out, m, last));
  CHECK(std::stod(m[2]) >= 0.95);
  CHECK(std::stod(m[3]) >= 0.95);
  CHECK(std::stod(m[4]) >= 0.85);
}
