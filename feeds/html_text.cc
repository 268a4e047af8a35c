// HTML to plain text (see html_text.h): a small tokenizer in the spirit of
// Python's html.parser, which the conformance vectors were written against.
#include "feeds/html_text.h"

#include <algorithm>
#include <array>

#include "core/text.h"
#include "feeds/utf8.h"
#include "feeds/entities.h"

namespace chipwire {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Lowercased tag name at s[i..] into `buf` (names longer than the buffer are cut; none we look for is).
std::string_view lower_name(std::string_view s, std::size_t& i, char (&buf)[16]) {
  std::size_t n = 0;
  while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' ||
                           s[i] == '/' || s[i] == '>')) {
    if (n < sizeof buf) buf[n++] = lower(s[i]);
    ++i;
  }
  return std::string_view(buf, n);
}

constexpr std::array<bool, 256> make_special() {
  std::array<bool, 256> t{};
  t[' '] = t['\t'] = t['\n'] = t['\r'] = t['\f'] = t['\v'] = true;
  t[0xC2] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = make_special();

// Folds white space in place: runs of ASCII white space and U+00A0 become one
// space, none at either end. One pass, no allocation.
void fold_in_place(std::string& s) {
  char* w = s.data();
  const char* r = s.data();
  const char* end = r + s.size();
  bool pending = false;
  char* start = w;
  while (r < end) {
    const unsigned char c = static_cast<unsigned char>(*r);
    if (!kSpecial[c]) {
      if (pending) {
        if (w != start) *w++ = ' ';
        pending = false;
      }
      *w++ = static_cast<char>(c);
      ++r;
    } else if (c == 0xC2) {
      if (r + 1 < end && static_cast<unsigned char>(r[1]) == 0xA0) {
        pending = true;
        r += 2;
      } else {
        if (pending) {
          if (w != start) *w++ = ' ';
          pending = false;
        }
        *w++ = static_cast<char>(c);
        ++r;
      }
    } else {
      pending = true;
      ++r;
    }
  }
  s.resize(static_cast<std::size_t>(w - start));
}

// Index just past the '>' that ends a tag starting at `i`, honouring quoted attribute values; npos when none.
std::size_t tag_end(std::string_view s, std::size_t i) {
  char quote = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Quotes only open a value right after '='.
      std::size_t k = i;
      while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\n')) --k;
      if (k > 0 && s[k - 1] == '=') quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::size_t find_ci(std::string_view s, std::string_view needle, std::size_t from) {
  if (needle.size() > s.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
    bool ok = true;
    for (std::size_t k = 0; k < needle.size() && ok; ++k) ok = lower(s[i + k]) == needle[k];
    if (ok) return i;
  }
  return std::string_view::npos;
}

void append_text(std::string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) amp = s.size();
    out.append(s.data() + i, amp - i);
    if (amp >= s.size()) break;
    std::size_t used = decode_html_reference(s, amp, out);
    if (used == 0) {
      out += '&';
      used = 1;
    }
    i = amp + used;
  }
}

}  // namespace

bool is_block_element(std::string_view n) {
  static constexpr std::array<std::string_view, 46> kBlocks = {
      "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "fieldset",
      "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
      "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
      "body", "html", "head", "title", "option", "center", "dir", "menu"};
  if (n.empty() || n.size() > 10) return false;
  return std::find(kBlocks.begin(), kBlocks.end(), n) != kBlocks.end();
}

std::string html_to_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char name_buf[16];
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) lt = s.size();
    append_text(out, s.substr(i, lt - i));
    i = lt;
    if (i >= s.size()) break;
    std::string_view rest = s.substr(i);
    if (rest.size() > 1 && is_alpha(rest[1])) {
      std::size_t e = tag_end(s, i + 1);
      if (e == std::string_view::npos) {  // unterminated tag at the end: text, as html.parser leaves it
        append_text(out, rest);
        break;
      }
      std::size_t k = i + 1;
      std::string_view name = lower_name(s, k, name_buf);
      i = e;
      bool self_closing = e >= 2 && s[e - 2] == '/';
      if ((name == "script" || name == "style") && !self_closing) {
        std::size_t close = find_ci(s, name == "script" ? "</script" : "</style", i);
        if (close == std::string_view::npos) break;
        std::size_t ce = s.find('>', close);
        i = ce == std::string_view::npos ? s.size() : ce + 1;
        continue;
      }
      if (is_block_element(name)) out += ' ';
      continue;
    }
    if (rest.starts_with("</")) {
      if (rest.size() > 2 && is_alpha(rest[2])) {
        std::size_t k = i + 2;
        std::string_view name = lower_name(s, k, name_buf);
        std::size_t e = s.find('>', k);
        if (e == std::string_view::npos) {
          append_text(out, rest);
          break;
        }
        i = e + 1;
        if (is_block_element(name)) out += ' ';
        continue;
      }
      if (rest.size() > 2 && rest[2] == '>') {  // "</>" is dropped
        i += 3;
        continue;
      }
      std::size_t e = s.find('>', i);  // bogus comment
      if (e == std::string_view::npos) {
        append_text(out, rest);
        break;
      }
      i = e + 1;
      continue;
    }
    if (rest.starts_with("<!--")) {
      std::size_t e = s.find("-->", i + 4);
      i = e == std::string_view::npos ? s.size() : e + 3;
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("<?")) {
      std::size_t e = s.find('>', i);
      if (e == std::string_view::npos) {
        append_text(out, rest);
        break;
      }
      i = e + 1;
      continue;
    }
    out += '<';
    ++i;
  }
  fold_in_place(out);
  return out;
}

std::string fold_text(std::string_view text) { return fold_ws(text); }

bool looks_like_html(std::string_view s) {
  static constexpr std::array<std::string_view, 108> kAcceptable = {
      "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
      "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid",
      "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source",
      "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
      "header", "hr", "i", "img", "input", "ins", "kbd", "keygen", "label", "legend", "li", "m", "map",
      "menu", "meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p",
      "pre", "progress", "q", "s", "samp", "section", "select", "small", "sound", "source", "spacer", "span",
      "strike", "strong", "sub", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time",
      "tr", "tt", "u", "ul", "var", "video", "noscript", "rp", "rt", "ruby", "summary", "mark"};
  bool has_end_tag = false, has_ref = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      std::size_t k = i + 1;
      bool end = k < s.size() && s[k] == '/';
      if (end) ++k;
      std::size_t st = k;
      while (k < s.size() && is_word(s[k])) ++k;
      if (k == st) continue;
      std::string name;
      for (std::size_t j = st; j < k; ++j) name += lower(s[j]);
      if (std::find(kAcceptable.begin(), kAcceptable.end(), name) == kAcceptable.end()) return false;
      if (end && k < s.size() && s[k] == '>') has_end_tag = true;
    } else if (s[i] == '&') {
      std::size_t k = i + 1;
      bool numeric = k < s.size() && s[k] == '#';
      if (numeric) ++k;
      std::size_t st = k;
      while (k < s.size() && is_word(s[k])) ++k;
      if (k > st && k < s.size() && s[k] == ';') {
        if (!numeric && !html_named_entity(s.substr(st, k - st))) return false;
        has_ref = true;
      }
    }
  }
  return has_end_tag || has_ref;
}

}  // namespace chipwire
