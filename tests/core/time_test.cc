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
