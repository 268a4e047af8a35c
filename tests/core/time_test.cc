#include <catch2/catch.hpp>

#include "core/time.h"

using namespace chipwire;

TEST_CASE("ISO 8601 round trip and strict reading", "[core][time]") {
  const auto t = parse_iso_date("2026-01-14T08:00:00Z");
  REQUIRE(t);
  CHECK(format_iso8601(*t) == "2026-01-14T08:00:00Z");
  CHECK(parse_iso_date("2026-01-14") == to_unix(2026, 1, 14, 0, 0, 0));
  CHECK(parse_iso_date("2026-01-14T10:00:00+02:00") == *t + 0 * 3600 + 0 + (to_unix(2026, 1, 14, 8, 0, 0) - *t));
  CHECK(*parse_iso_date("2026-01-14T10:00:00+02:00") == *t);
  CHECK_FALSE(parse_iso_date("2016/6/29"));
  CHECK_FALSE(parse_iso_date("2026-13-01"));
  CHECK_FALSE(parse_iso_date("2026-01-14junk"));
  CHECK(format_iso8601(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("ISO week keys follow ISO 8601 year rules", "[core][time]") {
  CHECK(iso_week(to_unix(2026, 1, 1, 12, 0, 0)) == "2026-W01");  // Thursday
  CHECK(iso_week(to_unix(2021, 1, 3, 0, 0, 0)) == "2020-W53");   // Sunday of 2020's last week
  CHECK(iso_week(to_unix(2024, 12, 30, 0, 0, 0)) == "2025-W01"); // Monday
}

TEST_CASE("months since the epoch and the start of a month", "[core][time]") {
  CHECK(months_since_epoch(0) == 0);
  CHECK(months_since_epoch(to_unix(1970, 1, 31, 23, 59, 59)) == 0);
  CHECK(months_since_epoch(to_unix(1970, 2, 1, 0, 0, 0)) == 1);
  CHECK(months_since_epoch(to_unix(2026, 11, 28, 12, 0, 0)) == 56 * 12 + 10);
  CHECK(months_since_epoch(-1) == -1);  // 1969-12-31T23:59:59
  CHECK(months_since_epoch(to_unix(1969, 1, 1, 0, 0, 0)) == -12);
  for (std::int64_t m : {-13, -12, -1, 0, 1, 11, 12, 683, 1000}) {
    CHECK(months_since_epoch(month_start(m)) == m);
    CHECK(months_since_epoch(month_start(m) - 1) == m - 1);
  }
  CHECK(month_start(56 * 12 + 10) == to_unix(2026, 11, 1, 0, 0, 0));
}
