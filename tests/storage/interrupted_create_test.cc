// A store whose creation was interrupted (the first ingest killed while RocksDB
// was creating its files) is created again by the next writer, and is "no
// store" to readers; a store that finished creating is never cleared.
#include <catch2/catch.hpp>

#include "storage/store.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

TEST_CASE("an interrupted store creation is redone by the next writer", "[storage][open][crash]") {
  TempDir dir;
  const std::string db = (dir.path() / "data").string();
  // What a kill during creation leaves: the marker and RocksDB's first files.
  write_file(dir.path() / "data" / ".chipwire-creating", "");
  write_file(dir.path() / "data" / "000001.dbtmp", "half");
  write_file(dir.path() / "data" / "ingest.lock", "");

  StoreOptions reader;
  reader.mode = OpenMode::reader;
  auto r = Store::open(db, reader);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::not_found);

  StoreOptions writer;
  writer.mode = OpenMode::writer;
  {
    auto w = Store::open(db, writer);
    INFO((w.ok() ? std::string() : w.status().message()));
    REQUIRE(w.ok());
    FeedState st;
    st.id = "0123456789abcdef";
    st.url = "https://example.org/feed";
    REQUIRE((*w)->put_feed_state(st).ok());
  }
  CHECK_FALSE(std::filesystem::exists(dir.path() / "data" / ".chipwire-creating"));
  CHECK(std::filesystem::exists(dir.path() / "data" / "ingest.lock"));
  auto again = Store::open(db, writer);
  REQUIRE(again.ok());
  auto st = (*again)->feed_state("0123456789abcdef");
  REQUIRE(st.ok());
  CHECK(st->has_value());  // a finished store keeps its data
}
