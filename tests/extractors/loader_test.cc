// RulePack::load: every validation error names file:line and the problem, and
// nothing half-loaded is returned; ambiguous aliases and the regex limit.
#include <catch2/catch.hpp>

#include "extractors/extractor.h"
#include "tests/test_support.h"

using chipwire::RulePack;
using chipwire::testing::TempDir;
using chipwire::testing::write_file;

namespace {

const char* kBase =
    "company nvidia\n"
    "  name: Nvidia\n"
    "  country: US\n"
    "\n";

std::string load_error(const std::string& content) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "rules");
  write_file(dir.path() / "rules" / "test.rules", content);
  auto r = RulePack::load((dir.path() / "rules").string());
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("a bad regex names file, line and problem", "[extractors][loader]") {
  const std::string msg = load_error(std::string(kBase) + "chip h100\n  name: H100\n  context: (unclosed\n");
  CHECK(msg.rfind("rules/test.rules:7: bad regex in 'context': ", 0) == 0);
}

TEST_CASE("an unknown key is an error with the allowed keys", "[extractors][loader]") {
  CHECK(load_error(std::string(kBase) + "company amd\n  name: AMD\n  colour: red\n") ==
        "rules/test.rules:7: unknown key 'colour' in company amd (allowed: aliases, aliases_cs, ambiguous, context, "
        "counter, country, example, name, priority, reject)");
}

TEST_CASE("a duplicate id names both places", "[extractors][loader]") {
  CHECK(load_error(std::string(kBase) + "company nvidia\n  name: NVIDIA again\n") ==
        "rules/test.rules:5: duplicate id 'company/nvidia' (first defined at rules/test.rules:1)");
}

TEST_CASE("an alias on two entities must be marked ambiguous on both", "[extractors][loader]") {
  CHECK(load_error(std::string(kBase) + "company nvidia-clone\n  name: Clone\n  aliases: Nvidia\n") ==
        "rules/test.rules:7: alias 'Nvidia' already belongs to company/nvidia (rules/test.rules:1); list it under "
        "'ambiguous:' in both blocks to allow it");

  TempDir dir;
  write_file(dir.path() / "a.rules",
             "company kirin-brewery\n  name: Kirin Holdings\n  aliases: Kirin\n  ambiguous: Kirin\n  priority: -1\n"
             "company huawei\n  name: Huawei\n\nchip kirin\n  name: Kirin\n  vendor: huawei\n  ambiguous: Kirin\n");
  auto pack = RulePack::load(dir.str());
  REQUIRE(pack.ok());
  const auto e = chipwire::extract(**pack, "The Kirin chip is back");
  REQUIRE(e.chips.size() == 1);
  CHECK(e.chips[0].id == "kirin");
  bool flagged = false;
  for (const auto& f : e.flags) flagged |= f.reason == "ambiguous_alias";
  CHECK(flagged);
}

TEST_CASE("unknown type, vendor, country and block kind are errors", "[extractors][loader]") {
  CHECK(load_error(std::string(kBase) + "action a/b\n  type: export_controls\n  triggers: ban\n") ==
        "rules/test.rules:6: unknown action type 'export_controls'");
  CHECK(load_error(std::string(kBase) + "chip h100\n  name: H100\n  vendor: nvida\n") ==
        "rules/test.rules:7: vendor 'nvida' is not a company id");
  CHECK(load_error("company amd\n  name: AMD\n  country: usa\n") ==
        "rules/test.rules:3: 'country' must be an ISO 3166-1 alpha-2 code or EU, got 'usa'");
  CHECK(load_error("gadget x\n  name: X\n") ==
        "rules/test.rules:1: unknown block kind 'gadget' (company, chip, chips, actor, action, modality, words)");
  CHECK(load_error(std::string(kBase) + "action a/b\n  type: tariff\n  triggers: tariff\n  example: tariffs => tariff\n") ==
        "rules/test.rules:8: an action example expects 'type ACTOR|- asserted|planned|denied', got 'tariff'");
}

TEST_CASE("missing folder and empty folder are errors", "[extractors][loader]") {
  CHECK_FALSE(RulePack::load("/nonexistent/rules").ok());
  TempDir dir;
  CHECK_FALSE(RulePack::load(dir.str()).ok());
}

TEST_CASE("a regex that hits Boost's complexity limit flags regex_limit, the run goes on", "[extractors][loader]") {
  TempDir dir;
  write_file(dir.path() / "a.rules",
             "company nvidia\n  name: Nvidia\n  context: (?:(?:a|aa)+)+\\d\n"
             "company amd\n  name: AMD\n");
  auto pack = RulePack::load(dir.str());
  REQUIRE(pack.ok());
  const auto e = chipwire::extract(**pack, "Nvidia " + std::string(2000, 'a') + " and AMD");
  bool flagged = false;
  for (const auto& f : e.flags) flagged |= f.reason == "regex_limit";
  CHECK(flagged);
  REQUIRE(e.companies.size() == 1);
  CHECK(e.companies[0].id == "amd");
}

TEST_CASE("version is stable for the same files and changes with them", "[extractors][loader]") {
  TempDir dir;
  write_file(dir.path() / "a.rules", kBase);
  auto a = RulePack::load(dir.str());
  auto b = RulePack::load(dir.str());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK((*a)->version() == (*b)->version());
  write_file(dir.path() / "a.rules", std::string(kBase) + "company amd\n  name: AMD\n");
  auto c = RulePack::load(dir.str());
  REQUIRE(c.ok());
  CHECK((*c)->version() != (*a)->version());
}

TEST_CASE("a phrase that would expand to too many variants is refused before expanding", "[extractors][loader]") {
  std::string groups;
  for (int i = 0; i < 7; ++i) groups += " {a,b,c,d,e,f,g,h}";
  const std::string msg = load_error(std::string(kBase) + "action a\n  type: export_control\n  triggers:" + groups + "\n");
  CHECK(msg.rfind("rules/test.rules:7: '", 0) == 0);
  CHECK(msg.find("expands to more than 512 phrases") != std::string::npos);
  // Six '*' endings: 8^6 variants.
  CHECK(load_error(std::string(kBase) + "action a\n  type: export_control\n  triggers: a* b* c* d* e* f*\n")
            .find("expands to more than 512 phrases") != std::string::npos);
}
