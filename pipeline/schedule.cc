#include "pipeline/schedule.h"

#include <algorithm>
#include <cmath>

namespace chipwire {

UnixSeconds next_poll_time(const ScheduleInput& in) {
  std::int64_t wait = std::max<std::int64_t>(0, in.interval_seconds);
  auto hint = [&](const std::optional<std::int64_t>& v) {
    if (v && *v > 0) wait = std::max(wait, std::min(*v, kMaxHintSeconds));
  };
  if (in.consecutive_failures == 0) {
    hint(in.max_age_seconds);
    hint(in.ttl_seconds);
    return in.now + wait;
  }
  hint(in.retry_after_seconds);
  const int exponent = std::min(in.consecutive_failures - 1, 20);
  const double base = std::min<double>(kMaxBackoffSeconds, 60.0 * std::pow(2.0, exponent));
  const auto backoff = static_cast<std::int64_t>(base * (0.75 + 0.5 * in.jitter_unit));
  return in.now + std::max(wait, std::min<std::int64_t>(backoff, kMaxBackoffSeconds));
}

}  // namespace chipwire
