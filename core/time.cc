#include "core/time.h"

#include <chrono>
#include <ctime>
#include <cstdio>

namespace chipwire {

UnixSeconds days_from_civil(int y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<UnixSeconds>(era) * 146097 + static_cast<UnixSeconds>(doe) - 719468;
}

UnixSeconds to_unix(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

namespace {
struct Civil {
  int year;
  unsigned month, day;
};
Civil civil_from_days(UnixSeconds z) {
  z += 719468;
  const UnixSeconds era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}
UnixSeconds floor_div(UnixSeconds a, UnixSeconds b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

bool read_digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}
}  // namespace

std::string format_iso8601(UnixSeconds t) {
  const UnixSeconds days = floor_div(t, 86400);
  const UnixSeconds secs = t - days * 86400;
  const Civil c = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", c.year, c.month, c.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string format_date(UnixSeconds t) { return format_iso8601(t).substr(0, 10); }

std::optional<UnixSeconds> parse_iso_date(std::string_view s) {
  size_t pos = 0;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!read_digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !read_digits(s, pos, 2, mo) ||
      pos >= s.size() || s[pos++] != '-' || !read_digits(s, pos, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  int offset = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!read_digits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !read_digits(s, pos, 2, mi))
      return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_digits(s, pos, 2, se)) return std::nullopt;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    if (pos < s.size()) {
      if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        const int sign = s[pos] == '+' ? 1 : -1;
        ++pos;
        int oh, om = 0;
        if (!read_digits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !read_digits(s, pos, 2, om)) return std::nullopt;
        offset = sign * (oh * 3600 + om * 60);
      } else {
        return std::nullopt;
      }
    }
    if (pos != s.size()) return std::nullopt;
  }
  return to_unix(y, mo, d, h, mi, se) - offset;
}

UnixSeconds now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {
double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}
}  // namespace

double thread_cpu_seconds() { return cpu_seconds(CLOCK_THREAD_CPUTIME_ID); }
double process_cpu_seconds() { return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID); }

std::int64_t months_since_epoch(UnixSeconds t) {
  const Civil c = civil_from_days(floor_div(t, 86400));
  return std::int64_t(c.year - 1970) * 12 + std::int64_t(c.month) - 1;
}

UnixSeconds month_start(std::int64_t months) {
  const std::int64_t year = 1970 + (months >= 0 ? months / 12 : -((-months + 11) / 12));
  const std::int64_t month = months - (year - 1970) * 12 + 1;
  return days_from_civil(static_cast<int>(year), static_cast<unsigned>(month), 1) * 86400;
}

std::string iso_week(UnixSeconds t) {
  const UnixSeconds days = floor_div(t, 86400);
  // 1970-01-01 was a Thursday. ISO weekday: Monday=1..Sunday=7.
  const int wday = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
  const UnixSeconds thursday = days - wday + 4;  // the Thursday of this ISO week decides its year
  const Civil c = civil_from_days(thursday);
  const UnixSeconds jan1 = days_from_civil(c.year, 1, 1);
  const int week = static_cast<int>((thursday - jan1) / 7) + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", c.year, week);
  return buf;
}

}  // namespace chipwire
