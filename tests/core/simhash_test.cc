// SimHash: the table-driven bit vote agrees with counting each bit one by one,
// across the byte counters' 255-hash drains. (How near syndicated copies land
// is tested with the store's story clusters, tests/storage/store_events_test.cc.)
#include <catch2/catch.hpp>

#include <random>

#include "core/simhash.h"

using namespace chipwire;

namespace {

std::uint64_t naive_majority(const std::vector<std::uint64_t>& hashes) {
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    int weight = 0;
    for (auto h : hashes) weight += ((h >> b) & 1) ? 1 : -1;
    if (weight > 0) out |= std::uint64_t{1} << b;
  }
  return out;
}

}  // namespace

TEST_CASE("the bit vote agrees with counting bit by bit", "[core][simhash]") {
  std::mt19937_64 rng(5);
  for (std::size_t n : {0, 1, 2, 3, 254, 255, 256, 510, 511, 1000}) {
    for (int round = 0; round < 5; ++round) {
      std::vector<std::uint64_t> hashes;
      // Skewed bits too: some bits set in most hashes, some in few, some in exactly half.
      for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t h = rng();
        if (round % 2) h = (h | 0x00FF00FF00FF00FFull) & ~(std::uint64_t{1} << (i % 64));
        if (round == 4) h = (i % 2) ? ~std::uint64_t{0} : 0;  // ties: no bit wins
        hashes.push_back(h);
      }
      BitMajority vote;
      for (auto h : hashes) vote.add(h);
      INFO("n=" << n << " round=" << round);
      CHECK(vote.result() == naive_majority(hashes));
    }
  }
}

TEST_CASE("a fingerprint needs a word", "[core][simhash]") {
  CHECK(simhash64("", "") == 0);
  CHECK(simhash64("!!!", "...") == 0);
  CHECK(simhash64("word", "") != 0);
  CHECK(simhash64("Nvidia H200", "") == simhash64("NVIDIA h200", ""));  // words are lowercased
}
