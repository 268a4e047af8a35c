// A disk that fills up in the middle of an ingest: the run stops with a clear
// message and exit 3 (not a crash), and the store keeps everything it had and
// takes the next run normally. The full disk is a file-size limit (ulimit -f,
// with SIGXFSZ ignored) on the ingest process, which fails RocksDB's writes
// with EFBIG just as ENOSPC would.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/test_http_server.h"
#include "tests/test_support.h"

using namespace chipwire::testing;

namespace {

// A feed of `n` distinct items with a few hundred bytes of text each.
std::string big_feed(int n) {
  std::string doc = "<rss version=\"2.0\"><channel><title>Big</title>";
  for (int i = 0; i < n; ++i)
    doc += "<item><title>Market note " + std::to_string(i) + "</title><link>https://big.example/" +
           std::to_string(i) + "</link><description>" + std::string(300, static_cast<char>('a' + i % 26)) +
           " number " + std::to_string(i) + "</description></item>";
  return doc + "</channel></rss>";
}

CommandResult run_with_file_limit(int kib, std::vector<std::string> args) {
  std::vector<std::string> argv{"/bin/sh", "-c", "trap '' XFSZ; ulimit -f " + std::to_string(kib) + "; exec \"$0\" \"$@\"",
                                CHIPWIRE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv);
}

}  // namespace

TEST_CASE("a disk that fills during an ingest: exit 3, a clear message, the store intact", "[e2e][store]") {
  TestHttpServer server(static_files({
      {"/policy.xml", {"application/rss+xml", read_file(fixture("e2e/policy.xml"))}},
      {"/big.xml", {"application/rss+xml", big_feed(4000)}},
  }));
  TempDir dir;
  const std::string db = (dir.path() / "data").string();
  const auto small = dir.path() / "small.toml";
  const auto both = dir.path() / "both.toml";
  write_file(small, "allow_private_addresses = true\n[[feed]]\nurl = \"" + server.url("/policy.xml") + "\"\n");
  write_file(both, "allow_private_addresses = true\n[[feed]]\nurl = \"" + server.url("/policy.xml") +
                       "\"\n[[feed]]\nurl = \"" + server.url("/big.xml") + "\"\n");

  const auto first = run_chipwire({"--config", small.string(), "--db", db, "ingest"});
  REQUIRE(first.exit_code == 0);
  const auto before = run_chipwire({"--db", db, "events", "--format", "jsonl"});
  REQUIRE(parse_jsonl(before.out).size() == 1);

  // 256 KiB per file: the big feed's articles overrun the first table file the
  // store flushes them to (an ingest writes no log).
  const auto full = run_with_file_limit(256, {"--config", both.string(), "--db", db, "ingest", "--all"});
  INFO(full.err);
  CHECK(full.exit_code == 3);
  CHECK(full.err.find("write failed") != std::string::npos);
  CHECK(full.err.find("File too large") != std::string::npos);
  CHECK(full.err.find("Assertion") == std::string::npos);

  // Everything stored before is still there and readable.
  const auto after = run_chipwire({"--db", db, "events", "--format", "jsonl"});
  REQUIRE(after.exit_code == 0);
  CHECK(after.out == before.out);

  // With room again, the next run completes what the full disk stopped.
  const auto again = run_chipwire({"--config", both.string(), "--db", db, "ingest", "--all"});
  INFO(again.err);
  CHECK(again.exit_code == 0);
  const auto articles = run_chipwire({"--db", db, "articles", "--format", "jsonl", "--limit", "0"});
  CHECK(parse_jsonl(articles.out).size() == 4000 + 2);
  CHECK(run_chipwire({"--db", db, "events", "--format", "jsonl"}).out == before.out);
}
