// Store: event queries through the indexes agree with a brute-force filter of
// every event, sorted newest first; and a reader (secondary instance) sees
// consistent results while a writer goes on.
#include <atomic>
#include <chrono>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

const std::vector<std::string> kCompanies = {"nvidia", "amd", "intel", "tsmc", "huawei", "smic"};
const std::vector<std::string> kChips = {"h20", "h200", "mi308", "ascend910", "b30a"};
const std::vector<std::string> kTypes = {"export_control", "import_approval", "ban", "tariff"};
const std::vector<std::string> kActors = {"US", "CN", "EU", "NL"};
const std::vector<std::string> kSources = {"reuters.com", "ft.com", "scmp.com", "nikkei.com", "bloomberg.com"};

const UnixSeconds kStart = to_unix(2025, 1, 1, 0, 0, 0);

ArticleWrite random_article(std::mt19937& rng, int n) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<Action> actions;
  const int count = 1 + static_cast<int>(rng() % 2);
  for (int i = 0; i < count; ++i) {
    std::vector<std::string> companies = {pick(kCompanies)};
    if (rng() % 3 == 0) companies.push_back(pick(kCompanies));
    std::sort(companies.begin(), companies.end());
    companies.erase(std::unique(companies.begin(), companies.end()), companies.end());
    std::vector<std::string> chips;
    if (rng() % 2) chips.push_back(pick(kChips));
    std::optional<std::string> actor;
    if (rng() % 5) actor = pick(kActors);
    actions.push_back(make_action(pick(kTypes), actor, companies, chips, std::nullopt,
                                  rng() % 3 ? "asserted" : "planned", {std::size_t(i) * 10, std::size_t(i) * 10 + 5}));
  }
  const UnixSeconds published = kStart + static_cast<UnixSeconds>(rng() % (200 * 86400));
  const std::string source = pick(kSources);
  return make_write("https://" + source + "/" + std::to_string(n), source, "feed-" + std::to_string(rng() % 3),
                    "title " + std::to_string(n), "text " + std::to_string(n) + " " + std::to_string(rng()),
                    published, actions);
}

bool matches(const Event& e, const EventQuery& q) {
  auto has = [](const std::vector<std::string>& v, const std::optional<std::string>& x) {
    return !x || std::find(v.begin(), v.end(), *x) != v.end();
  };
  return has(e.companies, q.company) && has(e.chips, q.chip) && (!q.type || e.type == *q.type) &&
         (!q.actor || e.actor == q.actor) && (!q.modality || e.modality == *q.modality) &&
         (!q.since || e.first_seen >= *q.since) && (!q.until || e.first_seen < *q.until) &&
         e.sources >= q.min_sources;
}

}  // namespace

TEST_CASE("every filter through the indexes agrees with a brute-force filter", "[storage][query]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  std::mt19937 rng(42);
  for (int i = 0; i < 400; ++i) REQUIRE(store->write_article(random_article(rng, i)).ok());
  auto all = store->events({});
  REQUIRE(all.ok());
  REQUIRE(all->size() > 100);
  for (std::size_t i = 1; i < all->size(); ++i) CHECK((*all)[i - 1].first_seen >= (*all)[i].first_seen);

  for (int round = 0; round < 300; ++round) {
    EventQuery q;
    auto maybe = [&](const std::vector<std::string>& v) -> std::optional<std::string> {
      if (rng() % 2) return std::nullopt;
      return v[rng() % v.size()];
    };
    q.company = maybe(kCompanies);
    q.chip = rng() % 3 == 0 ? maybe(kChips) : std::nullopt;
    q.type = maybe(kTypes);
    q.actor = rng() % 3 == 0 ? maybe(kActors) : std::nullopt;
    if (rng() % 4 == 0) q.modality = "planned";
    if (rng() % 2) q.since = kStart + static_cast<UnixSeconds>(rng() % (100 * 86400));
    if (rng() % 2) q.until = kStart + static_cast<UnixSeconds>(50 * 86400 + rng() % (150 * 86400));
    // The index is cut into calendar quarters: ranges that start or end on a
    // month's first second (every third one a quarter's), one second either
    // side, or after the last event.
    auto at_month_edge = [&](UnixSeconds t) {
      const UnixSeconds start = month_start(months_since_epoch(t));
      return start + static_cast<UnixSeconds>(rng() % 3) - 1;
    };
    if (q.since && rng() % 3 == 0) q.since = at_month_edge(*q.since);
    if (q.until && rng() % 3 == 0) q.until = at_month_edge(*q.until);
    if (rng() % 20 == 0) q.until = to_unix(2026, 3, 1, 0, 0, 0);  // months after the last event
    if (rng() % 4 == 0) q.min_sources = 2;
    if (rng() % 3 == 0) q.limit = 1 + rng() % 10;

    std::vector<std::string> expected;
    for (const auto& e : *all)
      if (matches(e, q)) expected.push_back(e.id);
    if (q.limit && expected.size() > q.limit) expected.resize(q.limit);
    auto got = store->events(q);
    REQUIRE(got.ok());
    std::vector<std::string> ids;
    for (const auto& e : *got) ids.push_back(e.id);
    INFO("round " << round);
    CHECK(ids == expected);
  }
  EventQuery by_feed;
  by_feed.feed = "feed-1";
  CHECK_FALSE(store->events(by_feed)->empty());

  // A plain listing reads the covering entries' summaries, a company query the
  // event records: the same events either way.
  std::map<std::string, Event> listed;
  for (const auto& e : *all) listed.emplace(e.id, e);
  std::size_t compared = 0;
  for (const auto& company : kCompanies) {
    EventQuery q;
    q.company = company;
    const auto found = store->events(q);
    REQUIRE(found.ok());
    for (const auto& e : *found) {
      const Event& l = listed.at(e.id);
      INFO(e.id);
      CHECK(l.type == e.type);
      CHECK(l.actor == e.actor);
      CHECK(l.modality == e.modality);
      CHECK(l.companies == e.companies);
      CHECK(l.chips == e.chips);
      CHECK(l.target_country == e.target_country);
      CHECK(l.first_seen == e.first_seen);
      CHECK(l.last_seen == e.last_seen);
      CHECK(l.articles == e.articles);
      CHECK(l.sources == e.sources);
      CHECK(l.mentions == e.mentions);
      CHECK(l.review == e.review);
      ++compared;
    }
  }
  CHECK(compared >= all->size());

  auto stats = store->stats();
  REQUIRE(stats.ok());
  CHECK(stats->events == all->size());
  std::uint64_t typed = 0;
  for (const auto& [t, n] : stats->by_type) typed += n;
  CHECK(typed == all->size());
  CHECK(stats->articles == 400);

  ArticleQuery aq;
  aq.limit = 10;
  auto arts = store->articles(aq);
  REQUIRE(arts.ok());
  CHECK(arts->size() == 10);
  for (std::size_t i = 1; i < arts->size(); ++i)
    CHECK((*arts)[i - 1].published.value_or(0) >= (*arts)[i].published.value_or(0));
  aq.feed = "feed-2";
  aq.limit = 0;
  const auto feed2 = store->articles(aq).value();
  for (const auto& a : feed2) CHECK(a.feeds.at(0) == "feed-2");
}

TEST_CASE("a reader sees consistent events while the writer goes on", "[storage][reader]") {
  TempDir dir;
  auto writer = open_writer(dir.str());
  std::mt19937 seed_rng(7);
  REQUIRE(writer->write_article(random_article(seed_rng, 0)).ok());
  REQUIRE(writer->flush().ok());  // article batches reach readers at the next flushed write
  auto reader = open_reader(dir.str());
  REQUIRE(reader->refresh().ok());
  CHECK(reader->events({})->size() >= 1);
  CHECK(reader->write_article(random_article(seed_rng, 1)).status().code() == Code::invalid_argument);

  std::atomic<bool> done{false};
  std::atomic<int> written{0};
  std::atomic<int> checks_done{0};
  std::thread w([&] {
    std::mt19937 rng(11);
    // Ten chunks of 300 articles; before each next chunk, wait (at most 60 s)
    // until the reader has checked once more, so reads and writes interleave
    // however busy the machine is.
    int i = 0;
    for (int chunk = 0; chunk < 10; ++chunk) {
      for (int k = 0; k < 300; ++k) {
        auto r = writer->write_article(random_article(rng, ++i));
        if (!r.ok()) return;
        written = i;
      }
      if (!writer->flush().ok()) return;  // a chunk is what one feed's results are in an ingest
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (checks_done <= chunk && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    done = true;
  });

  int checks = 0;
  double refresh_seconds = 0;
  std::size_t last_total = 0;
  for (;;) {
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(reader->refresh().ok());
    const auto t1 = std::chrono::steady_clock::now();
    auto ev = reader->events({});
    REQUIRE(ev.ok());
    std::uint64_t mention_sum = 0;
    std::size_t sampled = 0;
    for (const auto& e : *ev) {
      mention_sum += e.mentions;
      if (++sampled > 100) continue;  // the newest 100 are checked mention by mention
      auto ms = reader->mentions(e.id);
      REQUIRE(ms.ok());
      // One WriteBatch per article: an event's counts always match its mentions.
      std::uint32_t live = 0;
      std::set<std::string> arts;
      for (const auto& m : *ms) {
        ++live;
        arts.insert(m.article_id);
      }
      CHECK(live == e.mentions);
      CHECK(arts.size() == e.articles);
    }
    // Every article visible to the reader has all of its mentions visible.
    auto arts = reader->articles({});
    REQUIRE(arts.ok());
    std::uint64_t expected_mentions = 0;
    for (const auto& a : *arts) {
      auto sa = reader->stored_article(a.id);
      REQUIRE(sa.ok());
      expected_mentions += (*sa)->extraction.actions.size();
    }
    CHECK(mention_sum == expected_mentions);
    refresh_seconds += std::chrono::duration<double>(t1 - t0).count();
    CHECK(ev->size() >= last_total);  // nothing is ever removed in this run
    last_total = ev->size();
    ++checks;
    if (!done) ++checks_done;
    if (done) break;
  }
  CHECK(checks_done >= 10);
  w.join();
  REQUIRE(reader->refresh().ok());
  CHECK(reader->articles({})->size() == static_cast<std::size_t>(written.load()) + 1);
  WARN("reader made " << checks << " consistent checks during " << written.load() << " writes; catch-up took "
                      << refresh_seconds / checks << " s on average");
}
