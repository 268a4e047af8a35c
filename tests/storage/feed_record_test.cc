// The feed state record: every field comes back, and a record written before
// body_hash/body_processed were added (it ends after items_seen) still reads,
// with no body remembered, so its feed's next poll is processed in full; one
// written before document_kept (it ends after body_processed) reads with no
// document kept, so its feed's next new document is kept.
#include <catch2/catch.hpp>

#include "storage/codec.h"
#include "storage/records.h"

using namespace chipwire;
using namespace chipwire::store_detail;

namespace {

FeedState sample() {
  FeedState f;
  f.id = "feed1";
  f.url = "https://example.org/rss.xml";
  f.title = "Example";
  f.etag = "\"abc\"";
  f.last_modified = "Wed, 14 Jan 2026 08:00:00 GMT";
  f.last_polled = 1768377000;
  f.last_ok = 1768377000;
  f.next_due = 1768377600;
  f.consecutive_failures = 2;
  f.total_failures = 7;
  f.redirect_url = "https://example.org/feed";
  f.redirect_count = 1;
  f.items_seen = 42;
  f.body_hash = "0123456789abcdef0123456789abcdef";
  f.body_processed = 1768377001;
  f.document_kept = 1768290000;
  return f;
}

}  // namespace

TEST_CASE("a feed state record round-trips with the body it last processed", "[storage][feeds]") {
  const FeedState f = sample();
  auto got = decode_feed(encode_feed(f));
  REQUIRE(got);
  CHECK(got->id == f.id);
  CHECK(got->etag == f.etag);
  CHECK(got->redirect_count == 1);
  CHECK(got->items_seen == 42);
  CHECK(got->body_hash == f.body_hash);
  CHECK(got->body_processed == f.body_processed);
  CHECK(got->document_kept == f.document_kept);
}

namespace {
// The layout before document_kept: everything up to body_processed.
std::string without_document_kept(const FeedState& f) {
  FeedState g = f;
  g.document_kept = 0;
  std::string v = encode_feed(g);
  Encoder tail;
  tail.i64(0);
  const std::string added = tail.take();
  REQUIRE(v.substr(v.size() - added.size()) == added);
  v.resize(v.size() - added.size());
  return v;
}
}  // namespace

TEST_CASE("a feed state record from before document_kept reads, with no document kept", "[storage][feeds]") {
  auto got = decode_feed(without_document_kept(sample()));
  REQUIRE(got);
  CHECK(got->body_hash == sample().body_hash);
  CHECK(got->body_processed == sample().body_processed);
  CHECK(got->document_kept == 0);
}

TEST_CASE("a feed state record from before body_hash reads, with no body remembered", "[storage][feeds]") {
  FeedState f = sample();
  f.body_hash.clear();
  f.body_processed = 0;
  std::string v = without_document_kept(f);
  // The older layout: the same fields up to items_seen, nothing after.
  Encoder tail;
  tail.str("");
  tail.i64(0);
  const std::string added = tail.take();
  REQUIRE(v.size() > added.size());
  REQUIRE(v.substr(v.size() - added.size()) == added);
  v.resize(v.size() - added.size());
  auto got = decode_feed(v);
  REQUIRE(got);
  CHECK(got->items_seen == 42);
  CHECK(got->body_hash.empty());
  CHECK(got->body_processed == 0);
  // A record cut inside the new fields is damaged, not silently short.
  std::string cut = encode_feed(sample());
  cut.resize(cut.size() - 3);
  CHECK_FALSE(decode_feed(cut));
}
