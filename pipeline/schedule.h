// When to poll a feed next. Pure function of what the last poll said.
//
//   ok:      next = now + max(interval, Cache-Control max-age, <ttl>)
//   failed:  next = now + max(interval, Retry-After, backoff)
//            backoff = min(6h, 60s * 2^(failures-1)) * (0.75 + 0.5 * jitter)
// A failing feed is never disabled: it is retried at most every 6 hours and
// recovers on its own once it answers again.
#pragma once

#include <cstdint>
#include <optional>

#include "core/time.h"

namespace chipwire {

struct ScheduleInput {
  UnixSeconds now = 0;
  std::int64_t interval_seconds = 0;             // configured minimum interval
  std::optional<std::int64_t> max_age_seconds;   // Cache-Control max-age
  std::optional<std::int64_t> ttl_seconds;       // RSS <ttl>
  std::optional<std::int64_t> retry_after_seconds;
  int consecutive_failures = 0;  // including this poll's
  double jitter_unit = 0.5;      // uniform in [0, 1)
};

inline constexpr std::int64_t kMaxBackoffSeconds = 6 * 3600;
// Cache hints from servers are honoured up to this, so a bad header cannot park a feed for days.
inline constexpr std::int64_t kMaxHintSeconds = 24 * 3600;

UnixSeconds next_poll_time(const ScheduleInput& in);

}  // namespace chipwire
