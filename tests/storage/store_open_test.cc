// Store: opening what is not (or not yet, or no longer) a chipwire store gives a
// clear Status and leaves the directory exactly as it was.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;
namespace fs = std::filesystem;

namespace {

Status open_status(const std::string& dir, OpenMode mode) {
  StoreOptions o;
  o.mode = mode;
  auto s = Store::open(dir, o);
  return s.ok() ? Status() : s.status();
}

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a reader of a missing directory gets not_found and creates nothing", "[storage][open]") {
  TempDir dir;
  const std::string db = dir.str() + "/nothing";
  const Status s = open_status(db, OpenMode::reader);
  CHECK(s.code() == Code::not_found);
  CHECK_THAT(s.message(), Catch::Contains("no chipwire store"));
  CHECK_FALSE(fs::exists(db));
}

TEST_CASE("a writer creates a store, and reopens it", "[storage][open]") {
  TempDir dir;
  const std::string db = dir.str() + "/data";
  fs::create_directories(db);
  write_file(fs::path(db) / "ingest.lock", "");  // a lock file may come first
  REQUIRE(open_status(db, OpenMode::writer).ok());
  REQUIRE(open_status(db, OpenMode::writer).ok());
  REQUIRE(open_status(db, OpenMode::reader).ok());
}

TEST_CASE("a foreign directory is refused and left alone", "[storage][open]") {
  TempDir dir;
  SECTION("plain files") {
    write_file(dir.path() / "notes.txt", "mine");
    const auto before = listing(dir.path());
    for (OpenMode m : {OpenMode::writer, OpenMode::reader}) {
      const Status s = open_status(dir.str(), m);
      CHECK(s.code() == Code::unsupported);
      CHECK_THAT(s.message(), Catch::Contains("not a chipwire store"));
    }
    CHECK(listing(dir.path()) == before);
  }
  SECTION("another program's RocksDB database") {
    const std::string db = dir.str() + "/other";
    {
      rocksdb::Options o;
      o.create_if_missing = true;
      rocksdb::DB* raw = nullptr;
      REQUIRE(rocksdb::DB::Open(o, db, &raw).ok());
      raw->Put(rocksdb::WriteOptions(), "k", "v");
      delete raw;
    }
    const auto before = dump_store(db);
    std::vector<std::string> families;
    rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db, &families);
    for (OpenMode m : {OpenMode::writer, OpenMode::reader}) {
      const Status s = open_status(db, m);
      CHECK(s.code() == Code::unsupported);
      CHECK_THAT(s.message(), Catch::Contains("not a chipwire store"));
    }
    std::vector<std::string> after;
    rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db, &after);
    CHECK(after == families);
    CHECK(dump_store(db) == before);
  }
  SECTION("a file, not a directory") {
    write_file(dir.path() / "file", "x");
    CHECK(open_status(dir.str() + "/file", OpenMode::writer).code() == Code::unsupported);
  }
}

TEST_CASE("another schema version is refused with both versions named", "[storage][open]") {
  TempDir dir;
  { open_writer(dir.str()); }
  {
    std::vector<std::string> names;
    rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.str(), &names);
    std::vector<rocksdb::ColumnFamilyDescriptor> descs;
    for (const auto& n : names) descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.str(), descs, &handles, &raw).ok());
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == "meta") raw->Put(rocksdb::WriteOptions(), handles[i], "schema_version", "99");
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
  }
  const auto before = dump_store(dir.str());
  for (OpenMode m : {OpenMode::writer, OpenMode::reader}) {
    const Status s = open_status(dir.str(), m);
    CHECK(s.code() == Code::unsupported);
    CHECK_THAT(s.message(), Catch::Contains("schema version 99") &&
                                Catch::Contains("version " + std::to_string(kSchemaVersion)));
  }
  CHECK(dump_store(dir.str()) == before);
}

TEST_CASE("a damaged store gives a clear error", "[storage][open]") {
  TempDir dir;
  { open_writer(dir.str()); }
  write_file(dir.path() / "CURRENT", "MANIFEST-999999\n");
  const Status s = open_status(dir.str(), OpenMode::writer);
  CHECK_FALSE(s.ok());
  CHECK((s.code() == Code::corruption || s.code() == Code::io_error));
  CHECK_THAT(s.message(), Catch::Contains(dir.str()));
}

TEST_CASE("a read-only directory: no writer, but readers work", "[storage][open]") {
  if (::geteuid() == 0) {
    WARN("running as root: permissions are not enforced, skipping");
    return;
  }
  TempDir dir;
  const std::string empty = dir.str() + "/empty";
  fs::create_directories(empty);
  ::chmod(empty.c_str(), 0555);
  const Status s = open_status(empty, OpenMode::writer);
  CHECK(s.code() == Code::io_error);
  CHECK(fs::is_empty(empty));
  ::chmod(empty.c_str(), 0755);

  const std::string db = dir.str() + "/db";
  {
    auto store = open_writer(db);
    REQUIRE(store
                ->write_article(make_write("https://a.com/1", "a.com", "f", "t", "x", 1768377600,
                                           {make_action("export_control", "US", {"nvidia"}, {"h20"})}))
                .ok());
  }
  ::chmod(db.c_str(), 0555);
  CHECK(open_status(db, OpenMode::writer).code() == Code::io_error);
  {
    auto reader = open_reader(db);
    CHECK(reader->events({})->size() == 1);
  }
  ::chmod(db.c_str(), 0755);

  const std::string locked = dir.str() + "/locked";
  { open_writer(locked); }
  ::chmod(locked.c_str(), 0);
  const Status r = open_status(locked, OpenMode::reader);
  CHECK((r.code() == Code::io_error));
  ::chmod(locked.c_str(), 0755);
}

TEST_CASE("a second writer is told the store is busy", "[storage][open]") {
  TempDir dir;
  auto first = open_writer(dir.str());
  const Status s = open_status(dir.str(), OpenMode::writer);
  CHECK(s.code() == Code::busy);
}

TEST_CASE("feed state round-trips in the feeds family, readers see it, only the writer changes it", "[storage][feeds]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  FeedState f;
  f.id = "feed1";
  f.url = "https://example.org/rss.xml";
  f.etag = "\"abc\"";
  f.last_modified = "Wed, 14 Jan 2026 08:00:00 GMT";
  f.next_due = 1768377600;
  f.consecutive_failures = 2;
  f.total_failures = 7;
  f.last_error = "http_status";
  f.items_seen = 42;
  REQUIRE(store->put_feed_state(f).ok());
  auto got = store->feed_state("feed1");
  REQUIRE(got.ok());
  REQUIRE(*got);
  CHECK((*got)->etag == f.etag);
  CHECK((*got)->total_failures == 7);
  CHECK((*got)->items_seen == 42);
  CHECK(store->feed_states()->size() == 1);
  auto reader = open_reader(dir.str());
  CHECK(reader->feed_states()->size() == 1);
  CHECK(reader->put_feed_state(f).code() == Code::invalid_argument);
  REQUIRE(store->remove_feed_state("feed1").ok());
  CHECK(store->feed_state("feed1").value() == std::nullopt);
  REQUIRE(reader->refresh().ok());
  CHECK(reader->feed_states()->empty());
}
