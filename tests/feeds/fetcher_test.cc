// The fetcher against a real HTTP server on 127.0.0.1: normal and conditional
// fetches, encodings, redirects, rate limits, and hostile servers (drips,
// endless bodies, gzip bombs, redirect loops, refused connections, huge feeds).
// Each case ends with its typed error, in bounded time and memory.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "feeds/fetcher.h"
#include "tests/test_http_server.h"
#include "tests/test_support.h"

using namespace chipwire;
using namespace chipwire::testing;

namespace {

const std::string kFeed =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
    "<item><title>chips</title><link>https://example.org/1</link></item></channel></rss>";

// A request for the loopback test server: private addresses allowed, short limits.
FetchRequest loopback_request(const std::string& url) {
  FetchRequest r;
  r.url = url;
  r.allow_private_addresses = true;
  r.connect_timeout_ms = 2'000;
  r.total_timeout_ms = 5'000;
  r.low_speed_bytes_per_s = 1;
  r.low_speed_seconds = 3;
  return r;
}

// Fetches every request with one Fetcher; results in request order. Fails the
// test unless every request is answered exactly once.
std::vector<FetchResult> fetch_many(const std::vector<FetchRequest>& requests, FetcherOptions options = {},
                                    const std::function<bool()>& should_stop = {}) {
  std::vector<FetchResult> results(requests.size());
  std::vector<int> answers(requests.size(), 0);
  Fetcher fetcher(options);
  fetcher.fetch_all(
      requests,
      [&](std::size_t i, FetchResult&& r) {
        results.at(i) = std::move(r);
        ++answers.at(i);
      },
      should_stop);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    INFO("request " << i << " " << requests[i].url);
    CHECK(answers[i] == 1);
  }
  return results;
}

FetchResult fetch_one(const FetchRequest& request, FetcherOptions options = {}) {
  return fetch_many({request}, options).front();
}

// gzip -c of `data` (zlib is not linked into the tests; the system gzip is).
std::string gzip_bytes(const std::string& data) {
  CommandResult c = run_program({"gzip", "-c", "-n"}, data);
  REQUIRE(c.exit_code == 0);
  return c.out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Sleeps up to `ms`, waking early when the server is stopping.
void nap(HttpConnection& conn, int ms) {
  for (int slept = 0; slept < ms && !conn.stopping(); slept += 20)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

// A port on 127.0.0.1 that nothing listens on (bound, then closed).
std::uint16_t closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("fetcher: a normal 200 brings body, validators, max-age and what the request sent",
          "[fetcher][http]") {
  std::mutex mu;
  HttpRequest seen;
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen = req;
    }
    conn.send(http_response(200, kFeed,
                            {{"Content-Type", "application/rss+xml; charset=utf-8"},
                             {"ETag", "\"v1\""},
                             {"Last-Modified", "Wed, 14 Jan 2026 08:00:00 GMT"},
                             {"Cache-Control", "public, max-age=900"}}));
  });
  FetchRequest req = loopback_request(server.url("/feed.xml"));
  req.user_agent = "chipwire-test/1.0";
  const FetchResult r = fetch_one(req);
  INFO(r.error_message);
  CHECK(r.error == FetchError::none);
  CHECK(r.error_message.empty());
  CHECK(r.http_status == 200);
  CHECK(r.body == kFeed);
  CHECK(r.content_type == "application/rss+xml; charset=utf-8");
  CHECK(r.etag == "\"v1\"");
  CHECK(r.last_modified == "Wed, 14 Jan 2026 08:00:00 GMT");
  REQUIRE(r.max_age_seconds);
  CHECK(*r.max_age_seconds == 900);
  CHECK_FALSE(r.retry_after_seconds);
  CHECK(r.final_url == server.url("/feed.xml"));
  CHECK_FALSE(r.permanent_redirect);
  CHECK_FALSE(r.not_modified);
  std::lock_guard<std::mutex> lock(mu);
  CHECK(seen.method == "GET");
  CHECK(seen.header("user-agent") == "chipwire-test/1.0");
  CHECK(seen.header("accept-encoding").find("gzip") != std::string::npos);
  CHECK(seen.header("accept").find("application/rss+xml") != std::string::npos);
  CHECK(seen.header("if-none-match").empty());
  CHECK(seen.header("if-modified-since").empty());
}

TEST_CASE("fetcher: a gzip-encoded body arrives decoded", "[fetcher][http]") {
  const std::string gz = gzip_bytes(kFeed);
  REQUIRE(gz.size() > 10);
  REQUIRE(static_cast<unsigned char>(gz[0]) == 0x1f);
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
    conn.send(http_response(200, gz, {{"Content-Type", "application/xml"}, {"Content-Encoding", "gzip"}}));
  });
  const FetchResult r = fetch_one(loopback_request(server.url("/gz")));
  INFO(r.error_message);
  CHECK(r.error == FetchError::none);
  CHECK(r.body == kFeed);
}

TEST_CASE("fetcher: validators are sent back and 304 means not modified", "[fetcher][http]") {
  std::mutex mu;
  HttpRequest seen;
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen = req;
    }
    if (req.header("if-none-match") == "\"abc\"")
      conn.send("HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nConnection: close\r\n\r\n");
    else
      conn.send(http_response(200, kFeed, {{"ETag", "\"abc\""}}));
  });
  FetchRequest req = loopback_request(server.url("/feed"));
  req.etag = "\"abc\"";
  req.last_modified = "Tue, 13 Jan 2026 10:00:00 GMT";
  const FetchResult r = fetch_one(req);
  INFO(r.error_message);
  CHECK(r.error == FetchError::none);
  CHECK(r.not_modified);
  CHECK(r.http_status == 304);
  CHECK(r.body.empty());
  CHECK(r.etag == "\"abc\"");
  std::lock_guard<std::mutex> lock(mu);
  CHECK(seen.header("if-none-match") == "\"abc\"");
  CHECK(seen.header("if-modified-since") == "Tue, 13 Jan 2026 10:00:00 GMT");
}

TEST_CASE("fetcher: 429 and 503 with Retry-After are rate_limited", "[fetcher][http]") {
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    if (req.path == "/429") conn.send(http_response(429, "slow down", {{"Retry-After", "120"}}));
    if (req.path == "/429-bare") conn.send(http_response(429, "slow down"));
    if (req.path == "/503-date")
      conn.send(http_response(503, "maintenance", {{"Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"}}));
    if (req.path == "/503") conn.send(http_response(503, "down"));
  });
  const auto results = fetch_many({loopback_request(server.url("/429")), loopback_request(server.url("/429-bare")),
                                   loopback_request(server.url("/503-date")), loopback_request(server.url("/503"))});
  CHECK(results[0].error == FetchError::rate_limited);
  CHECK(results[0].http_status == 429);
  REQUIRE(results[0].retry_after_seconds);
  CHECK(*results[0].retry_after_seconds == 120);
  CHECK(results[0].error_message.find("/429") != std::string::npos);
  CHECK(results[0].error_message.find("rate_limited") != std::string::npos);
  CHECK(results[1].error == FetchError::rate_limited);
  CHECK_FALSE(results[1].retry_after_seconds);
  CHECK(results[2].error == FetchError::rate_limited);
  REQUIRE(results[2].retry_after_seconds);
  CHECK(*results[2].retry_after_seconds > 365LL * 24 * 3600);
  CHECK(results[3].error == FetchError::http_5xx);
}

TEST_CASE("fetcher: 500 is http_5xx and 404 is http_4xx, naming the URL", "[fetcher][http]") {
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    if (req.path == "/boom") conn.send(http_response(500, "oops"));
    else conn.send(http_response(404, "nope"));
  });
  const auto results = fetch_many({loopback_request(server.url("/boom")), loopback_request(server.url("/missing"))});
  CHECK(results[0].error == FetchError::http_5xx);
  CHECK(results[0].http_status == 500);
  CHECK(results[0].error_message == "fetch " + server.url("/boom") + ": http_5xx: HTTP 500 from " + server.url("/boom"));
  CHECK(results[1].error == FetchError::http_4xx);
  CHECK(results[1].http_status == 404);
  CHECK(results[1].body == "nope");  // kept: the caller may recognise a bot wall
  CHECK(results[1].error_message.find(server.url("/missing")) != std::string::npos);
}

TEST_CASE("fetcher: a server dripping one byte a second times out within the limits", "[fetcher][hostile]") {
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
    if (!conn.send("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n")) return;
    while (!conn.stopping() && conn.send("x")) nap(conn, 1000);
  });
  SECTION("low-speed limit") {
    FetchRequest req = loopback_request(server.url("/drip"));
    req.low_speed_bytes_per_s = 100;
    req.low_speed_seconds = 1;
    req.total_timeout_ms = 10'000;
    const auto start = std::chrono::steady_clock::now();
    const FetchResult r = fetch_one(req);
    CHECK(r.error == FetchError::timeout);
    CHECK(r.error_message.find("timeout") != std::string::npos);
    CHECK(seconds_since(start) < 4.0);
  }
  SECTION("total timeout") {
    FetchRequest req = loopback_request(server.url("/drip"));
    req.low_speed_bytes_per_s = 0;  // off: only the total limit applies
    req.total_timeout_ms = 1'500;
    const auto start = std::chrono::steady_clock::now();
    const FetchResult r = fetch_one(req);
    CHECK(r.error == FetchError::timeout);
    CHECK(seconds_since(start) < 3.5);
  }
}

TEST_CASE("fetcher: a body that never ends stops at the size cap", "[fetcher][hostile]") {
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
    // No Content-Length: the body runs until the connection closes, which it never does.
    if (!conn.send("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n<rss>")) return;
    const std::string chunk(64 * 1024, 'a');
    while (conn.send(chunk)) {
    }
  });
  FetchRequest req = loopback_request(server.url("/endless"));
  req.max_body_bytes = 2u << 20;
  const auto start = std::chrono::steady_clock::now();
  const FetchResult r = fetch_one(req);
  CHECK(r.error == FetchError::too_large);
  CHECK(r.body.size() <= req.max_body_bytes);
  CHECK(r.error_message.find("too_large") != std::string::npos);
  CHECK(seconds_since(start) < 5.0);
}

TEST_CASE("fetcher: headers that never end stop at the header cap", "[fetcher][hostile]") {
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
    if (!conn.send("HTTP/1.1 200 OK\r\n")) return;
    const std::string line = "X-Padding: " + std::string(1000, 'p') + "\r\n";
    while (conn.send(line)) {
    }
  });
  const auto start = std::chrono::steady_clock::now();
  const FetchResult r = fetch_one(loopback_request(server.url("/headers")));
  INFO(r.error_message);
  CHECK(r.error == FetchError::too_large);
  CHECK(r.error_message.find("headers") != std::string::npos);
  CHECK(seconds_since(start) < 3.0);
}

TEST_CASE("fetcher: a gzip bomb is too_large, counted after decompression", "[fetcher][hostile]") {
  const std::string bomb = gzip_bytes(std::string(32u << 20, '\0'));  // 32 MiB of zeros, ~32 KiB packed
  REQUIRE(bomb.size() < (1u << 20));
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
    conn.send(http_response(200, bomb, {{"Content-Type", "application/rss+xml"}, {"Content-Encoding", "gzip"}}));
  });
  FetchRequest req = loopback_request(server.url("/bomb"));
  req.max_body_bytes = 2u << 20;  // well above the compressed size, far below the real one
  const FetchResult r = fetch_one(req);
  CHECK(r.error == FetchError::too_large);
  CHECK(r.body.size() <= req.max_body_bytes);
}

TEST_CASE("fetcher: a redirect loop is too_many_redirects", "[fetcher][hostile]") {
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
    conn.send(http_response(302, "", {{"Location", "/loop"}}));
  });
  FetcherOptions options;
  options.max_redirects = 5;
  const FetchResult r = fetch_one(loopback_request(server.url("/loop")), options);
  CHECK(r.error == FetchError::too_many_redirects);
  CHECK(r.error_message.find(server.url("/loop")) != std::string::npos);
  CHECK(server.requests_served() == 6);  // the first request and five redirects
}

TEST_CASE("fetcher: redirect chains report final_url, permanence and fresh headers", "[fetcher][http]") {
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    const std::vector<std::pair<std::string, std::string>> stale = {
        {"ETag", "\"stale\""}, {"Cache-Control", "max-age=9999"}, {"Retry-After", "50"}};
    auto redirect = [&](int status, const std::string& to) {
      auto headers = stale;
      headers.emplace_back("Location", to);
      conn.send(http_response(status, "moved", headers));
    };
    if (req.path == "/a") redirect(301, "/b");
    else if (req.path == "/b") redirect(308, server.url("/c"));
    else if (req.path == "/x") redirect(301, "/y");
    else if (req.path == "/y") redirect(302, "/z");
    else if (req.path == "/t") redirect(302, "/u");
    else conn.send(http_response(200, kFeed, {{"Content-Type", "application/rss+xml"}}));
  });
  const auto results = fetch_many({loopback_request(server.url("/a")), loopback_request(server.url("/x")),
                                   loopback_request(server.url("/t"))});
  SECTION("301 then 308: the whole chain is permanent") {
    const FetchResult& r = results[0];
    INFO(r.error_message);
    CHECK(r.error == FetchError::none);
    CHECK(r.body == kFeed);
    CHECK(r.final_url == server.url("/c"));
    CHECK(r.permanent_redirect);
    CHECK(r.permanent_url == server.url("/c"));
    // Headers of the redirect responses never reach the result.
    CHECK(r.etag.empty());
    CHECK_FALSE(r.max_age_seconds);
    CHECK_FALSE(r.retry_after_seconds);
    CHECK(r.content_type == "application/rss+xml");
  }
  SECTION("301 then 302: only the permanent hop counts") {
    const FetchResult& r = results[1];
    CHECK(r.error == FetchError::none);
    CHECK(r.final_url == server.url("/z"));
    CHECK(r.permanent_redirect);
    CHECK(r.permanent_url == server.url("/y"));
  }
  SECTION("a 302 alone is not permanent") {
    const FetchResult& r = results[2];
    CHECK(r.error == FetchError::none);
    CHECK(r.final_url == server.url("/u"));
    CHECK_FALSE(r.permanent_redirect);
    CHECK(r.permanent_url.empty());
  }
}

TEST_CASE("fetcher: a refused connection is connect", "[fetcher][hostile]") {
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/feed";
  const FetchResult r = fetch_one(loopback_request(url));
  CHECK(r.error == FetchError::connect);
  CHECK(r.error_message.rfind("fetch " + url + ": connect: ", 0) == 0);
}

TEST_CASE("fetcher: a 20 MB feed is too_large under a 16 MiB cap and fine under a bigger one",
          "[fetcher][hostile]") {
  const std::string big = "<rss>" + std::string(20'000'000, 'x') + "</rss>";
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    if (req.path == "/sized") {
      conn.send(http_response(200, big, {{"Content-Type", "application/rss+xml"}}));
    } else {  // no Content-Length: only the write callback can stop it
      if (conn.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")) conn.send(big);
    }
  });
  FetchRequest sized = loopback_request(server.url("/sized"));
  FetchRequest unsized = loopback_request(server.url("/unsized"));
  SECTION("16 MiB cap") {
    const auto results = fetch_many({sized, unsized});
    for (const FetchResult& r : results) {
      CHECK(r.error == FetchError::too_large);
      CHECK(r.body.size() <= sized.max_body_bytes);
    }
  }
  SECTION("32 MiB cap") {
    sized.max_body_bytes = unsized.max_body_bytes = 32u << 20;
    const auto results = fetch_many({sized, unsized});
    for (const FetchResult& r : results) {
      INFO(r.error_message);
      CHECK(r.error == FetchError::none);
      CHECK(r.body.size() == big.size());
    }
  }
}

TEST_CASE("fetcher: loopback is blocked_address unless private addresses are allowed", "[fetcher][security]") {
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) { conn.send(http_response(200, kFeed)); });
  FetchRequest by_ip = loopback_request(server.url("/feed"));
  by_ip.allow_private_addresses = false;
  FetchRequest by_name = by_ip;  // the check happens after DNS, so a name does not help
  by_name.url = "http://localhost:" + std::to_string(server.port()) + "/feed";
  FetchRequest ipv6 = by_ip;
  ipv6.url = "http://[::1]:" + std::to_string(server.port()) + "/feed";
  FetchRequest mapped = by_ip;
  mapped.url = "http://[::ffff:127.0.0.1]:" + std::to_string(server.port()) + "/feed";
  const auto results = fetch_many({by_ip, by_name, ipv6, mapped});
  for (const FetchResult& r : results) {
    INFO(r.error_message);
    CHECK(r.error == FetchError::blocked_address);
    CHECK(r.error_message.find("blocked_address") != std::string::npos);
  }
  CHECK(server.requests_served() == 0);

  SECTION("allowed: the same loopback fetch works") {
    CHECK(fetch_one(loopback_request(server.url("/feed"))).error == FetchError::none);
  }
}

TEST_CASE("fetcher: only http, https and local files", "[fetcher][security]") {
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    if (req.path == "/to-ftp") conn.send(http_response(302, "", {{"Location", "ftp://127.0.0.1/x"}}));
    else if (req.path == "/to-file") conn.send(http_response(302, "", {{"Location", "file:///etc/passwd"}}));
    else conn.send(http_response(200, kFeed));
  });
  const auto results = fetch_many({loopback_request("ftp://127.0.0.1/feed"), loopback_request("gopher://x/"),
                                   loopback_request(server.url("/to-ftp")), loopback_request(server.url("/to-file")),
                                   loopback_request("http://"), loopback_request("")});
  for (const FetchResult& r : results) {
    INFO(r.error_message);
    CHECK(r.error == FetchError::bad_url);
    CHECK(r.body.empty());
  }
}

TEST_CASE("fetcher: local files are read with a cap and typed errors", "[fetcher][local]") {
  TempDir dir;
  write_file(dir.path() / "feed.xml", kFeed);
  write_file(dir.path() / "big.xml", std::string(5000, 'x'));
  const std::string fixture_path = fixture("fetch/small_feed.xml").string();
  FetchRequest plain = loopback_request((dir.path() / "feed.xml").string());
  FetchRequest file_url = loopback_request("file://" + fixture_path);
  FetchRequest missing = loopback_request((dir.path() / "missing.xml").string());
  FetchRequest directory = loopback_request(dir.str());
  FetchRequest big = loopback_request((dir.path() / "big.xml").string());
  big.max_body_bytes = 1000;
  FetchRequest not_allowed = plain;
  not_allowed.allow_local_files = false;
  FetchRequest other_host = loopback_request("file://example.org" + fixture_path);
  // Read straight into the body (sized by fstat): an empty file, and one of
  // several of the old 64 KB read buffers with an odd size.
  write_file(dir.path() / "empty.xml", "");
  std::string large;
  for (int i = 0; large.size() < 300001; ++i) large += "<item>" + std::to_string(i) + "</item>";
  write_file(dir.path() / "large.xml", large);
  FetchRequest empty = loopback_request((dir.path() / "empty.xml").string());
  FetchRequest large_request = loopback_request((dir.path() / "large.xml").string());
  const auto results =
      fetch_many({plain, file_url, missing, directory, big, not_allowed, other_host, empty, large_request});
  CHECK(results[7].error == FetchError::none);
  CHECK(results[7].body.empty());
  CHECK(results[8].error == FetchError::none);
  CHECK(results[8].body == large);
  CHECK(results[0].error == FetchError::none);
  CHECK(results[0].body == kFeed);
  CHECK(results[0].http_status == 0);
  CHECK(results[1].error == FetchError::none);
  CHECK(results[1].body == read_file(fixture_path));
  CHECK(results[2].error == FetchError::io);
  CHECK(results[2].error_message.find("missing.xml") != std::string::npos);
  CHECK(results[3].error == FetchError::io);
  CHECK(results[4].error == FetchError::too_large);
  CHECK(results[5].error == FetchError::bad_url);
  CHECK(results[6].error == FetchError::bad_url);
}

TEST_CASE("fetcher: the per-host cap holds while other hosts run alongside", "[fetcher][caps]") {
  struct Counter {
    std::atomic<int> now{0}, peak{0};
  };
  auto counting = [](Counter& c) {
    return [&c](const HttpRequest&, HttpConnection& conn) {
      const int n = ++c.now;
      int peak = c.peak.load();
      while (n > peak && !c.peak.compare_exchange_weak(peak, n)) {
      }
      nap(conn, 150);
      --c.now;  // before answering, so the next connection never overlaps in the count
      conn.send(http_response(200, kFeed));
    };
  };
  Counter a, b;
  TestHttpServer server_a(counting(a));
  TestHttpServer server_b(counting(b));
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 8; ++i) {
    requests.push_back(loopback_request(server_a.url("/f" + std::to_string(i))));
    requests.push_back(loopback_request(server_b.url("/f" + std::to_string(i))));
  }
  SECTION("default caps: 2 per host") {
    const auto start = std::chrono::steady_clock::now();
    const auto results = fetch_many(requests);
    for (const FetchResult& r : results) CHECK(r.error == FetchError::none);
    CHECK(a.peak.load() == 2);
    CHECK(b.peak.load() == 2);
    CHECK(seconds_since(start) < 3.0);  // 4 rounds of 150 ms, both hosts in parallel
  }
  SECTION("per-host 1") {
    FetcherOptions options;
    options.max_per_host = 1;
    fetch_many(requests, options);
    CHECK(a.peak.load() == 1);
    CHECK(b.peak.load() == 1);
  }
  SECTION("global cap 3 over two hosts of cap 2") {
    FetcherOptions options;
    options.max_parallel = 3;
    fetch_many(requests, options);
    CHECK(a.peak.load() <= 2);
    CHECK(b.peak.load() <= 2);
    CHECK(a.peak.load() + b.peak.load() >= 3);
  }
}

TEST_CASE("fetcher: one run with failing and working feeds answers each with its own result",
          "[fetcher][hostile]") {
  const std::string gz = gzip_bytes(kFeed);
  TestHttpServer server([&](const HttpRequest& req, HttpConnection& conn) {
    if (req.path == "/ok") conn.send(http_response(200, kFeed));
    else if (req.path == "/gz") conn.send(http_response(200, gz, {{"Content-Encoding", "gzip"}}));
    else if (req.path == "/500") conn.send(http_response(500, "x"));
    else if (req.path == "/429") conn.send(http_response(429, "x", {{"Retry-After", "30"}}));
    else if (req.path == "/drip") {
      if (!conn.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")) return;
      while (conn.send("x")) nap(conn, 1000);
    } else if (req.path == "/loop") conn.send(http_response(301, "", {{"Location", "/loop"}}));
    else conn.send(http_response(404, "x"));
  });
  TempDir dir;
  write_file(dir.path() / "local.xml", kFeed);
  std::vector<FetchRequest> requests;
  std::vector<FetchError> expected;
  auto add = [&](const std::string& url, FetchError e) {
    requests.push_back(loopback_request(url));
    requests.back().low_speed_bytes_per_s = 50;
    requests.back().low_speed_seconds = 1;
    expected.push_back(e);
  };
  for (int round = 0; round < 3; ++round) {
    add(server.url("/ok"), FetchError::none);
    add(server.url("/gz"), FetchError::none);
    add(server.url("/500"), FetchError::http_5xx);
    add(server.url("/429"), FetchError::rate_limited);
    add(server.url("/nothing"), FetchError::http_4xx);
    add(server.url("/loop"), FetchError::too_many_redirects);
    add("http://127.0.0.1:" + std::to_string(closed_port()) + "/", FetchError::connect);
    add((dir.path() / "local.xml").string(), FetchError::none);
    add("ftp://example.org/feed", FetchError::bad_url);
  }
  add(server.url("/drip"), FetchError::timeout);
  const auto start = std::chrono::steady_clock::now();
  const auto results = fetch_many(requests);
  for (std::size_t i = 0; i < results.size(); ++i) {
    INFO(i << " " << requests[i].url << " -> " << results[i].error_message);
    CHECK(results[i].error == expected[i]);
    if (expected[i] == FetchError::none) CHECK(results[i].body == kFeed);
  }
  CHECK(seconds_since(start) < 5.0);
}

TEST_CASE("fetcher: should_stop aborts transfers in flight and answers the rest as stopped", "[fetcher]") {
  TestHttpServer server([&](const HttpRequest&, HttpConnection& conn) {
    nap(conn, 5000);
    conn.send(http_response(200, kFeed));
  });
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 6; ++i) requests.push_back(loopback_request(server.url("/slow" + std::to_string(i))));
  const auto start = std::chrono::steady_clock::now();
  const auto results = fetch_many(requests, {}, [&] { return seconds_since(start) > 0.3; });
  CHECK(seconds_since(start) < 2.0);
  for (const FetchResult& r : results) {
    CHECK(r.stopped);
    CHECK(r.error == FetchError::other);
  }
}

TEST_CASE("fetcher: a TLS handshake answered with plain text is tls", "[fetcher][hostile]") {
  // The test server only answers complete HTTP requests, so this one is raw:
  // it accepts one connection and answers the ClientHello with plain HTTP.
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(listener, 4) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::thread raw([listener] {
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) return;
    const std::string reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
    ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    char buf[4096];
    while (::recv(fd, buf, sizeof buf, 0) > 0) {
    }
    ::close(fd);
  });
  const std::string url = "https://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/feed";
  const auto start = std::chrono::steady_clock::now();
  const FetchResult r = fetch_one(loopback_request(url));
  raw.join();
  ::close(listener);
  INFO(r.error_message);
  CHECK(r.error == FetchError::tls);
  CHECK(r.error_message.rfind("fetch " + url + ": tls: ", 0) == 0);
  CHECK(seconds_since(start) < 3.0);
}

TEST_CASE("fetcher: a name that does not resolve is dns", "[fetcher]") {
  // .invalid never resolves (RFC 6761); a resolver that hangs ends in a timeout instead.
  FetchRequest req = loopback_request("http://chipwire-fetch-test.invalid/feed.xml");
  req.connect_timeout_ms = 3'000;
  const FetchResult r = fetch_one(req);
  INFO(r.error_message);
  if (r.error == FetchError::timeout) {
    WARN("the resolver did not answer in time; dns error not observable here");
    return;
  }
  CHECK(r.error == FetchError::dns);
  CHECK(r.error_message.find("chipwire-fetch-test.invalid") != std::string::npos);
}
