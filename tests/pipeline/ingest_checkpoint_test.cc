// An ingest's store writes no log: what a kill keeps is what the store had
// flushed, and checkpoint_seconds decides how often that happens. A child
// process ingests four local feeds and is killed once two are written; the
// parent counts the feeds whose state survived.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pipeline/ingest.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

std::string rss(int feed) {
  std::string items;
  for (int i = 0; i < 3; ++i)
    items += "<item><title>Story " + std::to_string(feed) + "." + std::to_string(i) + "</title><link>https://f" +
             std::to_string(feed) + ".example/" + std::to_string(i) + "</link><description>Text.</description></item>";
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed " + std::to_string(feed) +
         "</title>" + items + "</channel></rss>";
}

// The number of feeds with a stored state after a child ingested `config`
// into a log-less store and was killed when its second feed was done.
std::size_t feeds_kept_after_kill(const std::string& db, const Config& config, const std::string& rules_dir) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    auto rules = RulePack::load(rules_dir);
    StoreOptions so;
    so.mode = OpenMode::writer;
    so.log_writes = false;  // as chipwire ingest opens it
    auto store = Store::open(db, so);
    if (!rules.ok() || !store.ok()) _exit(2);
    IngestOptions options;
    options.workers = 1;
    options.on_feed_done = [](std::size_t done, std::size_t) {
      if (done == 2) kill(getpid(), SIGKILL);
    };
    (void)run_ingest(config, **rules, **store, options);
    _exit(3);  // not reached: the second feed is always done
  }
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  StoreOptions so;
  so.mode = OpenMode::writer;
  auto store = Store::open(db, so);
  REQUIRE(store.ok());
  auto states = (*store)->feed_states();
  REQUIRE(states.ok());
  return states->size();
}

}  // namespace

TEST_CASE("a killed ingest keeps the feeds its checkpoints flushed, and only those", "[pipeline][ingest][durability]") {
  TempDir dir;
  Config config;
  for (int f = 0; f < 4; ++f) {
    const auto path = dir.path() / ("feed" + std::to_string(f) + ".xml");
    write_file(path, rss(f));
    FeedConfig feed;
    feed.url = path.string();
    config.feeds.push_back(feed);
  }
  const std::string rules = std::string(CHIPWIRE_SOURCE_DIR) + "/rules";

  SECTION("checkpoint_seconds = 0: each feed is durable once written") {
    config.checkpoint_seconds = 0;
    CHECK(feeds_kept_after_kill((dir.path() / "db").string(), config, rules) == 2);
  }
  SECTION("the default: nothing is flushed yet after two small feeds, so nothing is kept") {
    REQUIRE(config.checkpoint_seconds == 30);
    CHECK(feeds_kept_after_kill((dir.path() / "db").string(), config, rules) == 0);
  }
}
