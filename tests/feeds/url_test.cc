// URL resolution (RFC 3986 section 5.4 examples) and canonical identity form.
#include <catch2/catch.hpp>

#include "feeds/url.h"

using chipwire::canonical_url;
using chipwire::resolve_url;
using chipwire::url_host;

TEST_CASE("resolve_url follows RFC 3986", "[feeds][url]") {
  const char* base = "http://a/b/c/d;p?q";
  CHECK(resolve_url(base, "g") == "http://a/b/c/g");
  CHECK(resolve_url(base, "./g") == "http://a/b/c/g");
  CHECK(resolve_url(base, "g/") == "http://a/b/c/g/");
  CHECK(resolve_url(base, "/g") == "http://a/g");
  CHECK(resolve_url(base, "//g") == "http://g");
  CHECK(resolve_url(base, "?y") == "http://a/b/c/d;p?y");
  CHECK(resolve_url(base, "g?y") == "http://a/b/c/g?y");
  CHECK(resolve_url(base, "#s") == "http://a/b/c/d;p?q#s");
  CHECK(resolve_url(base, "") == "http://a/b/c/d;p?q");
  CHECK(resolve_url(base, ".") == "http://a/b/c/");
  CHECK(resolve_url(base, "..") == "http://a/b/");
  CHECK(resolve_url(base, "../g") == "http://a/b/g");
  CHECK(resolve_url(base, "../../g") == "http://a/g");
  CHECK(resolve_url(base, "../../../g") == "http://a/g");
  CHECK(resolve_url(base, "g;x=1/../y") == "http://a/b/c/y");
  CHECK(resolve_url(base, "https://other/x") == "https://other/x");
  CHECK(resolve_url("", "rel/x") == "rel/x");
  CHECK(resolve_url("http://example.com", "x") == "http://example.com/x");
}

TEST_CASE("an absolute link resolves to itself only without dot segments", "[feeds][url]") {
  using chipwire::resolves_to_itself;
  CHECK(resolves_to_itself("https://example.com/news/2022/h200.html?id=3#top"));
  CHECK(resolves_to_itself("HTTP://a/b;p?q=/x"));
  CHECK(resolves_to_itself("http://a"));
  CHECK(resolves_to_itself("ftp://a/b.c/d.e"));
  CHECK_FALSE(resolves_to_itself("http://a/b/../c"));
  CHECK_FALSE(resolves_to_itself("http://a/b/./c"));
  CHECK_FALSE(resolves_to_itself("http://a/."));
  CHECK_FALSE(resolves_to_itself("http://a/b?q=/./"));  // conservative: the slow path keeps it as is
  CHECK_FALSE(resolves_to_itself("http:g"));          // no "//": relative in some readers, resolved by RFC 3986
  CHECK_FALSE(resolves_to_itself("//a/b"));
  CHECK_FALSE(resolves_to_itself("/a/b"));
  CHECK_FALSE(resolves_to_itself("1http://a/b"));
  CHECK_FALSE(resolves_to_itself("ht tp://a/b"));
  // The others go through the full algorithm, whatever the base.
  CHECK(resolve_url("http://base/", "http://a/b/../c") == "http://a/c");
  CHECK(resolve_url("http://base/", "HTTPS://H/x/..") == "HTTPS://H/");
  CHECK(resolve_url("http://base/", "http://a/b?q=/./") == "http://a/b?q=/./");
  CHECK(resolve_url("http://base/", "http://a/b/./c/.") == "http://a/b/c/");
}

TEST_CASE("canonical_url drops tracking and normalises case and ports", "[feeds][url]") {
  CHECK(canonical_url("HTTPS://Example.COM:443/a/b?utm_source=rss&id=3&fbclid=x#frag") == "https://example.com/a/b?id=3");
  CHECK(canonical_url("http://example.com:80") == "http://example.com/");
  CHECK(canonical_url("http://example.com:8080/x") == "http://example.com:8080/x");
  CHECK(canonical_url("https://e.com/p?gclid=1&at_medium=a&at_campaign=b&mc_cid=c&mc_eid=d&utm_campaign=z") ==
        "https://e.com/p");
  CHECK(canonical_url("https://e.com/Path/Keeps/Case?Q=1") == "https://e.com/Path/Keeps/Case?Q=1");
  CHECK(canonical_url("  tag:example.com,2004:1 ") == "tag:example.com,2004:1");
  // Links already in canonical form are copied; each of these differs in one way that is not.
  CHECK(canonical_url("https://news.example.com/2022/12/h200-approval.html") ==
        "https://news.example.com/2022/12/h200-approval.html");
  CHECK(canonical_url("https://News.example.com/a") == "https://news.example.com/a");
  CHECK(canonical_url("Https://example.com/a") == "https://example.com/a");
  CHECK(canonical_url("https://example.com./a") == "https://example.com/a");
  CHECK(canonical_url("https://example.com") == "https://example.com/");
  CHECK(canonical_url("https://example.com:443/a") == "https://example.com/a");
  CHECK(canonical_url("https://u@example.com/a") == "https://u@example.com/a");
  CHECK(canonical_url("https://example.com/a/./b/../c") == "https://example.com/a/c");
  CHECK(canonical_url("https://example.com/a/.hidden") == "https://example.com/a/.hidden");
  CHECK(canonical_url("https://example.com/a?utm_source=x") == "https://example.com/a");
  CHECK(canonical_url("https://example.com/a#top") == "https://example.com/a");
}

TEST_CASE("url_host", "[feeds][url]") {
  CHECK(url_host("https://WWW.Example.com:8443/x") == "example.com");
  CHECK(url_host("http://user@news.example.org/") == "news.example.org");
  CHECK(url_host("/relative") == "");
}
