// One story in two feeds with different text (a syndicated copy with its own
// summary): the second text is stored once as a revision, and after that the
// two feeds re-polled change nothing, however often. The same feed going back
// to earlier text is an edit and still makes a revision.
#include <catch2/catch.hpp>

#include "tests/storage/store_fixtures.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

const UnixSeconds kDay = 1733097600;  // 2024-12-02

ArticleWrite version(const std::string& feed, const std::string& text, UnixSeconds seen) {
  ArticleWrite w = make_write("https://wire.example/story", "wire.example", feed, "Fab deal signed", text, kDay);
  w.article.first_seen = w.article.last_seen = seen;
  return w;
}

std::size_t revision_count(Store& store, const std::string& id) {
  auto r = store.revisions(id);
  REQUIRE(r.ok());
  return r->size();
}

}  // namespace

TEST_CASE("a story two feeds carry with different text does not make a revision at every poll") {
  TempDir dir;
  auto store = open_writer(dir.str());
  const ArticleWrite a = version("feed1", "The short summary.", kDay + 100);
  const ArticleWrite b = version("feed2", "A longer summary with a byline.", kDay + 200);
  const std::string id = a.article.id;

  REQUIRE(store->write_article(a)->new_article);
  auto second = store->write_article(b);
  REQUIRE(second.ok());
  CHECK(second->changed);  // the first sight of the other text is stored
  CHECK(revision_count(*store, id) == 1);

  for (int poll = 1; poll <= 3; ++poll) {
    INFO("poll " << poll);
    auto again_a = store->write_article(version("feed1", "The short summary.", kDay + 1000 * poll));
    auto again_b = store->write_article(version("feed2", "A longer summary with a byline.", kDay + 1000 * poll + 1));
    REQUIRE(again_a.ok());
    REQUIRE(again_b.ok());
    CHECK(again_a->unchanged);
    CHECK(again_b->unchanged);
    CHECK(revision_count(*store, id) == 1);
  }
  auto current = store->stored_article(id);
  REQUIRE(current.ok());
  REQUIRE(current->has_value());
  CHECK((*current)->article.text == "A longer summary with a byline.");
  CHECK((*current)->article.revision == 2);
  CHECK((*current)->article.last_seen == kDay + 200);  // re-polls within a day rewrite nothing

  // feed2 edits its text, then goes back to its earlier text: both are edits.
  auto edit = store->write_article(version("feed2", "A corrected summary.", kDay + 5000));
  REQUIRE(edit.ok());
  CHECK(edit->changed);
  auto back = store->write_article(version("feed2", "A longer summary with a byline.", kDay + 6000));
  REQUIRE(back.ok());
  CHECK(back->changed);
  CHECK(revision_count(*store, id) == 3);
  // feed1's text, already stored, is still no edit when feed1 polls again.
  auto feed1_again = store->write_article(version("feed1", "The short summary.", kDay + 7000));
  REQUIRE(feed1_again.ok());
  CHECK(feed1_again->unchanged);
  CHECK(revision_count(*store, id) == 3);
}
