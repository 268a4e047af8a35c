// Store: one real-world event from many articles; counts of mentions, articles
// and independent sources; re-ingest as a no-op; edits that re-extract; the
// week window of the dedup key; prune and backup.
#include <catch2/catch.hpp>

#include "core/simhash.h"
#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

const UnixSeconds kWed = to_unix(2026, 1, 14, 8, 0, 0);  // 2026-W03
const std::string kWire =
    "WASHINGTON (Reuters) - The U.S. Commerce Department said on Wednesday it would require licences for exports "
    "of Nvidia H20 chips to China, tightening curbs on advanced semiconductors.";

Action us_h20() { return make_action("export_control", "US", {"nvidia"}, {"h20"}, "CN"); }

Event only_event(Store& s) {
  auto ev = s.events({});
  REQUIRE(ev.ok());
  REQUIRE(ev->size() == 1);
  return ev->front();
}

}  // namespace

TEST_CASE("one story from several outlets and feeds is one event with exact counts", "[storage][events]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  auto r1 = store->write_article(
      make_write("https://reuters.com/a", "reuters.com", "f1", "US curbs Nvidia H20 exports", kWire, kWed, {us_h20()}));
  REQUIRE(r1.ok());
  CHECK(r1->new_article);
  CHECK(r1->new_events == 1);
  CHECK(r1->new_mentions == 1);

  // An independent outlet, other words, two sentences stating the action.
  auto a2 = make_write("https://ft.com/b", "ft.com", "f2", "Washington tightens chip rules",
                       "Nvidia must now seek a licence to ship H20 processors to China. The H20 rule is new.",
                       kWed + 7200, {us_h20(), make_action("export_control", "US", {"nvidia"}, {"h20"}, "CN",
                                                           "asserted", {40, 70}, "r/other")});
  REQUIRE(store->write_article(a2).ok());
  Event e = only_event(*store);
  CHECK(e.mentions == 3);
  CHECK(e.articles == 2);
  CHECK(e.sources == 2);

  // Syndicated copies of the wire story on two other sites: more articles, no more sources.
  for (std::string site : {"yahoo.com", "marketscreener.com"}) {
    auto copy = make_write("https://" + site + "/x", site, "f3", "US curbs Nvidia H20 exports",
                           kWire + (site == "yahoo.com" ? "" : " "), kWed + 9000, {us_h20()});
    REQUIRE(store->write_article(copy).ok());
  }
  // A second Reuters article (same outlet, different text): one more article, same source.
  REQUIRE(store
              ->write_article(make_write("https://reuters.com/c", "reuters.com", "f1", "Nvidia shares fall",
                                         "Nvidia shares fell after the H20 licence rule for China.", kWed + 20000,
                                         {us_h20()}))
              .ok());
  // The same canonical URL from another feed: one article with two feeds.
  auto again = make_write("https://ft.com/b", "ft.com", "f9", a2.article.title, a2.article.text, kWed + 7200,
                          a2.extraction.actions);
  auto rr = store->write_article(again);
  REQUIRE(rr.ok());
  CHECK(rr->unchanged);

  e = only_event(*store);
  CHECK(e.articles == 5);
  CHECK(e.mentions == 6);
  CHECK(e.sources == 2);  // reuters (+ its syndicated copies) and ft
  CHECK(e.first_seen == kWed);
  CHECK(e.last_seen == kWed + 20000);
  CHECK(e.type == "export_control");
  CHECK(e.actor == std::optional<std::string>("US"));
  CHECK(e.target_country == std::optional<std::string>("CN"));
  auto ft = store->article(a2.article.id);
  REQUIRE(ft.ok());
  REQUIRE(*ft);
  CHECK((*ft)->feeds == std::vector<std::string>{"f2", "f9"});
  EventQuery by_feed;
  by_feed.feed = "f9";
  CHECK(store->events(by_feed)->size() == 1);

  auto ms = store->mentions(e.id);
  REQUIRE(ms.ok());
  CHECK(ms->size() == 6);
  CHECK(ms->front().article_date == kWed + 20000);  // newest first
  auto key = store->event_key(e.id);
  REQUIRE(key.ok());
  CHECK(*key == "v2|type=export_control|actor=US|companies=|chips=h20|target=CN|week=2026-W03");
}

TEST_CASE("an action naming chips is keyed by its chips; the event lists every company its mentions name",
          "[storage][events]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  // The README's example: one outlet names only Nvidia, two others the buyers too.
  const auto approval = [](std::vector<std::string> companies) {
    return make_action("import_approval", "CN", std::move(companies), {"h200"});
  };
  REQUIRE(store->write_article(make_write("https://a.com/1", "a.com", "f1", "China approves H200 imports",
                                          "China has begun approving imports of Nvidia's H200.", kWed,
                                          {approval({"nvidia"})}))
              .ok());
  auto buyers = make_write("https://b.com/1", "b.com", "f2", "Tencent, Baidu cleared to buy H200",
                           "Beijing approved H200 purchases by Tencent and Baidu from Nvidia.", kWed + 3600,
                           {approval({"baidu", "nvidia", "tencent"})});
  REQUIRE(store->write_article(buyers).ok());
  Event e = only_event(*store);
  CHECK(e.mentions == 2);
  CHECK(e.sources == 2);
  CHECK(e.chips == std::vector<std::string>{"h200"});
  CHECK(e.companies == std::vector<std::string>{"baidu", "nvidia", "tencent"});
  CHECK(store->event_key(e.id).value() == "v2|type=import_approval|actor=CN|companies=|chips=h200|target=-|week=2026-W03");
  // Every company's index finds it, alone and with the type.
  for (std::string company : {"baidu", "nvidia", "tencent"}) {
    EventQuery q;
    q.company = company;
    CHECK(store->events(q)->size() == 1);
    q.type = "import_approval";
    CHECK(store->events(q)->size() == 1);
  }

  // The article naming the buyers is edited to drop its action: the event shrinks
  // back to Nvidia, and the buyers' index entries go with them.
  auto retracted = edited(buyers, " Correction: no approval yet.");
  retracted.extraction.actions.clear();
  REQUIRE(store->write_article(retracted).ok());
  e = only_event(*store);
  CHECK(e.mentions == 1);
  CHECK(e.companies == std::vector<std::string>{"nvidia"});
  EventQuery tencent;
  tencent.company = "tencent";
  CHECK(store->events(tencent)->empty());
  tencent.type = "import_approval";
  CHECK(store->events(tencent)->empty());

  // Without chips, the companies are the key: two company sets are two events.
  REQUIRE(store->write_article(make_write("https://c.com/1", "c.com", "f1", "EU probes Microsoft", "x", kWed,
                                          {make_action("investigation", "EU", {"microsoft"}, {})}))
              .ok());
  REQUIRE(store->write_article(make_write("https://d.com/1", "d.com", "f1", "EU probes Microsoft, Activision", "y",
                                          kWed, {make_action("investigation", "EU", {"activision", "microsoft"}, {})}))
              .ok());
  EventQuery probes;
  probes.type = "investigation";
  CHECK(store->events(probes)->size() == 2);
}

TEST_CASE("near-duplicate fingerprints: syndicated copies are a few bits apart", "[storage][simhash]") {
  const auto a = simhash64("US curbs Nvidia H20 exports", kWire);
  const auto b = simhash64("US curbs Nvidia H20 exports", kWire + " (Reporting by Karen Freifeld)");
  const auto b2 = simhash64("US curbs Nvidia H20 exports - Yahoo Finance", kWire);
  const auto b3 = simhash64("U.S. curbs Nvidia H20 exports", kWire);
  const auto c = simhash64("Nvidia shares fall", "Nvidia shares fell after the H20 licence rule for China.");
  CHECK(hamming64(a, b) <= kStoryClusterBits);
  CHECK(hamming64(a, b2) <= kStoryClusterBits);
  CHECK(hamming64(a, b3) <= kStoryClusterBits);
  CHECK(hamming64(a, c) > 10);
}

TEST_CASE("re-ingesting the same input changes no key and no value", "[storage][events]") {
  TempDir dir;
  std::vector<ArticleWrite> writes = {
      make_write("https://reuters.com/a", "reuters.com", "f1", "T1", kWire, kWed, {us_h20()},
                 {{"action_without_target", "", "x"}}),
      make_write("https://ft.com/b", "ft.com", "f2", "T2", "Other words about H20 licences.", kWed + 60, {us_h20()}),
  };
  writes[0].raw_body = "<rss>...</rss>";
  writes[0].raw_content_type = "application/rss+xml";
  {
    auto store = open_writer(dir.str());
    for (const auto& w : writes) REQUIRE(store->write_article(w).ok());
  }
  const auto before = dump_store(dir.str());
  {
    auto store = open_writer(dir.str());
    for (const auto& w : writes) {
      auto r = store->write_article(w);
      REQUIRE(r.ok());
      CHECK(r->unchanged);
      CHECK(r->new_events == 0);
      CHECK(r->new_mentions == 0);
    }
  }
  CHECK(dump_store(dir.str()) == before);

  // Seen again within the day (a feed polled every few minutes): nothing is
  // rewritten for last_seen alone.
  {
    auto store = open_writer(dir.str());
    for (auto w : writes) {
      w.article.last_seen += kLastSeenStep - 1;
      auto r = store->write_article(w);
      REQUIRE(r.ok());
      CHECK(r->unchanged);
    }
    CHECK(store->article(writes[0].article.id).value()->last_seen == writes[0].article.last_seen);
  }
  CHECK(dump_store(dir.str()) == before);

  // Seen again a day later: only the article records move (last_seen).
  {
    auto store = open_writer(dir.str());
    for (auto w : writes) {
      w.article.last_seen += kLastSeenStep;
      REQUIRE(store->write_article(w).ok());
    }
    CHECK(store->article(writes[0].article.id).value()->last_seen == writes[0].article.last_seen + kLastSeenStep);
  }
  auto after = dump_store(dir.str());
  auto b = before;
  after.erase("articles");
  b.erase("articles");
  CHECK(after == b);
}

TEST_CASE("an edited article keeps its revision, re-extracts and counts adjust", "[storage][events]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  auto w = make_write("https://reuters.com/a", "reuters.com", "f1", "T", kWire, kWed, {us_h20()});
  w.raw_body = "first body";
  REQUIRE(store->write_article(w).ok());
  REQUIRE(store->write_article(make_write("https://ft.com/b", "ft.com", "f2", "T2", "Other text.", kWed + 60,
                                          {us_h20()}))
              .ok());
  CHECK(only_event(*store).articles == 2);

  // Edit 1: same action, new wording: a new revision, same counts, no flag.
  auto e1 = edited(w, " Updated with comment.");
  e1.raw_body = "second body";
  auto r = store->write_article(e1);
  REQUIRE(r.ok());
  CHECK(r->changed);
  CHECK(r->flags == 0);
  Event e = only_event(*store);
  CHECK(e.articles == 2);
  CHECK(e.mentions == 2);

  // Edit 2: the action now names the H200 instead: the old event loses this
  // article, a new event gets it, and the revision is flagged.
  auto e2 = edited(e1, " Correction: the rule concerns the H200.");
  e2.extraction.actions = {make_action("export_control", "US", {"nvidia"}, {"h200"}, "CN")};
  r = store->write_article(e2);
  REQUIRE(r.ok());
  CHECK(r->changed);
  CHECK(r->new_events == 1);
  CHECK(r->flags == 1);
  auto all = store->events({});
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  for (const auto& ev : *all) {
    CHECK(ev.articles == 1);
    CHECK(ev.mentions == 1);
    if (ev.chips == std::vector<std::string>{"h200"}) CHECK(ev.review == "open");
  }
  auto revs = store->revisions(w.article.id);
  REQUIRE(revs.ok());
  REQUIRE(revs->size() == 2);
  CHECK(revs->at(0).article.revision == 1);
  CHECK(revs->at(1).article.revision == 2);
  CHECK(store->article(w.article.id).value()->revision == 3);
  auto item = store->review_item(w.article.id);
  REQUIRE(item.ok());
  REQUIRE(*item);
  CHECK((*item)->state == "open");
  CHECK((*item)->reasons.at(0).reason == "revision_changed_actions");
  auto cur = store->stored_article(w.article.id).value();
  auto body = store->raw_body(cur->raw_key);
  REQUIRE(body.ok());
  REQUIRE(*body);
  CHECK((*body)->body == "second body");

  // Edit 3: the action disappears: the H200 event has no mention left and goes.
  auto e3 = edited(e2, " Retracted.");
  e3.extraction.actions.clear();
  REQUIRE(store->write_article(e3).ok());
  e = only_event(*store);
  CHECK(e.articles == 1);
  CHECK(e.chips == std::vector<std::string>{"h20"});
}

TEST_CASE("the week window: Sunday and Monday stay one event, two weeks apart do not", "[storage][events]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  const UnixSeconds sunday = to_unix(2026, 1, 18, 22, 0, 0);  // 2026-W03
  const UnixSeconds monday = to_unix(2026, 1, 19, 7, 0, 0);   // 2026-W04
  REQUIRE(store->write_article(make_write("https://a.com/1", "a.com", "f", "t", "x", monday, {us_h20()})).ok());
  REQUIRE(store->write_article(make_write("https://b.com/1", "b.com", "f", "t", "y", sunday, {us_h20()})).ok());
  Event e = only_event(*store);
  CHECK(e.articles == 2);
  CHECK(e.first_seen == sunday);
  // Far from the event's dates (late in the next week): a new event.
  REQUIRE(store
              ->write_article(make_write("https://c.com/1", "c.com", "f", "t", "z", to_unix(2026, 1, 31, 9, 0, 0),
                                         {us_h20()}))
              .ok());
  CHECK(store->events({})->size() == 2);
  // Modality is not in the key: a planned report and an asserted one are one event,
  // shown with the latest report's modality.
  REQUIRE(store
              ->write_article(make_write("https://d.com/1", "d.com", "f", "t", "w", monday + 3600,
                                         {make_action("export_control", "US", {"nvidia"}, {"h20"}, "CN", "planned")}))
              .ok());
  auto ev = store->events({});
  REQUIRE(ev->size() == 2);
  CHECK(ev->back().articles == 3);
  CHECK(ev->back().modality == "planned");
}

TEST_CASE("prune removes old articles and bodies; events and counts stay", "[storage][prune]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  auto old_w = make_write("https://a.com/1", "a.com", "f", "t", "x", kWed, {us_h20()});
  old_w.raw_body = "old body";
  auto new_w = make_write("https://b.com/1", "b.com", "f", "t", "y", kWed + 86400 * 30, {us_h20()});
  new_w.raw_body = "new body";
  auto new_w2 = make_write("https://c.com/1", "c.com", "f", "t", "z", kWed + 86400 * 3, {us_h20()});
  for (const auto& w : {old_w, new_w, new_w2}) REQUIRE(store->write_article(w).ok());
  auto before = store->events({}).value();
  auto p = store->prune(kWed + 86400 * 10);
  REQUIRE(p.ok());
  CHECK(p->articles_removed == 2);
  CHECK(p->raw_removed == 1);
  CHECK(store->article(old_w.article.id).value() == std::nullopt);
  CHECK(store->articles({})->size() == 1);
  auto after = store->events({}).value();
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].id == before[i].id);
    CHECK(after[i].articles == before[i].articles);
    CHECK(after[i].mentions == before[i].mentions);
  }
  // The pruned article comes back through a feed: no double count.
  REQUIRE(store->write_article(old_w).ok());
  auto again = store->events({}).value();
  for (std::size_t i = 0; i < again.size(); ++i) CHECK(again[i].articles == before[i].articles);
}

TEST_CASE("prune removes an article only when its stored last_seen is kLastSeenLag or more before the date",
          "[storage][prune]") {
  // A re-poll within a day does not rewrite an unchanged article, and an
  // unchanged feed body is re-read only once a day (the ingest), so the article
  // may have been seen up to kLastSeenLag after its stored last_seen.
  TempDir dir;
  auto store = open_writer(dir.str());
  const UnixSeconds cutoff = kWed + 86400 * 10;
  auto recent = make_write("https://a.com/1", "a.com", "f", "t", "x", kWed);
  recent.article.first_seen = recent.article.last_seen = cutoff - kLastSeenLag + 60;
  auto old = make_write("https://b.com/1", "b.com", "f", "t", "y", kWed);
  old.article.first_seen = old.article.last_seen = cutoff - kLastSeenLag;
  for (const auto& w : {recent, old}) REQUIRE(store->write_article(w).ok());
  // Seen again less than a day later: nothing is rewritten, the stored date stays.
  auto seen = recent;
  seen.article.last_seen += kLastSeenStep - 1;
  REQUIRE(store->write_article(seen)->unchanged);
  REQUIRE(store->article(recent.article.id).value()->last_seen == cutoff - kLastSeenLag + 60);

  auto p = store->prune(cutoff);
  REQUIRE(p.ok());
  CHECK(p->articles_removed == 1);
  CHECK(store->article(recent.article.id).value() != std::nullopt);
  CHECK(store->article(old.article.id).value() == std::nullopt);
}

TEST_CASE("backup is a store of its own", "[storage][backup]") {
  TempDir dir;
  const std::string target = dir.str() + "/backup";
  {
    auto store = open_writer(dir.str() + "/db");
    REQUIRE(store->write_article(make_write("https://a.com/1", "a.com", "f", "t", "x", kWed, {us_h20()})).ok());
    REQUIRE(store->backup(target).ok());
    CHECK(store->backup(target).code() == Code::invalid_argument);
  }
  auto copy = open_reader(target);
  CHECK(copy->events({})->size() == 1);
}
