// Store records: a kept body goes through zstd with a per-thread context as
// one frame that records its size; it must come back byte for byte, from any
// thread, and a damaged value must be refused rather than misread.
#include <catch2/catch.hpp>
#include <zstd.h>

#include <random>
#include <thread>

#include "storage/records.h"

using namespace chipwire;
using namespace chipwire::store_detail;

namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

void check_round_trip(const RawBody& in) {
  const std::string v = encode_raw(in);
  REQUIRE(v.size() > 8);
  // The frame after the 8-byte last-used time records its plain size.
  CHECK(ZSTD_getFrameContentSize(v.data() + 8, v.size() - 8) != ZSTD_CONTENTSIZE_UNKNOWN);
  auto out = decode_raw(v);
  REQUIRE(out);
  CHECK(out->content_type == in.content_type);
  CHECK(out->body == in.body);
  CHECK(out->last_used == in.last_used);
}

}  // namespace

TEST_CASE("kept bodies survive zstd byte for byte", "[storage][raw]") {
  check_round_trip({"", "", 0});
  check_round_trip({"application/rss+xml", "<rss/>", 1767225600});
  std::string feed;
  for (int i = 0; i < 20000; ++i) feed += "<item><title>Nvidia H200 " + std::to_string(i) + "</title></item>\n";
  check_round_trip({"text/xml; charset=utf-8", feed, 42});
  check_round_trip({"application/octet-stream", random_bytes(3 << 20, 7), 43});  // incompressible, 3 MB
  // Contexts are per thread and reused: many bodies on several threads at once.
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (unsigned t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (unsigned i = 0; i < 50; ++i) {
        const RawBody in{"text/xml", random_bytes(1000 + i * 97, t * 1000 + i) + feed.substr(0, i * 311), i};
        auto out = decode_raw(encode_raw(in));
        if (!out || out->body != in.body) ++bad;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(bad == 0);
}

TEST_CASE("a damaged kept body is refused", "[storage][raw]") {
  std::string v = encode_raw({"text/xml", std::string(5000, 'x'), 1});
  CHECK_FALSE(decode_raw(v.substr(0, 7)));
  CHECK_FALSE(decode_raw(v.substr(0, v.size() - 3)));
  v[v.size() / 2] ^= 0x55;
  auto out = decode_raw(v);
  if (out) CHECK(out->body != std::string(5000, 'x'));  // zstd may not notice; it must not return the original
}
