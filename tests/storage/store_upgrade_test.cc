// Store: a store written by the previous chipwire (schema 1, which put the
// companies in every event key) is upgraded in place by the first writer, and
// refused with a clear message by readers until then. The fixture
// tests/fixtures/storage/schema1-demo was made by chipwire at commit abcc833
// ingesting demo/ (tests/fixtures/storage/README.md).
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;
namespace fs = std::filesystem;

namespace {

std::string copy_of_schema1_store(const TempDir& dir) {
  const fs::path to = dir.path() / "db";
  fs::copy(fixture("storage/schema1-demo"), to, fs::copy_options::recursive);
  return to.string();
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
    auto r = Store::open(db, StoreOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::unsupported);
    CHECK_THAT(r.status().message(), Catch::Contains("schema version 1") && Catch::Contains("version 2") &&
                                         Catch::Contains("upgrades it in place"));
    CHECK(dump_store(db) == before);
  }

  SECTION("a writer upgrades once; the events are re-derived from the stored actions") {
    std::vector<std::pair<int, int>> calls;
    StoreOptions wo;
    wo.mode = OpenMode::writer;
    wo.on_upgrade = [&](int from, int to) { calls.emplace_back(from, to); };
    {
      auto w = Store::open(db, wo);
      REQUIRE(w.ok());
    }
    CHECK(calls == std::vector<std::pair<int, int>>{{1, 2}});
    const auto upgraded = dump_store(db);
    CHECK(upgraded.at("meta").at("schema_version") == "2");
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

    // Opening again finds schema 2: no second upgrade, nothing rewritten.
    {
      auto w = Store::open(db, wo);
      REQUIRE(w.ok());
    }
    CHECK(calls.size() == 1);
    CHECK(dump_store(db) == upgraded);
  }
}
