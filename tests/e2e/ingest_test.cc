// End to end: the chipwire binary ingests fixture feeds from a real HTTP server
// on 127.0.0.1 into a temp data directory, and the events it prints are checked.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/test_http_server.h"
#include "tests/test_support.h"

using namespace chipwire::testing;
using nlohmann::json;

namespace {

struct Site {
  TestHttpServer server{static_files({
      {"/policy.xml", {"application/rss+xml", read_file(fixture("e2e/policy.xml"))}},
      {"/second.atom", {"application/atom+xml", read_file(fixture("e2e/second_outlet.atom"))}},
      {"/wall.html", {"text/html", read_file(fixture("e2e/not_a_feed.html"))}},
  })};
};

std::string config_for(const std::vector<std::string>& urls) {
  std::string c = "allow_private_addresses = true\n";
  for (const auto& u : urls) c += "\n[[feed]]\nurl = \"" + u + "\"\n";
  return c;
}

const json* find_event(const std::vector<json>& events, const std::string& type) {
  for (const auto& e : events)
    if (e["type"] == type) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("ingest over HTTP stores the import approval once, with both outlets", "[e2e][ingest]") {
  Site site;
  TempDir dir;
  const auto config = dir.path() / "chipwire.toml";
  write_file(config, config_for({site.server.url("/policy.xml"), site.server.url("/second.atom")}));
  const std::string db = (dir.path() / "data").string();

  const auto first = run_chipwire({"--config", config.string(), "--db", db, "ingest"});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("2 polled") != std::string::npos);

  const auto listed = run_chipwire({"--config", config.string(), "--db", db, "events", "--format", "jsonl"});
  REQUIRE(listed.exit_code == 0);
  const auto events = parse_jsonl(listed.out);
  const json* e = find_event(events, "import_approval");
  REQUIRE(e != nullptr);
  CHECK((*e)["actor"] == "CN");
  CHECK((*e)["modality"] == "asserted");
  CHECK((*e)["chips"] == json::array({"h200"}));
  const auto companies = (*e)["companies"].get<std::vector<std::string>>();
  CHECK(std::find(companies.begin(), companies.end(), "nvidia") != companies.end());
  CHECK(std::find(companies.begin(), companies.end(), "tencent") != companies.end());
  CHECK(std::find(companies.begin(), companies.end(), "baidu") != companies.end());
  CHECK((*e)["articles"] == 2);
  CHECK((*e)["sources"] == 2);
  CHECK(events.size() == 1);  // the fish-and-chips item yields no event

  SECTION("a second ingest stores nothing new and changes no count") {
    const auto again = run_chipwire({"--config", config.string(), "--db", db, "ingest", "--all"});
    INFO(again.err);
    REQUIRE(again.exit_code == 0);
    CHECK(again.out.find(" 0 new articles, 0 new events") != std::string::npos);
    const auto relisted = run_chipwire({"--config", config.string(), "--db", db, "events", "--format", "jsonl"});
    CHECK(parse_jsonl(relisted.out) == events);
  }

  SECTION("filters narrow the list") {
    const auto by_chip = run_chipwire({"--db", db, "events", "--chip", "h200", "--format", "jsonl"});
    CHECK(parse_jsonl(by_chip.out).size() == 1);
    const auto none = run_chipwire({"--db", db, "events", "--company", "intel", "--format", "jsonl"});
    CHECK(parse_jsonl(none.out).empty());
    const auto later = run_chipwire({"--db", db, "events", "--since", "2026-02-01", "--format", "jsonl"});
    CHECK(parse_jsonl(later.out).empty());
  }
}

TEST_CASE("failing feeds are named on stderr, the others still go in, exit 1", "[e2e][ingest]") {
  Site site;
  TempDir dir;
  const auto config = dir.path() / "chipwire.toml";
  // A closed port: bind, learn the port, close.
  std::string refused;
  {
    TestHttpServer closed([](const HttpRequest&, HttpConnection&) {});
    refused = closed.url("/feed.xml");
  }
  write_file(config, config_for({site.server.url("/policy.xml"), site.server.url("/missing.xml"),
                                 site.server.url("/wall.html"), refused}));
  const std::string db = (dir.path() / "data").string();
  const auto r = run_chipwire({"--config", config.string(), "--db", db, "ingest"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(site.server.url("/missing.xml")) != std::string::npos);
  CHECK(r.err.find("http_4xx") != std::string::npos);
  CHECK(r.err.find("not_a_feed") != std::string::npos);
  CHECK(r.err.find("connect") != std::string::npos);
  const auto listed = run_chipwire({"--db", db, "events", "--format", "jsonl"});
  CHECK(find_event(parse_jsonl(listed.out), "import_approval") != nullptr);
  const auto feeds = run_chipwire({"--config", config.string(), "--db", db, "feeds", "list", "--format", "jsonl"});
  int failing = 0;
  for (const auto& f : parse_jsonl(feeds.out)) failing += f["health"] == "failing";
  CHECK(failing == 3);
}

TEST_CASE("ingest reports: quiet summary, --metrics file, --stats table, --log-format json", "[e2e][ingest]") {
  Site site;
  TempDir dir;
  const auto config = dir.path() / "chipwire.toml";
  write_file(config, config_for({site.server.url("/policy.xml"), site.server.url("/missing.xml")}));
  const std::string db = (dir.path() / "data").string();
  const auto metrics = dir.path() / "chipwire.prom";
  const auto r = run_chipwire({"--config", config.string(), "--db", db, "ingest", "--metrics", metrics.string(),
                               "--stats", "--log-format", "json"});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // one feed failed
  // stdout: the one summary line, nothing else.
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  CHECK(r.out.find("feeds 2 polled, 0 unchanged, 1 failed") == 0);
  // stderr: the failure as one JSON object per line, then the stage table.
  bool logged = false;
  std::istringstream err(r.err);
  std::string line;
  while (std::getline(err, line)) {
    if (line.empty() || line[0] != '{') continue;
    const json j = json::parse(line);
    CHECK(j["level"] == "error");
    CHECK(j["feed"] == site.server.url("/missing.xml"));
    CHECK(j["error"] == "http_4xx");
    logged = true;
  }
  CHECK(logged);
  for (const char* stage : {"\nfetch ", "\nparse ", "\nextract ", "\nstore ", "\ntotal "})
    CHECK(r.err.find(stage) != std::string::npos);
  const std::string prom = read_file(metrics);
  CHECK(prom.find("chipwire_ingest_feeds{outcome=\"failed\"} 1") != std::string::npos);
  CHECK(prom.find("chipwire_ingest_feed_errors{type=\"http_4xx\"} 1") != std::string::npos);
  CHECK(prom.find("chipwire_ingest_new_events 1") != std::string::npos);
  // The writer's time inside RocksDB's writes is measured, and is part of its time.
  auto sample = [&](const std::string& name) {
    const auto at = prom.find(name + " ");
    REQUIRE(at != std::string::npos);
    return std::stod(prom.substr(at + name.size() + 1));
  };
  const double commit = sample("chipwire_ingest_stage_seconds{stage=\"commit\"}");
  CHECK(commit > 0);
  CHECK(commit <= sample("chipwire_ingest_stage_seconds{stage=\"store\"}"));
  // So is the last flush, which wrote this run's articles to files.
  CHECK(sample("chipwire_ingest_stage_seconds{stage=\"flush\"}") > 0);
}

TEST_CASE("config errors name the file and line and exit 2", "[e2e][config]") {
  TempDir dir;
  const auto config = dir.path() / "bad.toml";
  write_file(config, "allow_private_addresses = true\n\n[[feed]]\nurl = \"http://x/\"\nintervall = \"5m\"\n");
  const auto r = run_chipwire({"--config", config.string(), "--db", (dir.path() / "d").string(), "ingest"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.toml:5: unknown key 'intervall'") != std::string::npos);

  write_file(config, "[[feed]\nurl = 1\n");
  const auto broken = run_chipwire({"--config", config.string(), "ingest"});
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("bad.toml:1:") != std::string::npos);

  const auto missing = run_chipwire({"--config", (dir.path() / "nope.toml").string(), "ingest"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nope.toml") != std::string::npos);

  write_file(config, "keep_document_hours = -1\n");
  const auto negative = run_chipwire({"--config", config.string(), "--db", (dir.path() / "d").string(), "ingest"});
  CHECK(negative.exit_code == 2);
  CHECK(negative.err.find("bad.toml:1:") != std::string::npos);
  CHECK(negative.err.find("keep_document_hours must be a number of hours from 0") != std::string::npos);

  write_file(config, "\ncheckpoint_seconds = \"30s\"\n");
  const auto text = run_chipwire({"--config", config.string(), "--db", (dir.path() / "d").string(), "ingest"});
  CHECK(text.exit_code == 2);
  CHECK(text.err.find("bad.toml:2:") != std::string::npos);
  CHECK(text.err.find("checkpoint_seconds must be a number of seconds from 0 to 86400") != std::string::npos);
}

TEST_CASE("a broken rule pack stops ingest before any store is made: exit 2, file and line", "[e2e][config]") {
  Site site;
  TempDir dir;
  const auto config = dir.path() / "chipwire.toml";
  write_file(config, config_for({site.server.url("/policy.xml")}));
  const auto rules = dir.path() / "rules";
  std::filesystem::copy(std::filesystem::path(CHIPWIRE_SOURCE_DIR) / "rules", rules);
  write_file(rules / "companies.rules", "company nvidia\n  name: Nvidia\n  colour: green\n");
  const auto db = dir.path() / "data";
  const auto r = run_chipwire({"--config", config.string(), "--db", db.string(), "--rules", rules.string(), "ingest"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("companies.rules:3") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db / "CURRENT"));
}

TEST_CASE("a second ingest on a held data directory exits 75 at once", "[e2e][lock]") {
  Site site;
  TempDir dir;
  const auto config = dir.path() / "chipwire.toml";
  write_file(config, config_for({site.server.url("/policy.xml")}));
  const std::string db = (dir.path() / "data").string();
  std::filesystem::create_directories(db);
  const int fd = ::open((db + "/ingest.lock").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  const auto r = run_chipwire({"--config", config.string(), "--db", db, "ingest"});
  ::close(fd);
  CHECK(r.exit_code == 75);
  CHECK(r.err.find("another ingest") != std::string::npos);
  const auto after = run_chipwire({"--config", config.string(), "--db", db, "ingest"});
  CHECK(after.exit_code == 0);
}

TEST_CASE("usage errors say what was meant and exit 2", "[e2e][cli]") {
  const auto r = run_chipwire({"evnets"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("did you mean 'events'") != std::string::npos);
  const auto flag = run_chipwire({"events", "--compnay", "nvidia"});
  CHECK(flag.exit_code == 2);
  CHECK(flag.err.find("did you mean --company") != std::string::npos);
  const auto help = run_chipwire({"events", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--min-sources") != std::string::npos);
  const auto date = run_chipwire({"events", "--since", "yesterday"});
  CHECK(date.exit_code == 2);
}

TEST_CASE("reading a directory with no store exits 3", "[e2e][store]") {
  TempDir dir;
  const auto r = run_chipwire({"--db", (dir.path() / "nothing-here").string(), "events"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("nothing-here") != std::string::npos);
}
