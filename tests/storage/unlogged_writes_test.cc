// A writer opened with log_writes = false (what ingest uses): a crash keeps
// exactly what its flushes wrote, and never part of a feed's batch. The same
// crash with the log keeps every feed whose write reached the log.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

const UnixSeconds kMonday = 1733097600;  // 2024-12-02

std::vector<ArticleWrite> poll_of(const std::string& feed, int articles) {
  std::vector<ArticleWrite> ws;
  for (int i = 0; i < articles; ++i)
    ws.push_back(make_write("https://" + feed + ".example/" + std::to_string(i), feed + ".example", feed,
                            "Story " + std::to_string(i), "Text of story " + std::to_string(i) + ".", kMonday));
  ws.push_back(make_write("https://" + feed + ".example/curbs", feed + ".example", feed, "US restricts H20 exports",
                          "The US restricted exports of the H20.", kMonday + 3600,
                          {make_action("export_control", "US", {"nvidia"}, {"h20"})}));
  return ws;
}

FeedState state_of(const std::string& feed) {
  FeedState st;
  st.id = feed;
  st.url = "https://" + feed + ".example/rss";
  st.last_polled = kMonday + 7200;
  return st;
}

// In a child process: writes feed `a` and flushes, writes feed `b`, then is
// killed (no close, no flush). Returns once the child is gone.
void write_then_die(const std::string& dir, bool log_writes) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    auto store = open_writer(dir, log_writes);
    if (!store->write_feed_poll(poll_of("a", 3), state_of("a")).ok() || !store->flush().ok()) _exit(2);
    if (!store->write_feed_poll(poll_of("b", 3), state_of("b")).ok()) _exit(2);
    kill(getpid(), SIGKILL);
    _exit(3);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
}

bool has_feed(Store& store, const std::string& feed) {
  auto st = store.feed_state(feed);
  REQUIRE(st.ok());
  return st->has_value();
}

std::size_t articles_of(Store& store, const std::string& feed) {
  ArticleQuery q;
  q.feed = feed;
  auto list = store.articles(q);
  REQUIRE(list.ok());
  return list->size();
}

// The store's only event: its mentions and articles counts.
std::pair<std::uint32_t, std::uint32_t> the_event_counts(Store& store) {
  auto events = store.events(EventQuery{});
  REQUIRE(events.ok());
  REQUIRE(events->size() == 1);
  return {events->front().mentions, events->front().articles};
}

}  // namespace

TEST_CASE("without the log, a killed writer leaves what its last flush wrote and nothing after it",
          "[storage][durability]") {
  TempDir dir;
  write_then_die(dir.str(), /*log_writes=*/false);
  auto store = open_writer(dir.str());
  CHECK(has_feed(*store, "a"));
  CHECK(articles_of(*store, "a") == 4);
  CHECK_FALSE(has_feed(*store, "b"));
  CHECK(articles_of(*store, "b") == 0);
  // The event is feed a's alone: b's mention of it went with b.
  CHECK(the_event_counts(*store) == std::make_pair(1u, 1u));

  SECTION("and the next writer writes b as if nothing had happened") {
    REQUIRE(store->write_feed_poll(poll_of("b", 3), state_of("b")).ok());
    CHECK(articles_of(*store, "b") == 4);
    CHECK(the_event_counts(*store) == std::make_pair(2u, 2u));
  }
}

TEST_CASE("with the log, a killed writer keeps every feed whose write reached the log", "[storage][durability]") {
  TempDir dir;
  write_then_die(dir.str(), /*log_writes=*/true);
  auto store = open_writer(dir.str());
  CHECK(has_feed(*store, "a"));
  CHECK(has_feed(*store, "b"));
  CHECK(articles_of(*store, "b") == 4);
}

TEST_CASE("without the log, a reader sees what the writer flushed", "[storage][durability]") {
  TempDir dir;
  auto writer = open_writer(dir.str(), /*log_writes=*/false);
  REQUIRE(writer->write_feed_poll(poll_of("a", 2), state_of("a")).ok());
  REQUIRE(writer->flush().ok());
  auto reader = open_reader(dir.str());
  CHECK(has_feed(*reader, "a"));
  CHECK(articles_of(*reader, "a") == 3);
}
