// The dictionary matcher's edge cases: word boundaries, case, apostrophes,
// possessives, plurals, longest match, offsets; and the sentence splitter.
#include <catch2/catch.hpp>

#include <random>

#include "extractors/sentences.h"
#include "tests/extractors/extract_test_support.h"

using chipwire::extract;
using chipwire::testing::contains;
using chipwire::testing::entity_ids;
using chipwire::testing::shipped_pack;

TEST_CASE("H20 never fires inside H200, nor H100 inside H1000", "[extractors][matcher]") {
  const auto ids = entity_ids(shipped_pack(), "Nvidia ships the H200 and the H1000 is a rumour");
  CHECK(contains(ids, "h200"));
  CHECK_FALSE(contains(ids, "h20"));
  CHECK_FALSE(contains(ids, "h100"));
}

TEST_CASE("Intel is not found in Intelligence nor in intel = intelligence", "[extractors][matcher]") {
  CHECK(entity_ids(shipped_pack(), "Artificial Intelligence and IntelliJ").empty());
  CHECK(entity_ids(shipped_pack(), "US intel report gives more insight into Havana Syndrome").empty());
  CHECK(entity_ids(shipped_pack(), "McCarthy vows to remove Schiff from Intel Committee").empty());
  CHECK(contains(entity_ids(shipped_pack(), "Intel CEO warns of more tough times"), "intel"));
}

TEST_CASE("possessives with straight and curly apostrophes, chip plurals", "[extractors][matcher]") {
  const std::string text = "Nvidia’s H200s and AMD's MI300Xs";
  const auto e = extract(shipped_pack(), text);
  REQUIRE(e.companies.size() == 2);
  CHECK(e.companies[0].id == "nvidia");
  CHECK(e.companies[0].text == "Nvidia’s");
  CHECK(e.companies[0].span.start == 0);
  CHECK(e.companies[0].span.end == 10);  // ’ is three bytes
  CHECK(e.companies[1].text == "AMD's");
  REQUIRE(e.chips.size() == 2);
  CHECK(e.chips[0].id == "h200");
  CHECK(e.chips[0].text == "H200s");
  CHECK(e.chips[0].vendor == "nvidia");
  CHECK(e.chips[1].id == "mi300x");
}

TEST_CASE("case-sensitive aliases: Apple the company, not apples; ARM and Arm, not arm", "[extractors][matcher]") {
  CHECK(contains(entity_ids(shipped_pack(), "Apple reportedly plans to use US-made chips"), "apple"));
  CHECK(entity_ids(shipped_pack(), "Apples quiz! How much do you know about this delicious fruit?").empty());
  CHECK(entity_ids(shipped_pack(), "she baked an apple pie").empty());
  CHECK(contains(entity_ids(shipped_pack(), "ARM to prohibit third-party modules"), "arm"));
  CHECK(contains(entity_ids(shipped_pack(), "SoftBank halts plans for Arm’s London listing"), "arm"));
  CHECK(entity_ids(shipped_pack(), "he broke his arm playing football").empty());
  CHECK(entity_ids(shipped_pack(), "Arm-based laptops are coming").empty());
}

TEST_CASE("hyphens and spaces match each other; brand prefixes are dropped from ids", "[extractors][matcher]") {
  CHECK(contains(entity_ids(shipped_pack(), "Intel Core i9-13900K review"), "core-i9-13900k"));
  CHECK(contains(entity_ids(shipped_pack(), "Intel advances with Gaudi-2"), "gaudi-2"));
  const auto ids = entity_ids(shipped_pack(), "NVIDIA cancels the 12GB GeForce RTX 4080");
  CHECK(contains(ids, "rtx-4080"));
  CHECK(contains(ids, "nvidia"));
}

TEST_CASE("longest match wins: RX 7900 XTX is not RX 7900 XT", "[extractors][matcher]") {
  const auto ids = entity_ids(shipped_pack(), "AMD Radeon RX 7900 XTX beats the RX 7900 XT");
  CHECK(contains(ids, "rx-7900-xtx"));
  CHECK(contains(ids, "rx-7900-xt"));
  CHECK(contains(ids, "amd"));
  const auto e = extract(shipped_pack(), "Taiwan Semiconductor Manufacturing Co. expands");
  REQUIRE(e.companies.size() == 1);
  CHECK(e.companies[0].id == "tsmc");
}

TEST_CASE("context-dependent chips: H20 as water and Hopper the person stay out", "[extractors][matcher]") {
  CHECK(entity_ids(shipped_pack(), "Drink more H20 and less soda").empty());
  CHECK(contains(entity_ids(shipped_pack(), "US lets Nvidia resume H20 sales to China"), "h20"));
  CHECK(entity_ids(shipped_pack(), "Grace Hopper was a computing pioneer who wrote compilers").empty());
}

TEST_CASE("tricky negatives: food chips, Chip Roy, blue chips", "[extractors][matcher]") {
  const auto& pack = shipped_pack();
  for (const char* text : {"Windows smashed at fish and chip shop", "Texas Rep. Chip Roy: defund bureaucrats",
                           "Fifth of blue chip firms pay for diversity advice, probe shows",
                           "Biden pardons Thanksgiving turkeys Chocolate and Chip"}) {
    INFO(text);
    const auto e = extract(pack, text);
    CHECK(e.companies.empty());
    CHECK(e.chips.empty());
    CHECK(e.actions.empty());
  }
}

TEST_CASE("all_mentions lists every mention, default lists each entity once", "[extractors][matcher]") {
  const std::string text = "Nvidia and Nvidia again";
  CHECK(extract(shipped_pack(), text).companies.size() == 1);
  chipwire::ExtractOptions all;
  all.all_mentions = true;
  CHECK(extract(shipped_pack(), text, all).companies.size() == 2);
}

TEST_CASE("sentences survive U.S., Corp., Jan. and decimals", "[extractors][sentences]") {
  using chipwire::extract_internal::split_sentences;
  const std::string text =
      "U.S. Restricts Sales\nNvidia Corp. said on Jan. 5 that sales fell 3.5 percent. The U.S. government acted. "
      "Then China replied!";
  const auto s = split_sentences(text);
  REQUIRE(s.size() == 4);
  CHECK(text.substr(s[0].start, s[0].end - s[0].start) == "U.S. Restricts Sales");
  CHECK(text.substr(s[1].start, s[1].end - s[1].start) == "Nvidia Corp. said on Jan. 5 that sales fell 3.5 percent.");
  CHECK(text.substr(s[2].start, s[2].end - s[2].start) == "The U.S. government acted.");
  CHECK(text.substr(s[3].start, s[3].end - s[3].start) == "Then China replied!");
}

TEST_CASE("the sentence-mark search agrees with a byte-by-byte scan", "[extractors][sentences]") {
  using chipwire::extract_internal::next_sentence_mark;
  std::mt19937 rng(7);
  const std::string alphabet("ab .!?\n\x80\xff\0-", 11);
  for (int round = 0; round < 3000; ++round) {
    std::string text(rng() % 70, 'x');
    for (char& c : text)
      if (rng() % 6 == 0) c = alphabet[rng() % alphabet.size()];
    for (std::size_t from = 0; from <= text.size(); ++from) {
      std::size_t want = from;
      while (want < text.size() && std::string_view(".!?\n").find(text[want]) == std::string_view::npos) ++want;
      INFO("text '" << text << "' from " << from);
      REQUIRE(next_sentence_mark(text, from) == want);
    }
  }
}

TEST_CASE("unknown chip-like tokens near chip words are flagged", "[extractors][flags]") {
  const auto e = extract(shipped_pack(), "Nvidia readies the ZX9000 chip for China");
  bool found = false;
  for (const auto& f : e.flags)
    if (f.reason == "unknown_chip_like_token" && f.detail.find("ZX9000") != std::string::npos) found = true;
  CHECK(found);
  for (const auto& f : extract(shipped_pack(), "Chip sales rose 12GB in 2022 at 5nm").flags)
    CHECK(f.reason != "unknown_chip_like_token");
}
