// run_ingest keeps only a small record per feed and reads a feed's stored state
// again when its result is written: these tests pin that what a stored state
// says still reaches the next run (validators, due times, a moved address),
// and that the fetcher's on-demand requests answer like the listed ones.
#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>

#include "feeds/fetcher.h"
#include "pipeline/article_builder.h"
#include "pipeline/ingest.h"
#include "tests/storage/store_fixtures.h"
#include "tests/test_http_server.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

// What the server saw, in order: "path If-None-Match If-Modified-Since".
struct Seen {
  std::mutex mu;
  std::vector<std::string> lines;
  void add(const HttpRequest& r) {
    std::lock_guard<std::mutex> lock(mu);
    lines.push_back(r.path + " " + r.header("if-none-match") + " " + r.header("if-modified-since"));
  }
  std::vector<std::string> take() {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<std::string> out;
    out.swap(lines);
    std::sort(out.begin(), out.end());
    return out;
  }
};

struct Env {
  TempDir dir;
  std::shared_ptr<const RulePack> rules;
  std::unique_ptr<Store> store;
  Env() {
    auto r = RulePack::load(std::string(CHIPWIRE_SOURCE_DIR) + "/rules");
    REQUIRE(r.ok());
    rules = *r;
    StoreOptions so;
    so.mode = OpenMode::writer;
    auto s = Store::open((dir.path() / "db").string(), so);
    REQUIRE(s.ok());
    store = std::move(*s);
  }
  IngestSummary run(const Config& config, bool poll_all) {
    IngestOptions options;
    options.poll_all = poll_all;
    options.workers = 2;
    auto summary = run_ingest(config, *rules, *store, options);
    REQUIRE(summary.ok());
    return *summary;
  }
  FeedState state_of(const std::string& url) {
    auto st = store->feed_state(feed_id_for_url(url));
    REQUIRE(st.ok());
    REQUIRE(st->has_value());
    return **st;
  }
};

Config config_for(const std::vector<std::string>& urls) {
  Config c;
  c.allow_private_addresses = true;
  for (const auto& u : urls) {
    FeedConfig f;
    f.url = u;
    c.feeds.push_back(f);
  }
  return c;
}

}  // namespace

TEST_CASE("stored validators go out on the next run, a 304 is unchanged, feeds not due are skipped",
          "[pipeline][ingest]") {
  const std::string body = read_file(fixture("e2e/policy.xml"));
  Seen seen;
  TestHttpServer server([&](const HttpRequest& r, HttpConnection& c) {
    seen.add(r);
    if (r.path == "/etag.xml" && r.header("if-none-match") == "\"v1\"") {
      c.send(http_response(304, ""));
      return;
    }
    if (r.path == "/etag.xml") {
      c.send(http_response(200, body, {{"Content-Type", "application/rss+xml"}, {"ETag", "\"v1\""}}));
      return;
    }
    if (r.path == "/lm.xml") {
      c.send(http_response(
          200, body, {{"Content-Type", "application/rss+xml"}, {"Last-Modified", "Tue, 01 Nov 2022 10:00:00 GMT"}}));
      return;
    }
    c.send(http_response(200, body, {{"Content-Type", "application/rss+xml"}}));
  });
  Env env;
  const Config config = config_for({server.url("/etag.xml"), server.url("/lm.xml"), server.url("/plain.xml")});

  const IngestSummary first = env.run(config, false);
  CHECK(first.feeds_polled == 3);
  CHECK(first.feeds_skipped == 0);
  CHECK(seen.take() == std::vector<std::string>{"/etag.xml  ", "/lm.xml  ", "/plain.xml  "});
  CHECK(env.state_of(server.url("/etag.xml")).etag == "\"v1\"");

  // Every feed was just polled: not due again for at least a minute.
  const IngestSummary not_due = env.run(config, false);
  CHECK(not_due.feeds_polled == 0);
  CHECK(not_due.feeds_skipped == 3);
  CHECK(seen.take().empty());

  const IngestSummary second = env.run(config, true);
  CHECK(second.feeds_polled == 3);
  CHECK(second.feeds_unchanged == 3);
  CHECK(second.new_articles == 0);
  CHECK(seen.take() == std::vector<std::string>{"/etag.xml \"v1\" ", "/lm.xml  Tue, 01 Nov 2022 10:00:00 GMT",
                                                "/plain.xml  "});
  const FeedState etag_state = env.state_of(server.url("/etag.xml"));
  CHECK(etag_state.etag == "\"v1\"");  // a 304 without an ETag keeps the stored one
  CHECK(etag_state.last_ok > 0);
  CHECK(env.state_of(server.url("/plain.xml")).url == server.url("/plain.xml"));
}

TEST_CASE("a feed moved by 301 on three polls is then fetched at its new address", "[pipeline][ingest]") {
  const std::string body = read_file(fixture("e2e/policy.xml"));
  Seen seen;
  std::string new_url;
  TestHttpServer server([&](const HttpRequest& r, HttpConnection& c) {
    seen.add(r);
    if (r.path == "/old.xml") {
      c.send(http_response(301, "", {{"Location", new_url}}));
      return;
    }
    c.send(http_response(200, body, {{"Content-Type", "application/rss+xml"}}));
  });
  new_url = server.url("/new.xml");
  Env env;
  const Config config = config_for({server.url("/old.xml")});
  for (int poll = 1; poll <= 3; ++poll) {
    const IngestSummary s = env.run(config, true);
    CHECK(s.feeds_polled == 1);
    CHECK(s.feeds_failed == 0);
    CHECK(seen.take() == std::vector<std::string>{"/new.xml  ", "/old.xml  "});
    CHECK(env.state_of(server.url("/old.xml")).redirect_count == poll);
  }
  CHECK(env.state_of(server.url("/old.xml")).url == new_url);
  // Moved for good: the new address answers without a redirect, which restarts
  // the count, and later polls stay there.
  for (int poll = 4; poll <= 6; ++poll) {
    env.run(config, true);
    CHECK(seen.take() == std::vector<std::string>{"/new.xml  "});
    CHECK(env.state_of(server.url("/old.xml")).url == new_url);
    CHECK(env.state_of(server.url("/old.xml")).redirect_count == 0);
  }
}

TEST_CASE("fetch_each makes requests on demand and answers like fetch_all", "[pipeline][fetch]") {
  const std::string body = read_file(fixture("e2e/policy.xml"));
  TestHttpServer server(static_files({{"/a.xml", {"application/rss+xml", body}}}));
  TempDir dir;
  write_file(dir.path() / "local.xml", body);
  std::vector<FetchRequest> requests(5);
  requests[0].url = server.url("/a.xml");
  requests[1].url = (dir.path() / "local.xml").string();
  requests[2].url = "gopher://example.org/feed";
  requests[3].url = server.url("/missing.xml");
  requests[4].url = (dir.path() / "missing.xml").string();
  for (auto& r : requests) r.allow_private_addresses = true;

  Fetcher fetcher;
  std::vector<FetchResult> listed(requests.size());
  fetcher.fetch_all(requests, [&](std::size_t i, FetchResult&& r) { listed[i] = std::move(r); });

  std::vector<FetchResult> made(requests.size());
  std::vector<int> calls(requests.size(), 0);
  std::size_t answered = 0;
  fetcher.fetch_each(
      requests.size(),
      [&](std::size_t i) {
        ++calls[i];
        return requests[i];
      },
      [&](std::size_t i, FetchResult&& r) {
        made[i] = std::move(r);
        ++answered;
      });

  CHECK(answered == requests.size());
  // HTTP requests are made twice (queued by host, then started); the others once.
  CHECK(calls == std::vector<int>{2, 1, 1, 2, 1});
  for (std::size_t i = 0; i < requests.size(); ++i) {
    INFO("request " << i << " " << requests[i].url);
    CHECK(made[i].error == listed[i].error);
    CHECK(made[i].http_status == listed[i].http_status);
    CHECK(made[i].body == listed[i].body);
    CHECK(made[i].final_url == listed[i].final_url);
  }
  CHECK(made[0].body == body);
  CHECK(made[1].body == body);
  CHECK(made[2].error == FetchError::bad_url);
  CHECK(made[3].error == FetchError::http_4xx);
  CHECK(made[4].error == FetchError::io);
}

TEST_CASE("a document listing one article twice with different text is stored once and stays unchanged",
          "[pipeline][ingest]") {
  // A live blog lists one URL as several entries, each with its own text: one
  // article (identity is the URL), the first listing's text, and a re-poll of
  // the same entries changes nothing instead of swapping the text back and forth.
  Env env;
  const auto path = env.dir.path() / "live.xml";
  const std::string document =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Live</title>"
      "<item><title>Live: latest</title><link>https://news.example/live</link>"
      "<description>Newest update.</description><pubDate>Mon, 02 Dec 2024 10:00:00 GMT</pubDate></item>"
      "<item><title>Other story</title><link>https://news.example/other</link>"
      "<description>Something else.</description></item>"
      "<item><title>Live: earlier</title><link>https://news.example/live</link>"
      "<description>Earlier update.</description><pubDate>Mon, 02 Dec 2024 09:00:00 GMT</pubDate></item>"
      "</channel></rss>";
  write_file(path, document);
  const Config config = config_for({path.string()});
  const IngestSummary first = env.run(config, true);
  CHECK(first.items == 3);
  CHECK(first.new_articles == 2);
  write_file(path, document + "\n");  // other bytes (so it is parsed again), the same entries
  const IngestSummary second = env.run(config, true);
  CHECK(second.items == 3);
  CHECK(second.new_articles == 0);
  CHECK(second.changed_articles == 0);
  CHECK(second.feeds_unchanged == 1);
  CHECK(env.state_of(path.string()).items_seen == 6);
  ArticleSource source{feed_id_for_url(path.string()), path.string(), 0};
  FeedEntry live;
  live.link = "https://news.example/live";
  const auto id = build_article(live, source);
  REQUIRE(id);
  auto stored = env.store->stored_article(id->id);
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK((*stored)->article.title == "Live: latest");
  CHECK((*stored)->article.revision == 1);
}

TEST_CASE("a body the feed processed last time is not parsed again within a day", "[pipeline][ingest]") {
  // Many servers send no validators (or new ones for the same document): the
  // feed state remembers the hash of the last body processed in full, and the
  // same bytes within kUnchangedBodyRecheck are an unchanged feed, not parsed.
  Env env;
  const auto path = env.dir.path() / "feed.xml";
  const std::string document =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>"
      "<item><title>One</title><link>https://news.example/1</link><description>A.</description></item>"
      "<item><title>Two</title><link>https://news.example/2</link><description>B.</description></item>"
      "</channel></rss>";
  write_file(path, document);
  const Config config = config_for({path.string()});
  const IngestSummary first = env.run(config, true);
  CHECK(first.items == 2);
  CHECK(first.new_articles == 2);
  const FeedState after_first = env.state_of(path.string());
  CHECK(after_first.body_hash.size() == 32);
  CHECK(after_first.body_processed > 0);

  const IngestSummary same = env.run(config, true);  // the same bytes: nothing parsed
  CHECK(same.feeds_polled == 1);
  CHECK(same.feeds_unchanged == 1);
  CHECK(same.items == 0);
  CHECK(env.state_of(path.string()).items_seen == 2);
  CHECK(env.state_of(path.string()).body_hash == after_first.body_hash);

  // A day later the same bytes are read again (last_seen, parser fixes).
  FeedState old = env.state_of(path.string());
  old.body_processed -= kUnchangedBodyRecheck;
  REQUIRE(env.store->put_feed_state(old).ok());
  const IngestSummary next_day = env.run(config, true);
  CHECK(next_day.items == 2);
  CHECK(next_day.new_articles == 0);
  CHECK(env.state_of(path.string()).body_processed > old.body_processed);

  // New bytes are parsed at once.
  write_file(path, document.substr(0, document.size() - 16) +
                       "<item><title>Three</title><link>https://news.example/3</link></item></channel></rss>");
  const IngestSummary changed = env.run(config, true);
  CHECK(changed.items == 3);
  CHECK(changed.new_articles == 1);
  CHECK(env.state_of(path.string()).body_hash != after_first.body_hash);
}

TEST_CASE("a body that is not a feed is not remembered, so the same bytes fail again", "[pipeline][ingest]") {
  Env env;
  const auto path = env.dir.path() / "page.xml";
  write_file(path, "<html><body>Not a feed</body></html>");
  const Config config = config_for({path.string()});
  const IngestSummary first = env.run(config, true);
  CHECK(first.feeds_failed == 1);
  CHECK(env.state_of(path.string()).body_hash.empty());
  const IngestSummary again = env.run(config, true);
  CHECK(again.feeds_failed == 1);
}

namespace {

std::string rss_with(const std::vector<std::string>& titles) {
  std::string doc = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>";
  for (const auto& t : titles)
    doc += "<item><title>" + t + "</title><link>https://news.example/" + t + "</link><description>" + t +
           " happened.</description></item>";
  return doc + "</channel></rss>";
}

// How many fetched documents the store keeps; the writer is closed to count them.
std::size_t kept_documents(std::unique_ptr<Store>& store, const std::string& db) {
  store.reset();
  const std::size_t n = dump_store(db)["raw"].size();
  StoreOptions so;
  so.mode = OpenMode::writer;
  auto s = Store::open(db, so);
  REQUIRE(s.ok());
  store = std::move(*s);
  return n;
}

}  // namespace

TEST_CASE("a feed's document is kept at most once per keep_document_hours", "[pipeline][ingest]") {
  // A feed polled every 15 minutes with a new item each hour would keep ~24
  // whole documents a day, each repeating the one before: one a day is kept.
  Env env;
  const std::string db = (env.dir.path() / "db").string();
  const auto path = env.dir.path() / "feed.xml";
  Config config = config_for({path.string()});
  REQUIRE(config.keep_document_hours == 24);

  write_file(path, rss_with({"Two", "One"}));
  CHECK(env.run(config, true).new_articles == 2);
  CHECK(kept_documents(env.store, db) == 1);
  const UnixSeconds first_kept = env.state_of(path.string()).document_kept;
  CHECK(first_kept > 0);

  write_file(path, rss_with({"Three", "Two", "One"}));  // new the same day: its articles, not its document
  CHECK(env.run(config, true).new_articles == 1);
  CHECK(kept_documents(env.store, db) == 1);
  CHECK(env.state_of(path.string()).document_kept == first_kept);

  FeedState st = env.state_of(path.string());  // a day later
  st.document_kept -= 24 * 3600;
  REQUIRE(env.store->put_feed_state(st).ok());
  write_file(path, rss_with({"Four", "Three", "Two", "One"}));
  CHECK(env.run(config, true).new_articles == 1);
  CHECK(kept_documents(env.store, db) == 2);
  CHECK(env.state_of(path.string()).document_kept > st.document_kept);

  config.keep_document_hours = 0;  // every poll that brings a new article
  write_file(path, rss_with({"Five", "Four", "Three", "Two", "One"}));
  CHECK(env.run(config, true).new_articles == 1);
  CHECK(kept_documents(env.store, db) == 3);
}
