// SimHash: the table-driven bit vote agrees with counting each bit one by one,
// across the byte counters' 255-hash drains; fixed fingerprints (they are stored
// and decide story clusters, so they must never move); the fast word scan agrees
// with the plain one it replaced. (How near syndicated copies land
// is tested with the store's story clusters, tests/storage/store_events_test.cc.)
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/hash.h"
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

// SimHash as first written: std::string_view::rfind, a word at a time into a
// growing string, hash64 per feature, the vote counted bit by bit.
std::uint64_t plain_simhash(std::string_view title, std::string_view text) {
  const auto word_byte = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  };
  for (std::string_view sep : {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 "}) {
    const std::size_t at = title.rfind(sep);
    if (at == std::string_view::npos || at == 0) continue;
    std::size_t words = 1;
    for (char c : title.substr(at + sep.size())) words += c == ' ';
    if (words <= 4) {
      title = title.substr(0, at);
      break;
    }
  }
  std::vector<std::string> words;
  const auto collect = [&](std::string_view s, std::size_t limit) {
    std::size_t taken = 0, i = 0;
    while (i < s.size() && taken < limit) {
      while (i < s.size() && !word_byte(static_cast<unsigned char>(s[i]))) ++i;
      if (i == s.size()) break;
      std::string w;
      for (; i < s.size() && word_byte(static_cast<unsigned char>(s[i])); ++i)
        w.push_back(s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i]);
      words.push_back(w);
      ++taken;
    }
  };
  collect(title, static_cast<std::size_t>(-1));
  collect(text, kLeadWords);
  if (words.empty()) return 0;
  std::vector<std::uint64_t> hashes;
  for (std::size_t i = 0; i < words.size(); ++i) {
    hashes.push_back(hash64(words[i]));
    if (i + 1 < words.size()) hashes.push_back(hash64(words[i] + " " + words[i + 1]));
  }
  const std::uint64_t out = naive_majority(hashes);
  return out == 0 ? 1 : out;
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

TEST_CASE("fingerprints do not move", "[core][simhash][golden]") {
  // Values from the first release of the algorithm: a change here moves every stored story cluster.
  CHECK(simhash64("US adds YMTC to trade blacklist - Reuters",
                  "The U.S. Commerce Department on Thursday added China's top memory chipmaker YMTC and more than "
                  "30 other Chinese entities to its trade blacklist, escalating a campaign to curb Beijing's "
                  "technological advances.") == 0x8316b4e375e39cedull);
  CHECK(simhash64("Nvidia H200 | Yahoo Finance", "") == 0x08a2c643a02dadb9ull);
  CHECK(simhash64("Chip curbs \xe2\x80\x93 what next for ASML and Tokyo Electron \xe2\x80\x94 FT",
                  "Caf\xc3\xa9 d\xc3\xa9j\xc3\xa0 vu: 3nm, 5nm & 7nm nodes; HBM3E supply tight.") ==
        0xc48f0784be57fc5cull);
  CHECK(simhash64("", "Only a body here with words") == 0xc6d50abaeee06fbcull);
  CHECK(simhash64("A - B - C - D E F G H", "one two three") == 0xc450e3967699ae1full);
  CHECK(simhash64("Title | Site Name With Many More Words", "x") == 0x8c513e8680e0d6d5ull);
  CHECK(simhash64(" - Leading", "Text") == 0x4f21d71de07ea610ull);
}

TEST_CASE("the fast word scan agrees with the plain one", "[core][simhash]") {
  // Random titles and texts over an alphabet heavy in separators, case, digits,
  // UTF-8 dashes and invalid bytes; lengths around the 25-word lead.
  std::mt19937_64 rng(7);
  const std::vector<std::string> pieces = {"a",  "B",  "z9", "Nvidia", "H200", " ",  " ",     "  ", " - ", " | ",
                                           "-",  "|",  ".", ",",      "\xe2\x80\x93", " \xe2\x80\x94 ", "\xc3\xa9",
                                           "\xff", "\n", "\t", "word", "Site", "x y z w"};
  const auto random_text = [&](std::size_t max_pieces) {
    std::string s;
    const std::size_t n = rng() % (max_pieces + 1);
    for (std::size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    return s;
  };
  for (int round = 0; round < 20000; ++round) {
    const std::string title = random_text(round % 3 == 0 ? 4 : 30);
    const std::string text = random_text(round % 5 == 0 ? 0 : 120);
    INFO("title=" << title << " text=" << text);
    REQUIRE(simhash64(title, text) == plain_simhash(title, text));
  }
}
