// UTC time as whole seconds since the Unix epoch, and its ISO 8601 text form.
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chipwire {

using UnixSeconds = std::int64_t;

// Seconds since the epoch for a proleptic Gregorian UTC civil time. No range checks.
UnixSeconds days_from_civil(int year, unsigned month, unsigned day);
UnixSeconds to_unix(int year, int month, int day, int hour, int minute, int second);

// "2026-01-14T08:00:00Z"
std::string format_iso8601(UnixSeconds t);
// "2026-01-14"
std::string format_date(UnixSeconds t);

// Reads "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS](Z|+hh:mm)". The whole
// string must be consumed. Used for CLI --since/--until and stored values.
std::optional<UnixSeconds> parse_iso_date(std::string_view text);

// Current time; the only clock read in the program goes through here.
UnixSeconds now_unix();

// On-CPU seconds of the calling thread, and of the whole process: what a stage
// cost whatever else the machine runs (for --stats and the benchmarks).
double thread_cpu_seconds();
double process_cpu_seconds();

// Whole calendar months since January 1970 (UTC): 0 for any time in 1970-01,
// negative before it. The store buckets its event index by this.
std::int64_t months_since_epoch(UnixSeconds t);
// The first second of such a month.
UnixSeconds month_start(std::int64_t months_since_epoch);

// ISO week key "2026-W03" for the dedup window of events.
std::string iso_week(UnixSeconds t);

}  // namespace chipwire
