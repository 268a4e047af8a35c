// The shipped pack: loads, has the promised size, and its worked examples pass;
// thread safety of extract() on a shared pack.
#include <catch2/catch.hpp>
#include <atomic>
#include <set>
#include <thread>

#include "extractors/rule_examples.h"
#include "extractors/rule_model.h"
#include "tests/extractors/extract_test_support.h"

using chipwire::testing::shipped_pack;

TEST_CASE("the shipped pack has >= 150 companies, >= 120 chips, >= 40 actors, every action type", "[extractors][pack]") {
  using chipwire::extract_internal::EntityKind;
  std::size_t companies = 0, chips = 0, actors = 0;
  for (const auto& e : shipped_pack().compiled().entities) {
    companies += e.kind == EntityKind::company;
    chips += e.kind == EntityKind::chip;
    actors += e.kind == EntityKind::actor;
  }
  CHECK(companies >= 150);
  CHECK(chips >= 120);
  CHECK(actors >= 40);
  std::set<std::string> types;
  for (const auto& r : shipped_pack().compiled().rules) types.insert(r.type);
  CHECK(types.size() == 11);
}

TEST_CASE("the shipped pack's worked examples all pass", "[extractors][pack]") {
  const auto report = chipwire::run_rule_examples(shipped_pack());
  for (const auto& f : report.failures) UNSCOPED_INFO(f);
  CHECK(report.failed == 0);
  CHECK(report.passed >= 100);
}

TEST_CASE("extract is thread-safe on a shared pack and gives the same answer", "[extractors][pack]") {
  const std::string text =
      "US Government Bans Export of Nvidia A100 and H100 GPUs to China\nThe ban follows new rules.";
  const std::string want = chipwire::extraction_to_json("x", chipwire::extract(shipped_pack(), text));
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (chipwire::extraction_to_json("x", chipwire::extract(shipped_pack(), text)) != want) ++mismatches;
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
}

TEST_CASE("extraction_to_json writes the contract shape", "[extractors][json]") {
  const auto e = chipwire::extract(shipped_pack(), "US adds YMTC to trade blacklist");
  const std::string j = chipwire::extraction_to_json("a1", e);
  CHECK(j.rfind("{\"id\":\"a1\",\"companies\":[{\"id\":\"ymtc\",\"name\":\"YMTC\",\"text\":\"YMTC\",\"start\":8,"
                "\"end\":12,\"rule\":\"company/ymtc\"}],\"chips\":[],\"actions\":[{\"type\":\"entity_list\","
                "\"actor\":\"US\",\"modality\":\"asserted\",\"companies\":[\"ymtc\"],\"chips\":[],"
                "\"target_country\":\"CN\",\"evidence\":{\"start\":0,\"end\":31},",
                0) == 0);
  // Invalid UTF-8 in the input does not throw.
  CHECK_NOTHROW(chipwire::extraction_to_json("bad", chipwire::extract(shipped_pack(), "Nvidia \xff\xfe chips")));
}
