// Feed dates: RFC 822 and variants, W3C-DTF/ISO 8601, localised forms, rejects.
#include <catch2/catch.hpp>

#include "core/time.h"
#include "feeds/dates.h"

namespace {
std::string d(const char* s) {
  auto t = chipwire::parse_feed_date(s);
  return t ? chipwire::format_iso8601(*t) : "null";
}
}  // namespace

TEST_CASE("RFC 822 dates and their real-world variants", "[feeds][dates]") {
  CHECK(d("Thu, 01 Jan 2004 19:48:21 GMT") == "2004-01-01T19:48:21Z");
  CHECK(d("Thu, 01 Jan 04 19:48:21 GMT") == "2004-01-01T19:48:21Z");
  CHECK(d("Thu,  5 Apr 2012 10:00:00 GMT") == "2012-04-05T10:00:00Z");
  CHECK(d("Fri,24 Nov 2023 18:28:36 -0000") == "2023-11-24T18:28:36Z");
  CHECK(d("Wed, 19 Feb 2012 22:40:00 -01:01") == "2012-02-19T23:41:00Z");
  CHECK(d("Mon, 26 January 2004 16:31:00 ET") == "2004-01-26T21:31:00Z");
  CHECK(d("Mon, 13 Feb, 2012 06:28:00 UTC") == "2012-02-13T06:28:00Z");
  CHECK(d("Thu, 01 Jan 2004") == "2004-01-01T00:00:00Z");
  CHECK(d("Wed, 19 Aug 2009 18:28:00 Etc/GMT") == "2009-08-19T18:28:00Z");
  CHECK(d("Thu, 30 Apr 2015 08:57:00 MEST") == "2015-04-30T06:57:00Z");
  CHECK(d("Tue, 10 Jun 2003 04:00:00 PDT") == "2003-06-10T11:00:00Z");
  CHECK(d("10 Jun 2003 04:00 +0200") == "2003-06-10T02:00:00Z");
  CHECK(d("Sun Jan  4 16:29:06 2004") == "2004-01-04T16:29:06Z");  // asctime
  CHECK(d("Sun Jan 4 16:29:06 PST 2004") == "2004-01-05T00:29:06Z");
  CHECK(d("June 10, 2003 4:00 PM GMT") == "2003-06-10T16:00:00Z");
}

TEST_CASE("W3C-DTF and ISO 8601 dates", "[feeds][dates]") {
  CHECK(d("2003-12-31T10:14:55Z") == "2003-12-31T10:14:55Z");
  CHECK(d("2003-12-31T18:14:55+08:00") == "2003-12-31T10:14:55Z");
  CHECK(d("2007-04-23T23:25:47.538+10:00") == "2007-04-23T13:25:47Z");
  CHECK(d("2004-02-28T18:14:55-08:00") == "2004-02-29T02:14:55Z");
  CHECK(d("2004-07-08 23:56:58 -00:20") == "2004-07-09T00:16:58Z");
  CHECK(d("2004-07-08 23:56:58.0") == "2004-07-08T23:56:58Z");
  CHECK(d("2003-12") == "2003-12-01T00:00:00Z");
  CHECK(d("2003") == "2003-01-01T00:00:00Z");
  CHECK(d("20040708T235658Z") == "2004-07-08T23:56:58Z");
}

TEST_CASE("Localised dates feedparser reads", "[feeds][dates]") {
  CHECK(d("\u039a\u03c5\u03c1, 11 \u0399\u03bf\u03cd\u03bb 2004 12:00:00 EST") == "2004-07-11T17:00:00Z");
  CHECK(d("2004-j\u00falius-13T9:15-05:00") == "2004-07-13T14:15:00Z");
  CHECK(d("2004-05-25 \uc624\ud6c4 11:23:17") == "2004-05-25T14:23:17Z");
  CHECK(d("2004\ub144 05\uc6d4 28\uc77c  01:31:15") == "2004-05-27T16:31:15Z");
}

TEST_CASE("Unreadable dates are null, never partial and never now", "[feeds][dates]") {
  for (const char* bad : {"", "2016/6/29", "Sun, 99 Jun 2009 12:00:00 GMT", "Sun, 16 zzz 2012 11:47:32 GMT",
                          "Sun, Dec x 2012 11:47:32 GMT", "Sun, 16 Dec 2012 11:47:32 +00:zz",
                          "Sun, 16 Dec 2012 1:2:3:4 GMT", "2003-12-31T25:14:55Z", "2003-12-31T10:61:55Z",
                          "2003-12-31T10:14:61Z", "9999-12-31T23:59:59-99:99", "2013-01-27-01",
                          "2013-01-28T11:30:00-06:00Textra", "2013-xx-27", "22013", "yesterday",
                          "2003-02-29", "2013-01-28T09:xx:00Z"}) {
    INFO(bad);
    CHECK(d(bad) == "null");
  }
}
