// Store: stores written by earlier chipwire releases are upgraded in place by
// the first writer, and refused with a clear message by readers until then.
// Schema 1 put the companies in every event key; schema 2 had an event index
// without month buckets; schema 3 made events of actions that name nothing.
// The fixtures tests/fixtures/storage/schema1-demo, schema2-demo and
// schema3-held were made by those releases ingesting demo/ (schema3-held: plus
// one feed; tests/fixtures/storage/README.md).
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;
namespace fs = std::filesystem;

namespace {

std::string copy_of_store(const TempDir& dir, const std::string& name) {
  const fs::path to = dir.path() / "db";
  fs::copy(fixture("storage/" + name), to, fs::copy_options::recursive);
  return to.string();
}

std::string copy_of_schema1_store(const TempDir& dir) { return copy_of_store(dir, "schema1-demo"); }

// Index keys by their first byte.
std::map<char, std::size_t> index_tags(const std::map<std::string, std::string>& index) {
  std::map<char, std::size_t> n;
  for (const auto& [k, v] : index) ++n[k.at(0)];
  return n;
}

using Upgrades = std::vector<std::pair<int, int>>;

// The upgrades (from, to) that a writer's open of `db` reports; the open must succeed.
Upgrades upgrades_on_writer_open(const std::string& db) {
  Upgrades calls;
  StoreOptions wo;
  wo.mode = OpenMode::writer;
  wo.on_upgrade = [&](int from, int to) { calls.emplace_back(from, to); };
  auto w = Store::open(db, wo);
  REQUIRE(w.ok());
  return calls;
}

// A reader refuses a store of schema `from`, naming both versions.
void expect_reader_refuses(const std::string& db, int from) {
  auto r = Store::open(db, StoreOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::unsupported);
  CHECK_THAT(r.status().message(), Catch::Contains("schema version " + std::to_string(from)) &&
                                       Catch::Contains("version " + std::to_string(kSchemaVersion)) &&
                                       Catch::Contains("upgrades it in place"));
}

const Event* find_import_approval(const std::vector<Event>& events) {
  for (const auto& e : events)
    if (e.type == "import_approval") return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("a schema-1 store is refused by readers and upgraded in place by a writer", "[storage][open][upgrade]") {
  TempDir dir;
  const std::string db = copy_of_schema1_store(dir);
  const auto before = dump_store(db);
  REQUIRE(before.at("meta").at("schema_version") == "1");
  // In schema 1 the H200 approval was two events: Nvidia alone, and Nvidia with its buyers.
  std::size_t v1_h200 = 0;
  for (const auto& [id, value] : before.at("events")) v1_h200 += value.find("h200") != std::string::npos;
  REQUIRE(v1_h200 == 2);

  SECTION("a reader is told what to do and changes nothing") {
    expect_reader_refuses(db, 1);
    CHECK(dump_store(db) == before);
  }

  SECTION("a writer upgrades once; the events are re-derived from the stored actions") {
    CHECK(upgrades_on_writer_open(db) == Upgrades{{1, 4}});
    const auto upgraded = dump_store(db);
    CHECK(upgraded.at("meta").at("schema_version") == "4");
    for (const auto& [tag, n] : index_tags(upgraded.at("index"))) CHECK(tag == 'e');
    CHECK(upgraded.at("articles").size() == before.at("articles").size());

    auto reader = open_reader(db);
    auto events = reader->events({});
    REQUIRE(events.ok());
    CHECK(events->size() == before.at("events").size() - 1);
    const Event* h200 = find_import_approval(*events);
    REQUIRE(h200 != nullptr);
    CHECK(h200->chips == std::vector<std::string>{"h200"});
    CHECK(h200->companies == std::vector<std::string>{"baidu", "nvidia", "tencent"});
    CHECK(h200->articles == 3);
    CHECK(h200->sources == 3);
    CHECK(reader->event_key(h200->id).value().rfind("v2|type=import_approval|actor=CN|companies=|chips=h200|", 0) ==
          0);
    EventQuery tencent;
    tencent.company = "tencent";
    tencent.type = "import_approval";
    CHECK(reader->events(tencent)->size() == 1);
    reader.reset();

    // Opening again finds schema 4: no second upgrade, nothing rewritten.
    CHECK(upgrades_on_writer_open(db).empty());
    CHECK(dump_store(db) == upgraded);
  }
}

TEST_CASE("a schema-2 store gets its index cut into quarters, records unchanged", "[storage][open][upgrade]") {
  TempDir dir;
  const std::string db = copy_of_store(dir, "schema2-demo");
  const auto before = dump_store(db);
  REQUIRE(before.at("meta").at("schema_version") == "2");
  const auto old_tags = index_tags(before.at("index"));
  REQUIRE(old_tags.count('X') == 1);  // schema 2's unbucketed index
  REQUIRE(old_tags.count('a') == 1);
  REQUIRE(old_tags.count('e') == 0);

  expect_reader_refuses(db, 2);
  CHECK(upgrades_on_writer_open(db) == Upgrades{{2, 4}});
  const auto upgraded = dump_store(db);
  CHECK(upgraded.at("meta").at("schema_version") == "4");
  // Events, mentions and articles are kept to the byte; only the index moved.
  for (const char* family : {"events", "mentions", "articles", "raw", "review", "feeds"}) {
    INFO(family);
    CHECK(upgraded.count(family) == before.count(family));
    if (before.count(family)) CHECK(upgraded.at(family) == before.at(family));
  }
  // As many entries as before, each now under its quarter.
  const auto new_tags = index_tags(upgraded.at("index"));
  CHECK(new_tags.size() == 1);
  std::size_t old_entries = 0;
  for (const auto& [tag, n] : old_tags) old_entries += n;
  CHECK(new_tags.at('e') == old_entries);

  auto reader = open_reader(db);
  auto all = reader->events({});
  REQUIRE(all.ok());
  CHECK(all->size() == before.at("events").size());
  for (std::size_t i = 1; i < all->size(); ++i) CHECK((*all)[i - 1].first_seen >= (*all)[i].first_seen);
  EventQuery h200;
  h200.chip = "h200";
  h200.type = "import_approval";
  auto found = reader->events(h200);
  REQUIRE(found.ok());
  REQUIRE(found->size() == 1);
  CHECK(found->front().sources == 3);
  EventQuery tencent;
  tencent.company = "tencent";
  CHECK(reader->events(tencent)->size() == 1);
  ArticleQuery newest;
  newest.limit = 2;
  CHECK(reader->articles(newest)->size() == 2);
  CHECK(reader->articles({})->size() == before.at("articles").size());
  reader.reset();

  CHECK(upgrades_on_writer_open(db).empty());
  CHECK(dump_store(db) == upgraded);
}

TEST_CASE("a schema-3 store drops the events of actions that name nothing, unless accepted", "[storage][open][upgrade]") {
  TempDir dir;
  const std::string db = copy_of_store(dir, "schema3-held");
  const auto before = dump_store(db);
  REQUIRE(before.at("meta").at("schema_version") == "3");
  REQUIRE(before.at("events").size() == 8);  // demo's 6, and 2 from "Chip export rules loosened"

  expect_reader_refuses(db, 3);
  CHECK(upgrades_on_writer_open(db) == Upgrades{{3, 4}});
  const auto upgraded = dump_store(db);
  CHECK(upgraded.at("meta").at("schema_version") == "4");
  CHECK(upgraded.at("events").size() == 6);
  CHECK(upgraded.at("mentions").size() == before.at("mentions").size() - 2);
  CHECK(upgraded.at("articles").size() == before.at("articles").size());

  auto reader = open_reader(db);
  auto events = reader->events({}).value();
  REQUIRE(events.size() == 6);
  for (const auto& e : events) CHECK((e.actor || !e.companies.empty() || !e.chips.empty() || e.target_country));
  // The article keeps its actions and waits in the queue; accepting it brings its events back.
  auto items = reader->review_items({}).value();
  REQUIRE(items.size() == 1);
  CHECK(items[0].state == "open");
  const std::string held = items[0].article_id;
  CHECK(reader->stored_article(held).value()->extraction.actions.size() == 2);
  reader.reset();

  auto writer = open_writer(db);
  ReviewDecision ok;
  ok.article_id = held;
  ok.verdict = "accept";
  ok.by = "erin";
  REQUIRE(writer->decide(ok).ok());
  CHECK(writer->events({})->size() == 8);
}
