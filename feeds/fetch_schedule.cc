// next_poll_time: interval, feed hints, Retry-After and jittered exponential backoff.
#include "feeds/fetch_schedule.h"

#include <algorithm>

namespace chipwire {
namespace {

// splitmix64: a well-mixed 64-bit value from any seed, so nearby seeds jitter apart.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::int64_t hint(const std::optional<std::int64_t>& seconds) {
  return seconds ? std::clamp<std::int64_t>(*seconds, 0, PollTiming::kMaxHint) : 0;
}

}  // namespace

UnixSeconds next_poll_time(const PollTiming& t) {
  const std::int64_t interval = std::clamp(t.interval_seconds, PollTiming::kMinInterval, PollTiming::kMaxHint);
  const std::optional<std::int64_t> ttl_seconds =
      t.ttl_minutes ? std::optional<std::int64_t>(std::clamp<std::int64_t>(*t.ttl_minutes, 0, PollTiming::kMaxHint / 60) * 60)
                    : std::nullopt;
  const std::int64_t base = std::max({interval, hint(ttl_seconds), hint(t.max_age_seconds)});

  std::int64_t delay = base;
  if (t.consecutive_failures > 0) {
    const int doublings = std::min(t.consecutive_failures - 1, 30);
    const std::int64_t backoff = std::min<std::int64_t>(PollTiming::kMaxBackoff, interval << doublings);
    const std::uint64_t r = mix(t.jitter_seed ^ mix(static_cast<std::uint64_t>(t.consecutive_failures)));
    const double u = static_cast<double>(r >> 11) / static_cast<double>(1ULL << 53);  // [0, 1)
    const auto jittered = static_cast<std::int64_t>(static_cast<double>(backoff) * (0.5 + 0.5 * u));
    delay = std::max(base, jittered);
  }
  if (t.retry_after_seconds) delay = std::max(delay, hint(t.retry_after_seconds));
  return t.now + delay;
}

}  // namespace chipwire
