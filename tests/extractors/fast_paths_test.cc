// The extractor's fast paths against the plain versions they replace: the
// automaton's scan (dense rows, output flags, skipping at the root) against a
// brute-force search with the same word-start rule, and text folding's ASCII
// table and eight-byte runs against folding byte by byte.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "extractors/aho_corasick.h"
#include "extractors/text_fold.h"

using namespace chipwire::extract_internal;

namespace {

using Match = std::tuple<int, std::size_t, std::size_t>;

bool word(char c) { return is_word_byte(static_cast<unsigned char>(c)); }

// Every occurrence of every pattern such that each word of the pattern starts
// a word of the text (the rule AhoCorasick::scan documents).
std::vector<Match> brute_force(const std::vector<std::string>& patterns, const std::string& text) {
  std::vector<Match> out;
  for (std::size_t p = 0; p < patterns.size(); ++p) {
    const std::string& pat = patterns[p];
    for (std::size_t s = 0; s + pat.size() <= text.size(); ++s) {
      if (text.compare(s, pat.size(), pat) != 0) continue;
      bool ok = true;
      for (std::size_t k = 0; k < pat.size() && ok; ++k) {
        const bool starts_word = word(pat[k]) && (k == 0 || !word(pat[k - 1]));
        if (starts_word && s + k > 0 && word(text[s + k - 1])) ok = false;
      }
      if (ok) out.emplace_back(static_cast<int>(p), s, s + pat.size());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Match> scanned(const AhoCorasick& ac, const std::string& text) {
  std::vector<Match> out;
  ac.scan(text, [&](int p, std::size_t s, std::size_t e) { out.emplace_back(p, s, e); });
  std::sort(out.begin(), out.end());
  return out;
}

// Folding byte by byte, as first written (fold_phrase still folds this way, without offsets).
FoldedText plain_fold(std::string_view in) {
  FoldedText f;
  for (std::size_t i = 0; i < in.size();) {
    const auto c = static_cast<unsigned char>(in[i]);
    f.origin.push_back(static_cast<std::uint32_t>(i));
    if (c >= 'A' && c <= 'Z') {
      f.text.push_back(static_cast<char>(c + 32));
    } else if (c == '-' || c == '\t' || c == '\r') {
      f.text.push_back(' ');
    } else if (c == 0xE2 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80) {
      const auto d = static_cast<unsigned char>(in[i + 2]);
      char g = 0;
      if (d == 0x98 || d == 0x99 || d == 0x9B || d == 0xB2) g = '\'';
      else if (d == 0x9C || d == 0x9D || d == 0x9F) g = '"';
      else if (d >= 0x90 && d <= 0x94) g = ' ';
      if (g) {
        f.text.push_back(g);
        i += 3;
        continue;
      }
      f.text.push_back(static_cast<char>(c));
    } else if (c == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      f.text.push_back(' ');
      i += 2;
      continue;
    } else {
      f.text.push_back(static_cast<char>(c));
    }
    ++i;
  }
  f.origin.push_back(static_cast<std::uint32_t>(in.size()));
  return f;
}

std::string random_string(std::mt19937& rng, const std::string& alphabet, std::size_t max_len) {
  std::string s(rng() % (max_len + 1), ' ');
  for (char& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

}  // namespace

TEST_CASE("the automaton's scan finds what a brute-force search finds", "[extractors][aho_corasick]") {
  std::mt19937 rng(11);
  // Letters, digits, separators and bytes in no pattern; some patterns start with a separator.
  const std::string pattern_alphabet = "abc1 '.-";
  const std::string text_alphabet = "abcd12 '.-,\x80\xe2";
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> patterns;
    const std::size_t count = 1 + rng() % 12;
    while (patterns.size() < count) {
      std::string p = random_string(rng, pattern_alphabet, 5);
      if (!p.empty() && std::find(patterns.begin(), patterns.end(), p) == patterns.end()) patterns.push_back(p);
    }
    AhoCorasick ac;
    for (const auto& p : patterns) ac.add(p);
    ac.build();
    for (int t = 0; t < 20; ++t) {
      const std::string text = random_string(rng, text_alphabet, 60);
      INFO("text='" << text << "' round " << round);
      REQUIRE(scanned(ac, text) == brute_force(patterns, text));
    }
  }
}

TEST_CASE("an automaton past 32,768 states (32-bit table) finds what brute force finds", "[extractors][aho_corasick]") {
  std::mt19937 rng(17);
  const std::string letters = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::vector<std::string> patterns;
  std::size_t chars = 0;
  while (chars < 60000) {  // long random words share few prefixes: about one state per byte
    std::string p = random_string(rng, letters, 14);
    if (p.size() < 8 || std::find(patterns.begin(), patterns.end(), p) != patterns.end()) continue;
    if (rng() % 4 == 0) p += " " + random_string(rng, letters, 3);
    chars += p.size();
    patterns.push_back(p);
  }
  AhoCorasick ac;
  for (const auto& p : patterns) ac.add(p);
  ac.build();
  REQUIRE(ac.state_count() > 32768);
  CHECK_FALSE(ac.narrow_table());
  for (int t = 0; t < 200; ++t) {
    // Texts built from pieces of patterns, so that matches and near misses occur.
    std::string text;
    for (int k = 0; k < 6; ++k) {
      const std::string& p = patterns[rng() % patterns.size()];
      const std::size_t from = rng() % 3 == 0 ? rng() % p.size() : 0;
      text += p.substr(from, rng() % 2 ? std::string::npos : 1 + rng() % p.size());
      text += rng() % 2 ? " " : "";
    }
    INFO("text='" << text << "'");
    REQUIRE(scanned(ac, text) == brute_force(patterns, text));
  }
  // The same words, fewer of them: the 16-bit table, same answers.
  std::vector<std::string> few(patterns.begin(), patterns.begin() + 300);
  AhoCorasick small;
  for (const auto& p : few) small.add(p);
  small.build();
  CHECK(small.narrow_table());
  for (int t = 0; t < 200; ++t) {
    std::string text;
    for (int k = 0; k < 6; ++k) text += few[rng() % few.size()].substr(rng() % 3) + (rng() % 2 ? " " : "");
    REQUIRE(scanned(small, text) == brute_force(few, text));
  }
}

TEST_CASE("folding's ASCII table agrees with the folding rules", "[extractors][fold]") {
  for (int c = 0; c < 128; ++c) {
    const std::string in(1, static_cast<char>(c));
    char want = static_cast<char>(c);
    if (c >= 'A' && c <= 'Z') want = static_cast<char>(c + 32);
    else if (c == '-' || c == '\t' || c == '\r') want = ' ';
    const FoldedText f = fold_text(in);
    INFO("byte " << c);
    REQUIRE(f.text == std::string(1, want));
    REQUIRE(f.origin == decltype(f.origin){0, 1});
  }
  // Multi-byte folds keep the offsets of what they replace.
  const FoldedText f = fold_text("A\xe2\x80\x99s\xc2\xa0" "B\xe2\x80\x94" "c\xff");
  CHECK(f.text == "a's b c\xff");
  CHECK(f.origin == decltype(f.origin){0, 1, 4, 5, 7, 8, 11, 12, 13});
}

TEST_CASE("folding eight ASCII bytes at a time agrees with folding byte by byte", "[extractors][fold]") {
  std::mt19937 rng(13);
  // Long ASCII runs broken by the multi-byte sequences folding knows, cut ones and stray bytes.
  const std::vector<std::string> pieces = {"Nvidia H200 chips ", "A-b\tC\r", "x", "  ", "\xe2\x80\x99", "\xe2\x80\x94",
                                           "\xe2\x80\x9c", "\xe2\x80", "\xe2\x82\xac", "\xc2\xa0", "\xc2", "\xc3\xa9",
                                           "\xff", "EXPORT controls, the U.S. said."};
  for (int round = 0; round < 5000; ++round) {
    std::string s;
    const std::size_t count = rng() % 12;
    for (std::size_t k = 0; k < count; ++k) s += pieces[rng() % pieces.size()];
    const FoldedText fast = fold_text(s), plain = plain_fold(s);
    INFO("input '" << s << "'");
    REQUIRE(fast.text == plain.text);
    REQUIRE(std::vector<std::uint32_t>(fast.origin.begin(), fast.origin.end()) ==
            std::vector<std::uint32_t>(plain.origin.begin(), plain.origin.end()));
    REQUIRE(fold_phrase(s) == plain.text);
  }
}
