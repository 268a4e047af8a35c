// html_to_text's block scans must not change an answer: the tag scanner that
// walks '>' and quotes 32 bytes at a time (html_tag_end) against a byte-by-byte
// reference, and html_to_text itself against a model built from fold_ws (text
// kept, references decoded, inline tags dropped, block tags a word break) on
// random documents whose pieces land at every offset of the 16- and 32-byte
// blocks, with non-ASCII bytes, U+00A0 split by tags and tags cut at the end.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/html_text.h"
#include "feeds/utf8.h"

namespace {

// html_tag_end as the plain loop it stands in for.
std::size_t reference_tag_end(std::string_view s, std::size_t i) {
  std::size_t p = i;
  while (true) {
    while (p < s.size() && s[p] != '>' && s[p] != '"' && s[p] != '\'') ++p;
    if (p == s.size()) return std::string_view::npos;
    if (s[p] == '>') return p + 1;
    std::size_t k = p;
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\n')) --k;
    if (k > 0 && s[k - 1] == '=') {
      const std::size_t close = s.find(s[p], p + 1);
      if (close == std::string_view::npos) return std::string_view::npos;
      p = close + 1;
    } else {
      ++p;
    }
  }
}

}  // namespace

TEST_CASE("html_tag_end finds the same end as a byte-by-byte scan", "[feeds][html_text]") {
  std::mt19937 rng(20261128);
  // Bytes that matter to the scan, weighted towards plain ones so that values
  // and tags run across block edges.
  const std::string_view alphabet = "aaaaaaaaaabc  \t\n==\"\"''>>\xC3\xA9<";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t size = std::uniform_int_distribution<std::size_t>(0, round % 3 == 0 ? 200 : 70)(rng);
    std::string s;
    for (std::size_t k = 0; k < size; ++k) s += alphabet[pick(rng)];
    for (std::size_t i = 0; i <= s.size(); ++i) {
      INFO("input \"" << s << "\" from " << i);
      REQUIRE(chipwire::html_tag_end(s, i) == reference_tag_end(s, i));
    }
  }
}

TEST_CASE("html_tag_end on long quoted values and values that never close", "[feeds][html_text]") {
  for (std::size_t len : {0, 1, 14, 15, 16, 17, 30, 31, 32, 33, 63, 64, 65, 100}) {
    for (const char* quote : {"\"", "'"}) {
      const std::string value(len, 'v');
      const std::string tag = std::string("a href=") + quote + value + ">" + value + quote + " x>tail and more text here";
      CHECK(chipwire::html_tag_end(tag, 0) == reference_tag_end(tag, 0));
      const std::string open = std::string("a href=") + quote + value + ">" + value;  // the value never closes
      CHECK(chipwire::html_tag_end(open, 0) == std::string_view::npos);
    }
  }
}

namespace {

// A random document and what html_to_text must make of it: fold_ws of its
// text with references decoded, inline tags removed and block tags as spaces.
struct Doc {
  std::string html, model;
};

Doc random_doc(std::mt19937& rng, bool cut_at_end) {
  static const std::vector<std::string> kText = {
      "a",  "word", "longer words of plain text", " ", "  ", "\t\n ", "\r\n", "\xC3\xA9", "\xE2\x82\xAC", "\xC2",
      "\xA0", "\xC2\xA0", "x\xC2\xA0y", "< ", "& ", ";", ">", "\"", "'", "=", "0123456789abcdef"};
  struct Ref {
    std::string html, text;
  };
  static const std::vector<Ref> kRefs = {{"&amp;", "&"},       {"&lt;", "<"},         {"&gt;", ">"},
                                         {"&quot;", "\""},     {"&#39;", "'"},        {"&#233;", "\xC3\xA9"},
                                         {"&nbsp;", "\xC2\xA0"}, {"&rsquo;", "\xE2\x80\x99"}, {"&#x20AC;", "\xE2\x82\xAC"},
                                         {"&#10;", "\n"}};
  static const std::vector<std::string> kInline = {
      "<b>", "</b>", "<span class=\"token keyword\">", "</span>", "<a href='x>y'>", "<a href = \"q\">", "</a>",
      "<img src=\"data:,\" alt=\"a > b\"/>", "<em\n>", "<SPAN>", "<span title=\"a long attribute value running well "
      "past one block of thirty-two bytes\">"};
  static const std::vector<std::string> kBlock = {"<p>", "</p>", "<br/>", "<br>", "<div class=\"c\">", "</div>",
                                                  "<LI>", "</h2>", "<blockquote>", "<td align=\"x\">"};
  Doc d;
  std::string raw;  // the model's text before folding
  const int pieces = std::uniform_int_distribution<int>(0, 40)(rng);
  for (int k = 0; k < pieces; ++k) {
    switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
      case 0:
      case 1: {
        const Ref& r = kRefs[std::uniform_int_distribution<std::size_t>(0, kRefs.size() - 1)(rng)];
        d.html += r.html;
        raw += r.text;
        break;
      }
      case 2:
      case 3:
        d.html += kInline[std::uniform_int_distribution<std::size_t>(0, kInline.size() - 1)(rng)];
        break;
      case 4:
        d.html += kBlock[std::uniform_int_distribution<std::size_t>(0, kBlock.size() - 1)(rng)];
        raw += ' ';
        break;
      default: {
        const std::string& t = kText[std::uniform_int_distribution<std::size_t>(0, kText.size() - 1)(rng)];
        d.html += t;
        raw += t;
        break;
      }
    }
  }
  if (cut_at_end) {  // a tag that never ends: html.parser leaves it as text
    const std::string cut = "<span title=\"never closed";
    const std::size_t n = std::uniform_int_distribution<std::size_t>(2, cut.size())(rng);
    d.html += cut.substr(0, n);
    raw += cut.substr(0, n);
  }
  d.model = chipwire::fold_ws(raw);
  return d;
}

}  // namespace

TEST_CASE("html_to_text matches the fold_ws model on random documents at every alignment", "[feeds][html_text]") {
  std::mt19937 rng(64);
  std::string buffer;
  for (int round = 0; round < 4000; ++round) {
    const Doc d = random_doc(rng, round % 4 == 3);
    INFO("input \"" << d.html << "\"");
    // The same bytes at each offset of a 64-byte line, with bytes that would
    // end a text run on either side (a scan must not read them).
    const std::size_t offset = static_cast<std::size_t>(round) % 64;
    buffer.assign(offset, '<');
    buffer += d.html;
    buffer.append(64, '<');
    CHECK(chipwire::html_to_text(std::string_view(buffer).substr(offset, d.html.size())) == d.model);
  }
}

TEST_CASE("html_to_text reads references and U+00A0 that straddle block edges", "[feeds][html_text]") {
  for (std::size_t at = 0; at < 70; ++at) {
    for (const std::string ref : {"&amp;", "&nbsp;", "&#233;", "\xC2\xA0", "<b>\xC2</b>\xA0", "\xC2<b>\xA0"}) {
      const std::string html = std::string(at, 'x') + ref + std::string(70 - at, 'y');
      std::string text = std::string(at, 'x');
      if (ref == "&amp;") text += "&";
      else if (ref == "&#233;") text += "\xC3\xA9";
      else text += " ";  // U+00A0, however written, is white space
      text += std::string(70 - at, 'y');
      const std::string expect = chipwire::fold_ws(text);
      INFO("reference " << ref << " at " << at);
      CHECK(chipwire::html_to_text(html) == expect);
    }
  }
}
