// The fetcher's pure helpers: the private-address guard, response-header
// reading (Retry-After, Cache-Control, per-response reset), local-target
// classification and the polite poll schedule.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>
#include <set>

#include "core/time.h"
#include "feeds/fetch_headers.h"
#include "feeds/fetch_local.h"
#include "feeds/fetch_schedule.h"
#include "feeds/fetcher.h"
#include "feeds/net_address.h"

using namespace chipwire;

TEST_CASE("net_address: private, loopback and link-local addresses are blocked", "[fetcher][security]") {
  for (const char* ip : {"127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
                         "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1",
                         "255.255.255.255", "198.18.0.1", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
                         "febf::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254",
                         "64:ff9b::a00:1", "2002:c0a8:0101::1", "::127.0.0.1"}) {
    INFO(ip);
    CHECK(is_blocked_address_text(ip));
  }
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
                         "169.253.0.1", "192.169.0.1", "11.0.0.1", "2001:4860:4860::8888", "2606:4700::1111",
                         "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1"}) {
    INFO(ip);
    CHECK_FALSE(is_blocked_address_text(ip));
  }
  CHECK_FALSE(is_blocked_address_text("example.org"));  // not numeric: the sockaddr check decides later
}

TEST_CASE("net_address: sockaddr form and text", "[fetcher][security]") {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "10.1.2.3", &v4.sin_addr);
  CHECK(is_blocked_address(reinterpret_cast<sockaddr*>(&v4)));
  CHECK(address_to_text(reinterpret_cast<sockaddr*>(&v4)) == "10.1.2.3");
  inet_pton(AF_INET, "93.184.216.34", &v4.sin_addr);
  CHECK_FALSE(is_blocked_address(reinterpret_cast<sockaddr*>(&v4)));
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:192.168.0.10", &v6.sin6_addr);
  CHECK(is_blocked_address(reinterpret_cast<sockaddr*>(&v6)));
  CHECK(address_to_text(reinterpret_cast<sockaddr*>(&v6)) == "::ffff:192.168.0.10");
  sockaddr other{};
  other.sa_family = AF_UNIX;
  CHECK(is_blocked_address(&other));
  CHECK(is_blocked_address(nullptr));
}

TEST_CASE("fetch_headers: Retry-After as seconds or HTTP date", "[fetcher][headers]") {
  const UnixSeconds now = to_unix(2026, 1, 14, 8, 0, 0);
  CHECK(parse_retry_after("120", now) == 120);
  CHECK(parse_retry_after("  0 ", now) == 0);
  CHECK(parse_retry_after("Wed, 14 Jan 2026 08:05:00 GMT", now) == 300);    // IMF-fixdate
  CHECK(parse_retry_after("Wednesday, 14-Jan-26 08:01:00 GMT", now) == 60);  // RFC 850
  CHECK(parse_retry_after("Wed Jan 14 09:00:00 2026", now) == 3600);         // asctime
  CHECK(parse_retry_after("Tue, 13 Jan 2026 08:00:00 GMT", now) == 0);      // past: retry now
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-5", now));
  CHECK_FALSE(parse_retry_after("soon", now));
}

TEST_CASE("fetch_headers: Cache-Control max-age", "[fetcher][headers]") {
  CHECK(parse_cache_max_age("max-age=600") == 600);
  CHECK(parse_cache_max_age("public, MAX-AGE=60, must-revalidate") == 60);
  CHECK(parse_cache_max_age("s-maxage=10, max-age=\"30\"") == 30);
  CHECK_FALSE(parse_cache_max_age("no-cache, max-age=600"));
  CHECK_FALSE(parse_cache_max_age("no-store"));
  CHECK_FALSE(parse_cache_max_age("max-age=abc"));
  CHECK_FALSE(parse_cache_max_age(""));
}

TEST_CASE("fetch_headers: a status line starts a fresh response", "[fetcher][headers]") {
  const UnixSeconds now = to_unix(2026, 1, 14, 8, 0, 0);
  ResponseHeaders h;
  CHECK(read_header_line("HTTP/1.1 301 Moved Permanently\r\n", now, h));
  CHECK_FALSE(read_header_line("ETag: \"old\"\r\n", now, h));
  read_header_line("Location: /new\r\n", now, h);
  read_header_line("Retry-After: 10\r\n", now, h);
  read_header_line("cache-control: max-age=5\r\n", now, h);
  CHECK(h.status == 301);
  CHECK(h.etag == "\"old\"");
  CHECK(h.location == "/new");
  CHECK(h.retry_after_seconds == 10);
  CHECK(h.max_age_seconds == 5);
  CHECK(read_header_line("HTTP/2 200\r\n", now, h));
  read_header_line("Content-Type:  application/atom+xml \r\n", now, h);
  read_header_line("Last-Modified: Wed, 14 Jan 2026 07:00:00 GMT\r\n", now, h);
  read_header_line("\r\n", now, h);
  CHECK(h.status == 200);
  CHECK(h.etag.empty());
  CHECK(h.location.empty());
  CHECK_FALSE(h.retry_after_seconds);
  CHECK_FALSE(h.max_age_seconds);
  CHECK(h.content_type == "application/atom+xml");
  CHECK(h.last_modified == "Wed, 14 Jan 2026 07:00:00 GMT");
}

TEST_CASE("fetch_local: targets are sorted into http, local and bad", "[fetcher][local]") {
  CHECK(classify_target("http://example.org/feed") == TargetKind::http);
  CHECK(classify_target("HTTPS://example.org/feed") == TargetKind::http);
  CHECK(classify_target("file:///tmp/feed.xml") == TargetKind::local);
  CHECK(classify_target("/tmp/feed.xml") == TargetKind::local);
  CHECK(classify_target("feeds/a.xml") == TargetKind::local);
  CHECK(classify_target("ftp://example.org/feed") == TargetKind::bad);
  CHECK(classify_target("gopher://example.org/") == TargetKind::bad);
  CHECK(classify_target("") == TargetKind::bad);
  CHECK(local_path_of("file:///tmp/a%20b.xml") == "/tmp/a b.xml");
  CHECK(local_path_of("file://localhost/tmp/x.xml?q#f") == "/tmp/x.xml");
  CHECK(local_path_of("/plain/path.xml") == "/plain/path.xml");
  CHECK_FALSE(local_path_of("file://example.org/tmp/x"));
  CHECK_FALSE(local_path_of("file:///tmp/%00x"));
  CHECK_FALSE(local_path_of("file:///tmp/%4"));
}

TEST_CASE("fetch_schedule: interval, feed hints and Retry-After as minimums", "[fetcher][schedule]") {
  PollTiming t;
  t.now = 1'000'000;
  t.interval_seconds = 1800;
  CHECK(next_poll_time(t) == t.now + 1800);
  t.ttl_minutes = 60;
  CHECK(next_poll_time(t) == t.now + 3600);
  t.max_age_seconds = 7200;
  CHECK(next_poll_time(t) == t.now + 7200);
  t.max_age_seconds = 10;  // shorter hints never shorten the interval
  t.ttl_minutes = 1;
  CHECK(next_poll_time(t) == t.now + 1800);
  t.retry_after_seconds = 5000;
  CHECK(next_poll_time(t) == t.now + 5000);
  t.retry_after_seconds = 10LL * 24 * 3600;  // a server cannot push us out for days
  CHECK(next_poll_time(t) == t.now + PollTiming::kMaxHint);
  t.retry_after_seconds.reset();
  t.ttl_minutes = 1'000'000;
  CHECK(next_poll_time(t) == t.now + PollTiming::kMaxHint);
  PollTiming tiny;
  tiny.interval_seconds = 1;
  CHECK(next_poll_time(tiny) == PollTiming::kMinInterval);
}

TEST_CASE("fetch_schedule: failures back off exponentially with jitter, capped, never forever",
          "[fetcher][schedule]") {
  PollTiming t;
  t.now = 0;
  t.interval_seconds = 900;
  std::int64_t previous_low = 0;
  for (int failures = 1; failures <= 40; ++failures) {
    t.consecutive_failures = failures;
    std::int64_t low = INT64_MAX, high = 0;
    std::set<std::int64_t> distinct;
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
      t.jitter_seed = seed;
      const std::int64_t delay = next_poll_time(t);
      low = std::min(low, delay);
      high = std::max(high, delay);
      distinct.insert(delay);
      CHECK(next_poll_time(t) == delay);  // deterministic for a seed
    }
    INFO("failures " << failures);
    const std::int64_t backoff = std::min<std::int64_t>(PollTiming::kMaxBackoff, 900LL << std::min(failures - 1, 30));
    CHECK(low >= std::max<std::int64_t>(900, backoff / 2));
    CHECK(high <= std::max<std::int64_t>(900, backoff));
    CHECK(high <= PollTiming::kMaxBackoff);
    CHECK(low >= previous_low / 2);
    if (failures >= 2) CHECK(distinct.size() > 50);  // spread out, not in lockstep
    previous_low = low;
  }
  // A success resets everything.
  t.consecutive_failures = 0;
  CHECK(next_poll_time(t) == 900);
  // A long configured interval is kept even while failing.
  t.interval_seconds = 12 * 3600;
  t.consecutive_failures = 3;
  CHECK(next_poll_time(t) == 12 * 3600);
}

TEST_CASE("fetcher: error names are stable and read back", "[fetcher]") {
  CHECK(std::string(fetch_error_name(FetchError::too_large)) == "too_large");
  CHECK(std::string(fetch_error_name(FetchError::blocked_address)) == "blocked_address");
  for (int i = 0; i <= static_cast<int>(FetchError::other); ++i) {
    const auto e = static_cast<FetchError>(i);
    CHECK(fetch_error_from_name(fetch_error_name(e)) == e);
  }
  CHECK_FALSE(fetch_error_from_name("nonsense"));
  CHECK_FALSE(fetch_error_from_name(""));
}
