#include <catch2/catch.hpp>

#include "core/hash.h"
#include "core/text.h"

using namespace chipwire;

TEST_CASE("UTF-8 validation and repair", "[core][text]") {
  CHECK(is_valid_utf8("caf\xC3\xA9"));
  CHECK_FALSE(is_valid_utf8("caf\xE9"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK(repair_utf8("a\xE9z") == "a\xEF\xBF\xBDz");
}

TEST_CASE("terminal_safe neutralises control and escape sequences", "[core][text]") {
  CHECK(terminal_safe("ok\x1B[2Jgone") == "ok\xEF\xBF\xBD[2Jgone");
  CHECK(terminal_safe("a\tb\nc") == "a b c");
  CHECK(terminal_safe("x\xC2\x9B" "31m") == "x\xEF\xBF\xBD" "31m");
  CHECK(terminal_safe("\x07") == "\xEF\xBF\xBD");
}

TEST_CASE("slugs and folding", "[core][text]") {
  CHECK(slugify("SK Hynix") == "sk-hynix");
  CHECK(slugify("Ascend 910B") == "ascend-910b");
  CHECK(fold_whitespace("  a \n\t b\xC2\xA0" "c  ") == "a b c");
}

TEST_CASE("hashes are stable across runs", "[core][hash]") {
  CHECK(hash_hex128("chipwire").size() == 32);
  CHECK(hash_hex128("chipwire") == hash_hex128("chipwire"));
  CHECK(hash_hex128("chipwire") != hash_hex128("chipwirf"));
  CHECK(to_hex(hash64("")) == "2d06800538d394c2");  // XXH3-64 of the empty input
  // Ids are stored: these values must never move.
  CHECK(hash_hex128("chipwire") == "c718c1da922eb25a3c43a75944426db5");
  CHECK(hash_hex128("url\nhttps://example.com/a") == "96f719a802d3395589f01f75f9fa9830");
  CHECK(to_hex(0) == "0000000000000000");
  CHECK(to_hex(0xfedcba9876543210ull) == "fedcba9876543210");
}

TEST_CASE("a hash of parts equals the hash of the joined string", "[core][hash]") {
  CHECK(hash_hex128_joined({"url\n", "https://example.com/a"}) == "96f719a802d3395589f01f75f9fa9830");
  CHECK(hash_hex128_joined({}) == hash_hex128(""));
  CHECK(hash_hex128_joined({"", "", ""}) == hash_hex128(""));
  // Across XXH3's size classes (0-16, 17-128, 129-240, > 240 bytes) and its 256-byte stream buffer.
  std::string a, b;
  for (std::size_t n : {0, 1, 3, 16, 17, 100, 128, 129, 240, 241, 255, 256, 257, 1000, 5000}) {
    a.assign(n, 'a');
    for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + i % 23);
    for (std::size_t m : {0, 1, 200, 300}) {
      b.assign(m, 'Q');
      CHECK(hash_hex128_joined({a, "\n", b}) == hash_hex128(a + "\n" + b));
    }
  }
}
