// Each action type of the contract with the shipped pack: a positive, a
// negative and a modality case; plus actors, targets and merging.
#include <catch2/catch.hpp>

#include "tests/extractors/extract_test_support.h"

using chipwire::extract;
using chipwire::testing::action_summaries;
using chipwire::testing::contains;
using chipwire::testing::shipped_pack;

namespace {
void expect_action(const std::string& text, const std::string& want) {
  INFO(text);
  const auto got = action_summaries(shipped_pack(), text);
  std::string all;
  for (const auto& g : got) all += "[" + g + "] ";
  INFO("got " << all);
  CHECK(contains(got, want));
}
void expect_no_type(const std::string& text, const std::string& type) {
  INFO(text);
  for (const auto& a : extract(shipped_pack(), text).actions) CHECK(a.type != type);
}
}  // namespace

TEST_CASE("export_control", "[extractors][actions]") {
  expect_action("US Government Bans Export of Nvidia A100 and H100 GPUs to China and Russia", "export_control US asserted");
  expect_action("Huawei declares it is ‘business as usual’ despite US curbs", "export_control US asserted");
  expect_action("Reuters reveals Biden to hit China with broader curbs on U.S. chip and tool exports",
                "export_control US planned");
  expect_action("Chipmakers brace for more trouble as Russia limits exports of rare gases", "export_control RU asserted");
  expect_no_type("China's chip exports rose 10% in October", "export_control");
  expect_no_type("India extends export ban on rice", "export_control");
}

TEST_CASE("export_license", "[extractors][actions]") {
  expect_action("US lets Nvidia resume H20 sales to China", "export_license US asserted");
  expect_action("US halted licences for Huawei suppliers to ship chips", "export_license US denied");
  expect_no_type("Intel officially introduces pay-as-you-go chip licensing", "export_license");
  expect_no_type("Huawei licenses 5G patents to rival", "export_license");
}

TEST_CASE("import_approval", "[extractors][actions]") {
  expect_action("China begins approving Nvidia H200 imports", "import_approval CN asserted");
  expect_no_type("China approves Broadcom's acquisition of VMware", "import_approval");
}

TEST_CASE("import_restriction", "[extractors][actions]") {
  expect_action("Beijing bans Chinese companies from using Micron chips", "import_restriction CN asserted");
  expect_action("Canada to ban China's Huawei and ZTE from its 5G networks", "import_restriction CA planned");
  expect_action("US lawmakers warn Apple on using Chinese group’s chips in new iPhone", "import_restriction US asserted");
  expect_no_type("Samsung bans staff from using ChatGPT after data leak", "import_restriction");
}

TEST_CASE("entity_list", "[extractors][actions]") {
  expect_action("U.S. Places Top Chinese Memory Chip Maker on Export Blacklist", "entity_list US asserted");
  expect_action("US Plans To Add 36 Chinese Companies To Trade Blacklist", "entity_list US planned");
  expect_no_type("Twitter Files Part Two names conservatives who were blacklisted", "entity_list");
}

TEST_CASE("sanction", "[extractors][actions]") {
  expect_action("Huawei hopes to release 5G phones despite US sanctions", "sanction US asserted");
  expect_action("Seagate fined $300 million for shipping hard drives to Huawei", "sanction - asserted");
  expect_no_type("Intel hit with billion dollar bill for CPU patent infringement", "sanction");
}

TEST_CASE("tariff", "[extractors][actions]") {
  expect_action("Trump threatens 100% tariff on imported chips", "tariff US planned");
  expect_action("US imposes tariffs on Chinese semiconductors", "tariff US asserted");
  expect_no_type("Tariffs on steel rise again", "tariff");
}

TEST_CASE("investigation", "[extractors][actions]") {
  expect_action("China opens antitrust probe into Nvidia", "investigation CN asserted");
  expect_action("EU to Probe Broadcom's $61 Billion Planned Takeover of VMware", "investigation EU planned");
  expect_no_type("Nvidia investigating reports of RTX 4090 power cables melting", "investigation");
  expect_no_type("U.S. to Probe Cyberattacks Linked to Lapsus$\nThe group attacked Uber, Nvidia and Microsoft.",
                 "investigation");
}

TEST_CASE("subsidy", "[extractors][actions]") {
  expect_action("Commerce awards Intel $8.5bn in Chips Act grants", "subsidy US asserted");
  expect_action("China readying $143bn package for chip firms in face of US curbs", "subsidy CN planned");
  expect_no_type("Micron launches project\nMicron announced that it would invest $15 billion to build a new plant.",
                 "subsidy");
}

TEST_CASE("legislation", "[extractors][actions]") {
  expect_action("Lawmakers unveil bipartisan legislation to restrict Huawei access to banks", "legislation US asserted");
  expect_action("Senate strips chip export provision from defense bill", "legislation US denied");
  expect_no_type("House Democrats block religious liberty amendment to same-sex marriage bill", "legislation");
  expect_no_type("Chip Roy blows up over $1.7T spending bill in fiery floor speech", "legislation");
}

TEST_CASE("investment_restriction", "[extractors][actions]") {
  expect_action("Germany blocks sale of chip factory to China over security fears", "investment_restriction DE asserted");
  expect_action("Sunak mulls curbs on investment in China", "investment_restriction GB planned");
  expect_no_type("China approves Broadcom's takeover of VMware", "investment_restriction");
}

TEST_CASE("coordinated actors each get an action; targets are not actors", "[extractors][actions]") {
  const auto got = action_summaries(shipped_pack(),
                                    "Canada to ban Huawei gear\nThe UK, US, Australia and New Zealand have also "
                                    "barred the Chinese telecoms equipment makers.");
  CHECK(contains(got, "import_restriction CA planned"));
  CHECK(contains(got, "import_restriction GB asserted"));
  CHECK(contains(got, "import_restriction US asserted"));
  CHECK(contains(got, "import_restriction AU asserted"));
  CHECK(contains(got, "import_restriction NZ asserted"));
  const auto e = extract(shipped_pack(), "US restricts sale of AI training chips to China and Russia");
  REQUIRE(e.actions.size() == 1);
  CHECK(e.actions[0].actor == std::optional<std::string>("US"));
  CHECK(e.actions[0].target_country == std::optional<std::string>("CN"));
}

TEST_CASE("one action per (type, actor); the headline keeps its modality", "[extractors][actions]") {
  const auto e = extract(shipped_pack(),
                         "FCC to ban all new Huawei and ZTE equipment\nThe US banned Huawei gear in 2019 already.");
  REQUIRE(e.actions.size() == 1);
  CHECK(e.actions[0].modality == "planned");
  bool conflict = false;
  for (const auto& f : e.flags) conflict |= f.reason == "conflicting_modality";
  CHECK(conflict);
}

TEST_CASE("an action without a named government is flagged", "[extractors][flags]") {
  const auto e = extract(shipped_pack(), "Meng returned as sanctions continue to slam Huawei's chip business.");
  REQUIRE(e.actions.size() == 1);
  CHECK_FALSE(e.actions[0].actor.has_value());
  bool flagged = false;
  for (const auto& f : e.flags) flagged |= f.reason == "action_without_actor";
  CHECK(flagged);
}

TEST_CASE("chip context must be in the title or near the trigger", "[extractors][actions]") {
  // A long article that names a GPU once, far from a sentence that would
  // otherwise read as export relief, yields no action; the same sentence near
  // the chip mention, or under a chip headline, does.
  const std::string filler =
      "The council met on Tuesday. Voters waited for hours in the rain. The count ran late into the night. "
      "Observers praised the calm. Turnout was the highest in a decade. ";
  const std::string far = "Election results are in\nThe new graphics card from Nvidia sold out in a day. " + filler +
                          "The US lifted restrictions on exports after the vote.";
  expect_no_type(far, "export_license");
  const std::string near = "Election results are in\n" + filler +
                           "The new graphics card from Nvidia sold out in a day. "
                           "The US lifted restrictions on exports after the vote.";
  expect_action(near, "export_license US asserted");
  const std::string titled = "Nvidia GPUs and the vote\n" + filler + "The US lifted restrictions on exports after the vote.";
  expect_action(titled, "export_license US asserted");
}

TEST_CASE("no action is read from a run-on of over 80 words", "[extractors][actions]") {
  // A digest of headlines with no full stop: any trigger meets any country.
  std::string digest = "The biggest stories you might have missed";
  for (int i = 0; i < 12; ++i) digest += " Hands-on with the new phone camera app review roundup";
  const std::string clause = " US tightens export controls on Nvidia chips to China";
  expect_no_type("Morning digest\n" + digest + clause, "export_control");
  // The same clause as a sentence of its own is read.
  expect_action("Morning digest\n" + digest + "." + clause + ".", "export_control US asserted");
}
