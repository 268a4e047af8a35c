// write_feed_poll: one polled feed's articles and state, with plain articles
// sharing a batch. It must leave exactly what write_article one by one and
// then put_feed_state leave, whatever the mix: an id twice in one feed (the
// second must see the first), an action joining the event an earlier article
// of the same feed founded, a flag, an unchanged repeat, a kept body.
#include <catch2/catch.hpp>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

const UnixSeconds kMonday = 1733097600;  // 2024-12-02

std::vector<ArticleWrite> one_poll() {
  std::vector<ArticleWrite> ws;
  ws.push_back(make_write("https://a.example/1", "a.example", "feed1", "Quarterly results", "Revenue rose.", kMonday));
  ArticleWrite with_body =
      make_write("https://a.example/2", "a.example", "feed1", "New fab opens", "A fab opened today.", kMonday);
  with_body.raw_body = "<rss>the whole document</rss>";
  with_body.raw_content_type = "application/rss+xml";
  ws.push_back(with_body);
  ws.push_back(edited(ws[0], " Margins fell."));  // the same id again, edited: revision 2
  ws.push_back(make_write("https://a.example/3", "a.example", "feed1", "US restricts H20 exports",
                          "The US restricted exports of the H20.", kMonday + 3600,
                          {make_action("export_control", "US", {"nvidia"}, {"h20"})}));
  ws.push_back(make_write("https://a.example/4", "a.example", "feed1", "More on the H20 curbs",
                          "Washington curbed H20 sales.", kMonday + 7200,
                          {make_action("export_control", "US", {"nvidia"}, {"h20"})}));  // joins that event
  ws.push_back(make_write("https://a.example/5", "a.example", "feed1", "Chip startup raises money",
                          "It raised $10M for its XQ900 part.", kMonday + 9000, {},
                          {{"unknown_chip_like_token", "", "'XQ900' looks like a chip model"}}));
  ws.push_back(ws[1]);  // an unchanged repeat
  ws.push_back(make_write("https://a.example/6", "a.example", "feed1", "Earnings call", "Guidance held.", kMonday));
  return ws;
}

FeedState poll_state() {
  FeedState st;
  st.id = "feed1";
  st.url = "https://a.example/feed";
  st.etag = "\"v1\"";
  st.last_polled = kMonday + 10000;
  st.next_due = kMonday + 13600;
  return st;
}

bool same(const ArticleWriteOutcome& a, const ArticleWriteOutcome& b) {
  return a.new_article == b.new_article && a.changed == b.changed && a.unchanged == b.unchanged &&
         a.new_events == b.new_events && a.new_mentions == b.new_mentions && a.flags == b.flags &&
         a.kept_body == b.kept_body;
}

// Every family but `meta`, whose creation time differs between two stores.
std::map<std::string, std::map<std::string, std::string>> dump_data(const std::string& dir) {
  auto all = dump_store(dir);
  all.erase("meta");
  return all;
}

// One poll written two ways, each into its own store that got `before` first:
// by write_feed_poll with `state`, and by write_article one by one and then
// put_feed_state with `single_state`. Their outcomes and stores must agree.
struct BothWays {
  std::vector<ArticleWriteOutcome> batched, single;
  std::map<std::string, std::map<std::string, std::string>> batched_data, single_data;
};

BothWays write_both_ways(const std::vector<ArticleWrite>& before, const std::vector<ArticleWrite>& poll,
                         const FeedState& state, const FeedState& single_state) {
  TempDir batched_dir, single_dir;
  BothWays r;
  for (const auto* dir : {&batched_dir, &single_dir})
    if (!before.empty()) REQUIRE(open_writer(dir->str())->write_feed_poll(before, poll_state()).ok());
  {
    auto store = open_writer(batched_dir.str());
    auto out = store->write_feed_poll(poll, state);
    REQUIRE(out.ok());
    r.batched = *out;
  }
  {
    auto store = open_writer(single_dir.str());
    for (const auto& w : poll) {
      auto out = store->write_article(w);
      REQUIRE(out.ok());
      r.single.push_back(*out);
    }
    REQUIRE(store->put_feed_state(single_state).ok());
  }
  REQUIRE(r.batched.size() == poll.size());
  REQUIRE(r.single.size() == poll.size());
  for (std::size_t i = 0; i < poll.size(); ++i) {
    INFO("write " << i);
    CHECK(same(r.batched[i], r.single[i]));
  }
  r.batched_data = dump_data(batched_dir.str());
  r.single_data = dump_data(single_dir.str());
  for (const auto& [family, rows] : r.single_data) {
    INFO("family " << family);
    CHECK(r.batched_data.at(family) == rows);
  }
  CHECK(r.batched_data.size() == r.single_data.size());
  return r;
}

}  // namespace

TEST_CASE("write_feed_poll stores what write_article one by one and put_feed_state store") {
  // write_feed_poll records that it kept the poll's document (write 1 has one).
  FeedState kept = poll_state();
  kept.document_kept = kept.last_polled;
  const BothWays r = write_both_ways({}, one_poll(), poll_state(), kept);
  const auto& batched = r.batched;
  CHECK(batched[1].kept_body);
  CHECK_FALSE(batched[0].kept_body);
  // What the mix must have produced, so that equal dumps are not equally wrong.
  CHECK(batched[2].changed);             // the second sight of article 1 saw the first
  CHECK(batched[3].new_events == 1);
  CHECK(batched[4].new_events == 0);     // joined the event article 3 founded
  CHECK(batched[5].flags == 1);
  CHECK(batched[6].unchanged);
  CHECK(r.batched_data.at("revisions").size() == 1);
  CHECK(r.batched_data.at("raw").size() == 1);
  CHECK(r.batched_data.at("review").size() == 1);
  CHECK(r.batched_data.at("feeds").size() == 1);
}

TEST_CASE("write_feed_poll with no articles stores the state, and refuses a state without an id") {
  TempDir dir;
  {
    auto store = open_writer(dir.str());
    REQUIRE(store->write_feed_poll({}, poll_state()).ok());
    FeedState nameless = poll_state();
    nameless.id.clear();
    CHECK(store->write_feed_poll(one_poll(), nameless).status().code() == Code::invalid_argument);
    auto st = store->feed_state("feed1");
    REQUIRE(st.ok());
    REQUIRE(st->has_value());
    CHECK((*st)->etag == "\"v1\"");
  }
  auto data = dump_data(dir.str());
  CHECK(data["articles"].empty());
  CHECK(data["feeds"].size() == 1);
}

// The second poll reads what the first stored (write_feed_poll reads every
// article's record and review item up front): an edit of a flagged article
// that clears its flag, then its earlier text from another feed (which must
// see that edit and the revision it kept), an edit that raises a flag, a new
// article, and that article again, edited (which must see the first sight).
TEST_CASE("a poll over stored articles and review items stores what write_article one by one stores") {
  const auto first = one_poll();
  std::vector<ArticleWrite> second;
  second.push_back(edited(first[5], " The round closed."));  // flagged before, no flag now
  second.back().extraction.flags.clear();
  ArticleWrite moved = first[5];  // same text, another feed: its feeds list grows
  moved.article.feed_id = "feed2";
  moved.article.feeds = {"feed2"};
  second.push_back(moved);
  ArticleWrite flagged = edited(first[7], " A new XQ901 part.");
  flagged.extraction.flags = {{"unknown_chip_like_token", "", "'XQ901' looks like a chip model"}};
  second.push_back(flagged);
  second.push_back(make_write("https://a.example/7", "a.example", "feed1", "New plant", "Work began.", kMonday));
  second.push_back(edited(second.back(), " It opens in 2026."));
  FeedState st = poll_state();
  st.last_polled += 3600;
  const BothWays r = write_both_ways(first, second, st, st);
  const auto& batched = r.batched;
  CHECK(batched[0].changed);
  CHECK(batched[1].unchanged);  // its text is the revision the edit just before it kept
  CHECK(batched[2].flags == 1);
  CHECK(batched[3].new_article);
  CHECK(batched[4].changed);
  CHECK(r.batched_data.at("review").size() == 1);  // article 5's item went with its flag; article 6's is new
}

TEST_CASE("a poll's document is kept with its first new article when an old one carries it") {
  // The pipeline gives the document to the poll's first write; when that
  // article is stored already (an older item first, or an edit elsewhere in
  // the feed), the first new or changed article after it keeps the document.
  TempDir dir;
  auto store = open_writer(dir.str());
  const ArticleWrite old = make_write("https://a.example/1", "a.example", "feed1", "Old", "Old news.", kMonday);
  REQUIRE(store->write_feed_poll({old}, poll_state()).ok());

  ArticleWrite carrier = old;
  carrier.raw_body = "<rss>the second document</rss>";
  carrier.raw_content_type = "application/rss+xml";
  const ArticleWrite plain = make_write("https://a.example/2", "a.example", "feed1", "Still old", "Same.", kMonday);
  const ArticleWrite fresh = make_write("https://a.example/3", "a.example", "feed1", "New", "New news.", kMonday);
  const ArticleWrite later = make_write("https://a.example/4", "a.example", "feed1", "Newer", "More.", kMonday);
  REQUIRE(store->write_feed_poll({plain}, poll_state()).ok());
  FeedState st = poll_state();
  st.last_polled += 3600;
  auto out = store->write_feed_poll({carrier, plain, fresh, later}, st);
  REQUIRE(out.ok());
  REQUIRE(out->size() == 4);
  CHECK((*out)[0].unchanged);
  CHECK_FALSE((*out)[0].kept_body);
  CHECK((*out)[1].unchanged);
  CHECK((*out)[2].new_article);
  CHECK((*out)[2].kept_body);
  CHECK_FALSE((*out)[3].kept_body);  // once is enough

  auto kept = store->stored_article(fresh.article.id);
  REQUIRE(kept.ok());
  REQUIRE(kept->has_value());
  REQUIRE_FALSE((*kept)->raw_key.empty());
  auto body = store->raw_body((*kept)->raw_key);
  REQUIRE(body.ok());
  REQUIRE(body->has_value());
  CHECK((*body)->body == "<rss>the second document</rss>");
  auto later_record = store->stored_article(later.article.id);
  REQUIRE(later_record.ok());
  CHECK((*later_record)->raw_key.empty());
  auto state = store->feed_state("feed1");
  REQUIRE(state.ok());
  REQUIRE(state->has_value());
  CHECK((*state)->document_kept == st.last_polled);
}
