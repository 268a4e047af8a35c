// The run report: Prometheus text that node_exporter's textfile collector
// accepts, written atomically, and the --stats table.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "pipeline/metrics.h"
#include "tests/test_support.h"

using namespace chipwire;
using chipwire::testing::TempDir;

namespace {

IngestSummary sample() {
  IngestSummary s;
  s.feeds_polled = 12;
  s.feeds_unchanged = 3;
  s.feeds_failed = 2;
  s.items = 140;
  s.new_articles = 40;
  s.new_events = 7;
  s.flags = 2;
  s.seconds = 1.25;
  s.stages.fetch = 0.9;
  s.stages.fetch_cpu = 0.1;
  s.stages.parse = 0.2;
  s.stages.extract = 0.3;
  s.stages.workers_cpu = 0.55;
  s.stages.store = 0.4;
  s.stages.store_cpu = 0.35;
  s.stages.commit = 0.21;
  s.stages.final_flush = 0.046875;
  s.stages.total_cpu = 1.1;
  s.stages.setup = 0.125;
  s.stages.close = 0.0625;
  s.errors_by_type = {{"http_5xx", 1}, {"timeout", 1}};
  return s;
}

}  // namespace

TEST_CASE("metrics are valid Prometheus text: HELP and TYPE once per family, then samples", "[pipeline][metrics]") {
  const std::string text = format_metrics(sample());
  const std::regex sample_line(R"(^([a-z_]+)(\{[a-z_]+="[a-z_0-9]+"\})? (-?[0-9.e+-]+)$)");
  const std::regex meta_line(R"(^# (HELP|TYPE) ([a-z_]+) .+$)");
  std::set<std::string> typed, helped;
  std::istringstream in(text);
  std::string line;
  int samples = 0;
  while (std::getline(in, line)) {
    INFO(line);
    std::smatch m;
    if (std::regex_match(line, m, meta_line)) {
      auto& seen = m[1] == "TYPE" ? typed : helped;
      CHECK(seen.insert(m[2]).second);  // once per family
      continue;
    }
    REQUIRE(std::regex_match(line, m, sample_line));
    CHECK(typed.count(m[1]) == 1);  // a sample follows its family's TYPE
    ++samples;
  }
  CHECK(samples > 10);
  CHECK(text.find("chipwire_ingest_feed_errors{type=\"http_5xx\"} 1") != std::string::npos);
  CHECK(text.find("chipwire_ingest_new_events 7") != std::string::npos);
  CHECK(text.find("chipwire_ingest_stage_cpu_seconds{stage=\"store\"} 0.35") != std::string::npos);
  CHECK(text.find("chipwire_ingest_stage_seconds{stage=\"setup\"} 0.125") != std::string::npos);
  CHECK(text.find("chipwire_ingest_stage_seconds{stage=\"close\"} 0.0625") != std::string::npos);
  CHECK(text.find("chipwire_ingest_stage_seconds{stage=\"commit\"} 0.21") != std::string::npos);
  CHECK(text.find("chipwire_ingest_stage_seconds{stage=\"flush\"} 0.046875") != std::string::npos);
}

TEST_CASE("the metrics file is replaced whole and no temp file is left", "[pipeline][metrics]") {
  TempDir dir;
  const auto path = dir.path() / "chipwire.prom";
  chipwire::testing::write_file(path, "old content\n");
  REQUIRE(write_metrics_file(path.string(), sample()).ok());
  const std::string now = chipwire::testing::read_file(path);
  CHECK(now == format_metrics(sample()));
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);

  SECTION("an unwritable folder is an error naming the path, not a crash") {
    const auto bad = dir.path() / "missing" / "x.prom";
    const Status s = write_metrics_file(bad.string(), sample());
    CHECK_FALSE(s.ok());
    CHECK(s.message().find(bad.string()) != std::string::npos);
  }
}

TEST_CASE("the stage table of --stats shows wall and CPU seconds per stage", "[pipeline][metrics]") {
  const std::string table = format_stage_times(sample());
  for (const char* stage : {"setup ", "fetch ", "parse ", "extract ", "workers ", "store ", "commit ", "flush ",
                            "total ", "close "})
    CHECK(table.find(std::string("\n") + stage) != std::string::npos);
  CHECK(table.find("0.125") != std::string::npos);  // setup wall
  CHECK(table.find("0.062") != std::string::npos);  // close wall
  CHECK(table.find("0.350") != std::string::npos);  // store CPU
  CHECK(table.find("\ncommit     0.210") != std::string::npos);  // the writer's time inside RocksDB's writes
  CHECK(table.find("\nflush      0.047") != std::string::npos);  // the last flush
  CHECK(table.find("1.250") != std::string::npos);  // total wall
}
