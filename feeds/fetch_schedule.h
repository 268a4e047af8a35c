// Polite polling: when a feed is next due, from its configured interval, the
// feed's own hints (<ttl>, Cache-Control max-age, Retry-After) and its run of
// consecutive failures. Pure function; safe from any thread. The pipeline calls
// it after each fetch of a feed and stores the result as the feed's next due time.
//
// The formula (all in seconds):
//   interval = clamp(configured_interval, kMinInterval, kMaxHint)
//   base     = max(interval, min(ttl_minutes * 60, kMaxHint), min(max_age, kMaxHint))
//   if consecutive_failures == 0:
//     delay  = base
//   else:
//     backoff = min(kMaxBackoff, interval * 2^(consecutive_failures - 1))
//     delay   = max(base, backoff * (0.5 + 0.5 * u))       u in [0, 1) from jitter_seed
//   if retry_after: delay = max(delay, min(retry_after, kMaxHint))
//   next = now + delay
// So a failing feed is retried after about 1x, 2x, 4x ... its interval (each step
// drawn from its upper half, spread by seed so failing feeds do not retry in
// lockstep), never later than max(base, kMaxBackoff = 6 h): a feed is never
// disabled forever. A server cannot push a feed out by more than kMaxHint (24 h)
// with ttl, max-age or Retry-After.
#pragma once

#include <cstdint>
#include <optional>

#include "core/time.h"

namespace chipwire {

struct PollTiming {
  static constexpr std::int64_t kMinInterval = 60;          // never poll a feed more than once a minute
  static constexpr std::int64_t kMaxBackoff = 6 * 3600;     // failures back off at most to this
  static constexpr std::int64_t kMaxHint = 24 * 3600;       // ttl/max-age/Retry-After honoured up to this

  UnixSeconds now = 0;                          // when the fetch ended
  std::int64_t interval_seconds = 3600;         // configured poll interval of the feed
  std::optional<std::int64_t> ttl_minutes;      // RSS <ttl>, from the last good parse
  std::optional<std::int64_t> max_age_seconds;  // Cache-Control max-age of the last response
  std::optional<std::int64_t> retry_after_seconds;  // Retry-After of the last response (429/503)
  int consecutive_failures = 0;                 // 0 after a success (304 counts as success)
  std::uint64_t jitter_seed = 0;                // e.g. a hash of the feed URL; same seed, same answer
};

UnixSeconds next_poll_time(const PollTiming& timing);

}  // namespace chipwire
