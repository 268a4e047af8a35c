// Store: the review queue. Decisions are keyed by article and action identity,
// survive re-writes and re-extraction, and steer what events() returns.
#include <catch2/catch.hpp>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

const UnixSeconds kWed = to_unix(2026, 1, 14, 8, 0, 0);

ArticleWrite flagged(const std::string& text, std::vector<Action> actions) {
  return make_write("https://a.com/1", "a.com", "feedA", "Title", text, kWed, std::move(actions),
                    {{"low_confidence", "r/test", "0.4 < 0.5"}});
}

// A reviewer's verdict on one action of `w`'s article.
ReviewDecision decision_on(const ArticleWrite& w, const Action& a, const std::string& verdict) {
  ReviewDecision d;
  d.article_id = w.article.id;
  d.verdict = verdict;
  d.action = action_identity(a);
  d.by = "dana";
  return d;
}

}  // namespace

TEST_CASE("a flagged article opens a review item and its events show review open", "[storage][review]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  auto r = store->write_article(flagged("x", {make_action("import_approval", "CN", {"nvidia"}, {"h200"})}));
  REQUIRE(r.ok());
  CHECK(r->flags == 1);
  auto items = store->review_items({});
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  CHECK(items->at(0).state == "open");
  CHECK(items->at(0).reasons.at(0).reason == "low_confidence");
  ReviewQuery q;
  q.reason = "ambiguous_alias";
  CHECK(store->review_items(q)->empty());
  q.reason = "low_confidence";
  q.feed = "feedA";
  CHECK(store->review_items(q)->size() == 1);
  CHECK(store->events({})->at(0).review == "open");
}

TEST_CASE("a rejected action drops out of events and stays rejected across re-writes", "[storage][review]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  const Action keep = make_action("import_approval", "CN", {"nvidia"}, {"h200"}, std::nullopt, "asserted", {0, 5});
  const Action wrong = make_action("export_control", "US", {"amd"}, {"mi308"}, "CN", "asserted", {6, 9});
  auto w = flagged("some text", {keep, wrong});
  REQUIRE(store->write_article(w).ok());
  // Another article states the import approval too.
  REQUIRE(store->write_article(make_write("https://b.com/2", "b.com", "feedB", "t", "y", kWed + 60, {keep})).ok());
  REQUIRE(store->events({})->size() == 2);

  ReviewDecision reject;
  reject.article_id = w.article.id;
  reject.verdict = "reject";
  reject.action = action_identity(wrong);
  reject.by = "alice";
  reject.note = "not an export control";
  REQUIRE(store->decide(reject).ok());
  ReviewDecision accept = reject;
  accept.verdict = "accept";
  accept.action = action_identity(keep);
  accept.note = "";
  REQUIRE(store->decide(accept).ok());

  auto check = [&] {
    auto ev = store->events({});
    REQUIRE(ev.ok());
    REQUIRE(ev->size() == 1);
    CHECK(ev->at(0).type == "import_approval");
    CHECK(ev->at(0).review == "accepted");
    CHECK(ev->at(0).articles == 2);
    EventQuery all;
    all.include_rejected = true;
    auto with = store->events(all);
    REQUIRE(with->size() == 2);
    bool saw_rejected = false;
    for (const auto& e : *with) saw_rejected |= e.review == "rejected";
    CHECK(saw_rejected);
    auto item = store->review_item(w.article.id).value();
    REQUIRE(item);
    CHECK(item->state == "accepted");
    CHECK(item->reviewer == "alice");
  };
  check();

  // The same article, edited, with the same actions in another order and other
  // spans: the decisions hold (keyed by identity, not position).
  auto w2 = edited(w, " and more");
  Action keep2 = keep, wrong2 = wrong;
  keep2.evidence = {20, 30};
  wrong2.evidence = {0, 4};
  w2.extraction.actions = {wrong2, keep2};
  auto r = store->write_article(w2);
  REQUIRE(r.ok());
  CHECK(r->changed);
  check();

  // Re-ingest of that revision: still nothing changes.
  REQUIRE(store->write_article(w2)->unchanged);
  check();

  auto log = store->review_log(0);
  REQUIRE(log.ok());
  REQUIRE(log->size() == 2);
  CHECK(log->at(0).verdict == "reject");
  CHECK(log->at(0).by == "alice");
  CHECK(log->at(0).note == "not an export control");
  CHECK(log->at(1).seq == log->at(0).seq + 1);
}

TEST_CASE("a correction moves the action to its corrected event and survives re-extraction", "[storage][review]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  const Action a = make_action("export_control", std::nullopt, {"nvidia"}, {"h20"}, "CN");
  auto w = flagged("x", {a});
  w.extraction.flags = {{"action_without_actor", "r/test", ""}};
  REQUIRE(store->write_article(w).ok());
  CHECK_FALSE(store->events({})->at(0).actor);

  ReviewDecision fix;
  fix.article_id = w.article.id;
  fix.verdict = "correct";
  fix.action = action_identity(a);
  fix.correction.actor = "US";
  fix.correction.modality = "planned";
  fix.by = "bob";
  REQUIRE(store->decide(fix).ok());
  auto check = [&] {
    auto ev = store->events({}).value();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].actor == std::optional<std::string>("US"));
    CHECK(ev[0].modality == "planned");
    CHECK(ev[0].review == "accepted");
  };
  check();
  REQUIRE(store->write_article(edited(w, " edited")).ok());
  check();

  // A decision on an action the article does not have is refused.
  fix.action->type = "sanction";
  CHECK(store->decide(fix).code() == Code::not_found);
  // Whole-article decisions.
  ReviewDecision all;
  all.article_id = w.article.id;
  all.verdict = "reject";
  all.by = "bob";
  REQUIRE(store->decide(all).ok());
  CHECK(store->events({})->empty());
  CHECK(store->review_item(w.article.id).value()->state == "rejected");
}

TEST_CASE("a revision with a new action reopens a decided item", "[storage][review]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  const Action a = make_action("import_approval", "CN", {"nvidia"}, {"h200"});
  auto w = flagged("x", {a});
  REQUIRE(store->write_article(w).ok());
  ReviewDecision ok;
  ok.article_id = w.article.id;
  ok.verdict = "accept";
  ok.by = "c";
  REQUIRE(store->decide(ok).ok());
  CHECK(store->review_item(w.article.id).value()->state == "accepted");
  auto w2 = edited(w, " plus a ban");
  w2.extraction.actions.push_back(make_action("ban", "CN", {"micron"}, {}, std::nullopt, "asserted", {3, 8}));
  REQUIRE(store->write_article(w2).ok());
  auto item = store->review_item(w.article.id).value();
  CHECK(item->state == "open");
  bool changed_flag = false;
  for (const auto& f : item->reasons) changed_flag |= f.reason == "revision_changed_actions";
  CHECK(changed_flag);
  const auto events = store->events({}).value();
  for (const auto& e : events)
    CHECK(e.review == (e.type == "ban" ? "open" : "accepted"));
}

TEST_CASE("an action that names nothing waits for a reviewer before it becomes an event", "[storage][review]") {
  TempDir dir;
  auto store = open_writer(dir.str());
  // "export curbs were eased": no government, company, chip or target country.
  const Action bare = make_action("export_license", std::nullopt, {}, {});
  const Action named = make_action("export_control", "US", {}, {}, "CN", "asserted", {11, 20});
  auto w = flagged("some text", {bare, named});
  w.extraction.flags = {{"action_without_actor", "r/test", ""}, {"action_without_target", "r/test", ""}};
  auto r = store->write_article(w);
  REQUIRE(r.ok());
  CHECK(r->new_events == 1);
  auto only_named = store->events({}).value();
  REQUIRE(only_named.size() == 1);
  CHECK(only_named[0].type == "export_control");
  EventQuery all;
  all.include_rejected = true;
  CHECK(store->events(all)->size() == 1);
  CHECK(store->review_item(w.article.id).value()->state == "open");

  SECTION("accepted, it becomes an event and stays one across re-writes") {
    REQUIRE(store->decide(decision_on(w, bare, "accept")).ok());
    auto check = [&] {
      auto ev = store->events({}).value();
      REQUIRE(ev.size() == 2);
      for (const auto& e : ev)
        if (e.type == "export_license") CHECK(e.review == "accepted");
    };
    check();
    REQUIRE(store->write_article(edited(w, " edited")).ok());
    check();
  }
  SECTION("corrected to name a government, it becomes that event") {
    ReviewDecision fix = decision_on(w, bare, "correct");
    fix.correction.actor = "JP";
    REQUIRE(store->decide(fix).ok());
    auto ev = store->events({}).value();
    REQUIRE(ev.size() == 2);
    bool saw = false;
    for (const auto& e : ev) saw |= e.type == "export_license" && e.actor == std::optional<std::string>("JP");
    CHECK(saw);
  }
  SECTION("rejected, it never becomes one") {
    REQUIRE(store->decide(decision_on(w, bare, "reject")).ok());
    CHECK(store->events(all)->size() == 1);
  }
}
