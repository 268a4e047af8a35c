// The review queue from the terminal: list, show, accept, reject, correct,
// next (keys read from stdin when it is not a terminal), the audit log, events
// that follow the verdicts, and decisions that survive `reprocess`.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

using namespace chipwire::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct ReviewStore : IngestedStore {
  ReviewStore() : IngestedStore("review_serve/flagged.xml") {
    INFO(ingest.err);
    REQUIRE(ingest.exit_code == 0);
  }
  std::string item_with_title(const std::string& needle) const {
    for (const auto& item : parse_jsonl(cli({"review", "list", "--state", "all", "--format", "jsonl"}).out))
      if (item["title"].get<std::string>().find(needle) != std::string::npos) return item["id"];
    return "";
  }
  const json* event_of_type(const std::vector<json>& events, const std::string& type) const {
    for (const auto& e : events)
      if (e["type"] == type) return &e;
    return nullptr;
  }
};

}  // namespace

TEST_CASE("review list, show, accept, reject and the audit log", "[e2e][review]") {
  ReviewStore s;
  const auto open = parse_jsonl(s.cli({"review", "list", "--format", "jsonl"}).out);
  REQUIRE(open.size() == 3);
  for (const auto& item : open) CHECK(item["state"] == "open");

  const std::string tariff = s.item_with_title("tariff");
  const std::string curbs = s.item_with_title("Export curbs");
  REQUIRE(!tariff.empty());
  REQUIRE(!curbs.empty());

  const auto shown = s.cli({"review", "show", tariff.substr(0, 10)});
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("actions:") != std::string::npos);
  CHECK(shown.out.find("action_without_actor") != std::string::npos);
  CHECK(shown.out.find("[[Samsung]]") != std::string::npos);  // spans marked when not a terminal
  CHECK(shown.out.find("\x1B") == std::string::npos);

  REQUIRE(s.cli({"review", "accept", tariff, "--by", "alice", "--note", "checked"}).exit_code == 0);
  REQUIRE(s.cli({"review", "reject", curbs, "--by", "bob", "--note", "not a new measure"}).exit_code == 0);

  const auto log = parse_jsonl(s.cli({"review", "log", "--format", "jsonl"}).out);
  REQUIRE(log.size() == 2);
  CHECK(log[0]["by"] == "alice");
  CHECK(log[0]["verdict"] == "accept");
  CHECK(log[1]["by"] == "bob");
  CHECK(log[1]["note"] == "not a new measure");
  CHECK(parse_jsonl(s.cli({"review", "list", "--format", "jsonl"}).out).size() == 1);

  const auto events = parse_jsonl(s.cli({"events", "--format", "jsonl"}).out);
  const json* tariff_event = s.event_of_type(events, "tariff");
  REQUIRE(tariff_event != nullptr);
  CHECK((*tariff_event)["review"] == "accepted");
  CHECK(s.event_of_type(events, "export_control") == nullptr);  // rejected: out of events
  const auto all = parse_jsonl(s.cli({"events", "--format", "jsonl", "--include-rejected"}).out);
  const json* rejected = s.event_of_type(all, "export_control");
  REQUIRE(rejected != nullptr);
  CHECK((*rejected)["review"] == "rejected");

  SECTION("decisions survive reprocess with changed rules") {
    // A copy of the pack where "chip" is a planned cue: the tariff action ("Chip
    // tariff looms ...") is re-extracted with another modality but is the same action.
    TempDir rules;
    for (const auto& f : fs::directory_iterator(fs::path(CHIPWIRE_SOURCE_DIR) / "rules"))
      fs::copy_file(f.path(), rules.path() / f.path().filename());
    std::string modality = read_file(rules.path() / "modality.rules");
    const auto cues = modality.find("  cues: plans,");
    REQUIRE(cues != std::string::npos);
    modality.insert(cues + std::string("  cues: ").size(), "chip, ");
    write_file(rules.path() / "modality.rules", modality);

    const auto same = s.cli({"reprocess"});
    REQUIRE(same.exit_code == 0);
    CHECK(same.out.find("0 changed") != std::string::npos);

    const auto changed = s.cli({"--rules", rules.str(), "reprocess"});
    INFO(changed.out << changed.err);
    REQUIRE(changed.exit_code == 0);
    CHECK(changed.out.find("reprocessed 3 articles, 1 changed") != std::string::npos);
    const auto after = parse_jsonl(s.cli({"events", "--format", "jsonl", "--include-rejected"}).out);
    const json* t = s.event_of_type(after, "tariff");
    REQUIRE(t != nullptr);
    CHECK((*t)["modality"] == "planned");
    CHECK((*t)["review"] == "accepted");
    const json* e = s.event_of_type(after, "export_control");
    REQUIRE(e != nullptr);
    CHECK((*e)["review"] == "rejected");
  }
}

TEST_CASE("review correct sets an action's type by hand", "[e2e][review]") {
  ReviewStore s;
  const std::string tariff = s.item_with_title("tariff");
  REQUIRE(!tariff.empty());
  const auto bad = s.cli({"review", "correct", tariff, "--type", "sanction"});
  CHECK(bad.exit_code == 2);  // needs --action
  const auto r = s.cli({"review", "correct", tariff, "--action", "1", "--actor", "US", "--by", "carol"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto events = parse_jsonl(s.cli({"events", "--format", "jsonl", "--actor", "us"}).out);
  const json* t = s.event_of_type(events, "tariff");
  REQUIRE(t != nullptr);
  CHECK((*t)["actor"] == "US");
}

TEST_CASE("review next walks the open queue with single keys", "[e2e][review]") {
  ReviewStore s;
  // Not a terminal: one key per line. accept, reject, skip.
  const auto r = s.cli({"review", "next", "--by", "dave"}, "a\nr\ns\n");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("2 decided, 1 skipped") != std::string::npos);
  CHECK(r.out.find("(1/3)") != std::string::npos);
  const auto states = parse_jsonl(s.cli({"review", "list", "--state", "all", "--format", "jsonl"}).out);
  int accepted = 0, rejected = 0, open = 0;
  for (const auto& i : states) {
    accepted += i["state"] == "accepted";
    rejected += i["state"] == "rejected";
    open += i["state"] == "open";
  }
  CHECK(accepted == 1);
  CHECK(rejected == 1);
  CHECK(open == 1);
}

TEST_CASE("an action that names nothing is held: no event until a reviewer accepts it", "[e2e][review]") {
  const IngestedStore s("review_serve/held.xml");
  INFO(s.ingest.err);
  REQUIRE(s.ingest.exit_code == 0);
  CHECK(s.ingest.out.find("0 new events") != std::string::npos);
  CHECK(parse_jsonl(s.cli({"events", "--format", "jsonl", "--include-rejected"}).out).empty());

  const auto items = parse_jsonl(s.cli({"review", "list", "--format", "jsonl"}).out);
  REQUIRE(items.size() == 1);
  const std::string id = items[0]["id"];
  const auto shown = s.cli({"review", "show", id});
  CHECK(shown.out.find("<held: an event once accepted>") != std::string::npos);

  REQUIRE(s.cli({"review", "accept", id, "--by", "test"}).exit_code == 0);
  const auto events = parse_jsonl(s.cli({"events", "--format", "jsonl"}).out);
  CHECK_FALSE(events.empty());
  for (const auto& e : events) CHECK(e["review"] == "accepted");
  CHECK(s.cli({"review", "show", id}).out.find("<held") == std::string::npos);
}
