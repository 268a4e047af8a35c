// The fetcher: many HTTP(S) and local-file fetches driven by one thread with
// libcurl's multi interface, with a global and a per-host cap on parallel
// transfers. It never parses: a FetchResult carries status, validators, final
// URL and body. One Fetcher per thread; `fetch_all` blocks until every request
// has been answered.
//
// Network safety: only http and https go to the network (also for redirect
// targets); environment proxies are ignored. Every resolved address is checked
// before connecting (and again before each request on a reused connection),
// so names resolving to private space and redirects into it are refused alike.
// Bodies are capped after decompression and header blocks at 256 KiB, so a
// hostile server costs at most the caps in memory and the timeouts in time.
// Helpers behind it: fetch_transfer.h (one transfer), fetch_headers.h,
// fetch_local.h, net_address.h; fetch_schedule.h says when to poll next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chipwire {

// Why a fetch failed. Names are stable: they are stored per feed and printed.
enum class FetchError {
  none,
  bad_url,       // not http, https or a local path; unparsable
  blocked_address,  // private, loopback or link-local address not allowed by config
  dns,
  connect,
  tls,
  timeout,       // connect, total or low-speed timeout
  too_large,     // body over the size cap (counted after decompression)
  too_many_redirects,
  http_4xx,
  http_5xx,
  rate_limited,  // 429, or 503 with Retry-After
  io,            // local file unreadable
  not_a_feed,    // set by the caller after parsing: HTML page or bot wall
  parse,         // set by the caller after parsing
  other,
};
const char* fetch_error_name(FetchError e);
// The inverse of fetch_error_name, for names read back from the store; nullopt for unknown names.
std::optional<FetchError> fetch_error_from_name(std::string_view name);

struct FetchRequest {
  std::string url;  // http(s) URL or local path (file:// or plain)
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::string user_agent = "chipwire/0.1";
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 60'000;
  long low_speed_bytes_per_s = 100;  // abort when slower than this ...
  long low_speed_seconds = 20;       // ... for this long (either <= 0: no low-speed limit)
  std::size_t max_body_bytes = 16u << 20;  // after decompression; also caps local files
  // Loopback, private (RFC 1918, CGNAT, ULA), link-local, multicast and
  // IPv4-mapped forms of them: see net_address.h. Checked after DNS.
  bool allow_private_addresses = false;
  bool allow_local_files = true;
};

struct FetchResult {
  FetchError error = FetchError::none;
  std::string error_message;  // human-readable; names the URL's problem
  long http_status = 0;       // 0 for local files and transport failures
  bool not_modified = false;  // 304
  std::string final_url;      // after redirects
  bool permanent_redirect = false;  // the chain held a 301/308
  // Where the chain's leading run of 301/308 hops ended: the URL to store as the
  // feed's new address. Empty unless the first hop was permanent (a 302 after a
  // 301 stops the run, so a temporary hop never becomes the stored address).
  std::string permanent_url;
  bool stopped = false;       // `should_stop` turned true before this finished (error is `other`)
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::optional<std::int64_t> retry_after_seconds;
  std::optional<std::int64_t> max_age_seconds;  // Cache-Control max-age
  std::string body;
  double seconds = 0;  // wall time of this transfer
};

struct FetcherOptions {
  int max_parallel = 32;  // transfers in flight at once
  int max_per_host = 2;   // transfers in flight per host
  int max_redirects = 10;
};

class Fetcher {
 public:
  explicit Fetcher(FetcherOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Fetches every request; calls `on_done(index, result)` on this thread as each
  // finishes, in completion order. `should_stop` is polled; when it returns true
  // no new transfer starts and those in flight are aborted (reported as `other`).
  // Every request gets exactly one `on_done`: those aborted or never started
  // because of `should_stop` come back with `stopped = true` (error `other`).
  // Local files and bad URLs are answered first, then HTTP transfers start,
  // queued per host (host:port of the request URL) so that at most
  // `max_per_host` run at once for a host and `max_parallel` in total.
  void fetch_all(const std::vector<FetchRequest>& requests,
                 const std::function<void(std::size_t, FetchResult&&)>& on_done,
                 const std::function<bool()>& should_stop = {});

  // The same for `count` requests made on demand by `request_at(index)`, so a
  // run over many feeds holds only the requests in flight (and an index per
  // queued HTTP request), not all of them. `request_at` is called on this
  // thread, once for a local file or an unusable URL and twice for an HTTP(S)
  // request (to queue it by host, then right before it starts); it must give
  // the same URL each time. Results, order and stopping as fetch_all.
  void fetch_each(std::size_t count, const std::function<FetchRequest(std::size_t)>& request_at,
                  const std::function<void(std::size_t, FetchResult&&)>& on_done,
                  const std::function<bool()>& should_stop = {});

 private:
  FetcherOptions options_;
};

}  // namespace chipwire
