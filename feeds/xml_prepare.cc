// The repair pass before pugixml (see xml_prepare.h). A hand-written scanner:
// text runs are copied in bulk; markup is re-emitted in canonical form.
#include "feeds/xml_prepare.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "feeds/entities.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chipwire {
namespace {

constexpr std::size_t kMaxProblems = 50;

// Bytes that end a text run: '<', '&', control characters XML forbids, and 0xEF (U+FFFE/U+FFFF lead byte).
constexpr std::array<bool, 256> make_stops() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = c != '\t' && c != '\n' && c != '\r';
  t['<'] = t['&'] = true;
  t[0xEF] = true;
  return t;
}
constexpr std::array<bool, 256> kTextStops = make_stops();

#if defined(__SSE2__)
// The bytes among the 16 at `p` that stop a text run as bits: below 0x20 but
// not tab, LF or CR; 0xEF; with `markup`, '<' and '&'; and `also` (whose
// '\0' for "none" only adds NUL, which stops anyway).
inline unsigned stop_bits(const char* p, bool markup, char also) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i sign = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i white = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
  const __m128i ctl = _mm_andnot_si128(white, _mm_cmplt_epi8(_mm_xor_si128(v, sign), _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80))));
  __m128i hit = _mm_or_si128(ctl, _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xEF))));
  hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(also)));
  if (markup) hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
}
#endif

// Inside CDATA only forbidden characters stop a run: below 0x20 (the table
// lets tab, LF, CR through) and 0xEF.
inline std::size_t next_cdata_stop(const char* d, std::size_t pos, std::size_t end) {
  const auto* u = reinterpret_cast<const unsigned char*>(d);
#if defined(__SSE2__)
  for (; pos + 16 <= end; pos += 16)
    if (const unsigned mask = stop_bits(d + pos, false, '\0')) return pos + static_cast<unsigned>(__builtin_ctz(mask));
#endif
  for (; pos < end; ++pos) {
    unsigned char c = u[pos];
    if (c != '<' && c != '&' && kTextStops[c]) return pos;
  }
  return end;
}

// Index of the first byte at or after `pos` (and before `end`) that kTextStops marks, or `also`.
inline std::size_t next_stop(const char* d, std::size_t pos, std::size_t end, char also) {
  const auto* u = reinterpret_cast<const unsigned char*>(d);
#if defined(__SSE2__)
  for (; pos + 16 <= end; pos += 16)
    if (const unsigned mask = stop_bits(d + pos, true, also)) return pos + static_cast<unsigned>(__builtin_ctz(mask));
#endif
  for (; pos < end; ++pos)
    if (kTextStops[u[pos]] || (also && d[pos] == also)) return pos;
  return end;
}

bool is_name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
bool is_name_char(unsigned char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool xml_char_allowed(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

bool starts_with_ci(std::string_view s, std::size_t pos, std::string_view p) {
  if (pos + p.size() > s.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char a = s[pos + i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 32);
    if (a != p[i]) return false;
  }
  return true;
}

void append_escaped(std::string& out, std::string_view text, char quote) {
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == quote) out += quote == '"' ? "&quot;" : "&apos;";
    else out += c;
  }
}

class Preparer {
 public:
  explicit Preparer(std::string_view in) : in_(in) { out_.reserve(in.size() + in.size() / 16 + 64); }

  PreparedXml run() {
    while (pos_ < in_.size()) {
      copy_text_run(out_, '\0');
      if (pos_ >= in_.size()) break;
      char c = in_[pos_];
      if (c == '<') markup();
      else if (c == '&') reference(out_, '\0');
      else special_byte(out_);
    }
    if (!stack_.empty()) {
      problem("document ends inside <" + stack_.back().name + "> (" + std::to_string(stack_.size()) +
              " element(s) closed)");
      while (!stack_.empty()) close_top();
    }
    if (!seen_root_) problem("no document element");
    if (dropped_problems_) problems_.push_back("... and " + std::to_string(dropped_problems_) + " more repairs");
    return {std::move(out_), std::move(problems_), seen_root_};
  }

 private:
  struct Open {
    std::string name;
    std::size_t ns_count;  // namespace declarations made by this element
  };

  // --- problems -------------------------------------------------------------
  int line_at(std::size_t p) {
    // Newlines counted from where the last call stopped, one memchr per line.
    const std::size_t stop = std::min(p, in_.size());
    while (line_pos_ < stop) {
      const void* nl = std::memchr(in_.data() + line_pos_, '\n', stop - line_pos_);
      if (!nl) {
        line_pos_ = stop;
        break;
      }
      ++line_;
      line_pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - in_.data()) + 1;
    }
    return line_;
  }
  void problem(const std::string& what) {
    if (problems_.size() >= kMaxProblems) {
      ++dropped_problems_;
      return;
    }
    problems_.push_back(what + " at line " + std::to_string(line_at(pos_)));
  }
  // The same for a message in three pieces, joined only when it is kept (a
  // document may need thousands of repairs of one kind).
  void problem(std::string_view a, std::string_view b, std::string_view c) {
    if (problems_.size() >= kMaxProblems) {
      ++dropped_problems_;
      return;
    }
    problem(std::string(a).append(b).append(c));
  }

  // --- text -----------------------------------------------------------------
  // Copies bytes up to the next '<', '&', or special byte (or `quote` inside an attribute value).
  void copy_text_run(std::string& out, char quote) {
    std::size_t start = pos_;
    pos_ = next_stop(in_.data(), pos_, in_.size(), quote);
    if (pos_ > start) {
      if (stack_.empty() && seen_root_ && !trailing_reported_) check_trailing(start, pos_);
      out.append(in_.data() + start, pos_ - start);
    }
  }

  void check_trailing(std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b; ++i)
      if (!is_space(in_[i])) {
        trailing_reported_ = true;
        problem("text after the document element");
        return;
      }
  }

  // A byte in kTextStops other than '<' and '&'.
  void special_byte(std::string& out) {
    unsigned char c = static_cast<unsigned char>(in_[pos_]);
    if (c == 0xEF) {
      // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters.
      if (pos_ + 2 < in_.size() && static_cast<unsigned char>(in_[pos_ + 1]) == 0xBF &&
          (static_cast<unsigned char>(in_[pos_ + 2]) & 0xFE) == 0xBE) {
        forbidden();
        pos_ += 3;
      } else {
        out += in_[pos_++];
      }
      return;
    }
    forbidden();
    ++pos_;
  }
  void forbidden() {
    if (!forbidden_reported_) problem("character(s) not allowed in XML removed");
    forbidden_reported_ = true;
  }

  // '&' at pos_: a reference XML knows is copied; an HTML one is decoded; anything else is escaped.
  void reference(std::string& out, char quote) {
    std::size_t i = pos_ + 1;
    if (i < in_.size() && in_[i] == '#') {
      std::string& decoded = scratch_;
      decoded.clear();
      std::size_t used = decode_html_reference(in_, pos_, decoded);
      if (used == 0) {
        problem("bare & escaped");
        out += "&amp;";
        ++pos_;
        return;
      }
      bool had_semicolon = in_[pos_ + used - 1] == ';';
      std::string_view raw = in_.substr(pos_, used);
      if (!had_semicolon) problem("character reference without ';'");
      else if (raw.size() > 2 && raw[2] == 'X') problem("character reference with uppercase X");
      std::uint32_t given = numeric_value(raw);
      if (!xml_char_allowed(given)) {
        if (given >= 0x80 && given <= 0x9F) {
          // Allowed by XML but meant as windows-1252 (&#146;): kept, as XML readers do.
          out.append("&#" + std::to_string(given) + ";");
        } else {
          problem("reference to a character XML forbids removed");
        }
      } else {
        append_escaped(out, decoded, quote);
      }
      pos_ += used;
      return;
    }
    std::size_t start = i;
    while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i])) && i - start < 64) ++i;
    std::string_view name = in_.substr(start, i - start);
    if (!name.empty() && i < in_.size() && in_[i] == ';') {
      if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
        out.append(in_.substr(pos_, i + 1 - pos_));
      } else if (auto it = dtd_entities_.find(std::string(name)); it != dtd_entities_.end()) {
        append_escaped(out, it->second, quote);
      } else if (auto v = html_named_entity(name)) {
        problem("undefined entity &", name, ";");
        // XML feeds predate HTML5: its two changed values are read as HTML 4 defined them.
        if (name == "lang") v = "\u2329";
        else if (name == "rang") v = "\u232A";
        append_escaped(out, *v, quote);
      } else {
        problem("unknown entity &", name, "; kept as text");
        out += "&amp;";
        out.append(name);
        out += ';';
      }
      pos_ = i + 1;
      return;
    }
    problem("bare & escaped");
    out += "&amp;";
    ++pos_;
  }

  static std::uint32_t numeric_value(std::string_view raw) {
    std::uint64_t v = 0;
    bool hex = raw.size() > 2 && (raw[2] == 'x' || raw[2] == 'X');
    for (std::size_t k = hex ? 3 : 2; k < raw.size() && raw[k] != ';'; ++k) {
      char c = raw[k];
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 0;
      v = v * (hex ? 16 : 10) + static_cast<unsigned>(d);
      if (v > 0x10FFFF) return 0x110000;
    }
    return static_cast<std::uint32_t>(v);
  }
  // --- markup ---------------------------------------------------------------
  void markup() {
    std::string_view rest = in_.substr(pos_);
    if (rest.starts_with("<!--")) return comment();
    if (rest.starts_with("<![CDATA[")) return cdata();
    if (starts_with_ci(in_, pos_, "<!DOCTYPE")) return doctype();
    if (rest.starts_with("<?")) return processing_instruction();
    if (rest.starts_with("</")) return end_tag();
    if (rest.size() > 1 && is_name_start(static_cast<unsigned char>(rest[1]))) return start_tag();
    if (rest.starts_with("<!")) {
      problem("unknown markup declaration dropped");
      std::size_t e = in_.find('>', pos_);
      pos_ = e == std::string_view::npos ? in_.size() : e + 1;
      return;
    }
    problem("bare < escaped");
    out_ += "&lt;";
    ++pos_;
  }

  void comment() {
    std::size_t e = in_.find("-->", pos_ + 4);
    if (e == std::string_view::npos) {
      problem("unterminated comment");
      pos_ = in_.size();
    } else {
      pos_ = e + 3;
    }
  }

  void cdata() {
    std::size_t start = pos_ + 9;
    std::size_t e = in_.find("]]>", start);
    if (e == std::string_view::npos) {
      problem("unterminated CDATA section closed");
      e = in_.size();
    }
    if (stack_.empty()) problem("CDATA outside the document element");
    out_ += "<![CDATA[";
    std::size_t save = pos_;
    pos_ = start;
    while (pos_ < e) {
      std::size_t run = pos_;
      pos_ = next_cdata_stop(in_.data(), pos_, e);
      out_.append(in_.data() + run, pos_ - run);
      if (pos_ >= e) break;
      char c = in_[pos_];
      if (c == '<' || c == '&') out_ += in_[pos_++];
      else special_byte(out_);
    }
    (void)save;
    out_ += "]]>";
    pos_ = e == in_.size() ? e : e + 3;
  }

  void processing_instruction() {
    std::size_t e = in_.find("?>", pos_ + 2);
    if (pos_ != 0 && in_.substr(pos_).starts_with("<?xml") && pos_ + 5 < in_.size() && is_space(in_[pos_ + 5]))
      problem("XML declaration not at the start");
    pos_ = e == std::string_view::npos ? in_.size() : e + 2;
  }

  // <!DOCTYPE ...>, with an internal subset in [...]. Dropped; simple internal
  // entities (plain replacement text) are remembered, never expanded recursively.
  void doctype() {
    std::size_t i = pos_ + 9;
    int bracket = 0;
    char quote = 0;
    std::size_t subset_start = std::string_view::npos, subset_end = std::string_view::npos;
    for (; i < in_.size(); ++i) {
      char c = in_[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        if (bracket++ == 0) subset_start = i + 1;
      } else if (c == ']') {
        if (--bracket == 0) subset_end = i;
        if (bracket < 0) bracket = 0;
      } else if (c == '>' && bracket == 0) {
        break;
      }
    }
    if (subset_start != std::string_view::npos && subset_end != std::string_view::npos)
      read_entity_declarations(in_.substr(subset_start, subset_end - subset_start));
    if (i >= in_.size()) problem("unterminated DOCTYPE");
    pos_ = i < in_.size() ? i + 1 : in_.size();
  }

  void read_entity_declarations(std::string_view subset) {
    std::size_t p = 0;
    while ((p = subset.find("<!ENTITY", p)) != std::string_view::npos) {
      p += 8;
      while (p < subset.size() && is_space(subset[p])) ++p;
      if (p < subset.size() && subset[p] == '%') {  // parameter entity: ignored
        continue;
      }
      std::size_t ns = p;
      while (p < subset.size() && is_name_char(static_cast<unsigned char>(subset[p]))) ++p;
      std::string name(subset.substr(ns, p - ns));
      while (p < subset.size() && is_space(subset[p])) ++p;
      if (p >= subset.size() || (subset[p] != '"' && subset[p] != '\'')) {
        problem("external entity &" + name + "; not read");
        dtd_entities_[name] = "";
        continue;
      }
      char q = subset[p++];
      std::size_t e = subset.find(q, p);
      if (e == std::string_view::npos) break;
      std::string_view value = subset.substr(p, e - p);
      if (value.find('&') != std::string_view::npos || value.find('<') != std::string_view::npos ||
          value.size() > 1024) {
        problem("entity &" + name + "; with nested references or markup not expanded");
        dtd_entities_[name] = "";
      } else if (dtd_entities_.size() < 256) {
        dtd_entities_[name] = std::string(value);
      }
      p = e + 1;
    }
  }

  std::string_view read_name(std::size_t& i) {
    std::size_t s = i;
    while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) ++i;
    return in_.substr(s, i - s);
  }

  void end_tag() {
    std::size_t i = pos_ + 2;
    std::string_view name = read_name(i);
    std::size_t e = in_.find('>', i);
    std::size_t lt = in_.find('<', i);
    if (e == std::string_view::npos || (lt != std::string_view::npos && lt < e)) {
      problem("unterminated end tag");
      pos_ = (lt != std::string_view::npos && (e == std::string_view::npos || lt < e)) ? lt : in_.size();
    } else {
      pos_ = e + 1;
    }
    if (overflow_ > 0) {
      --overflow_;
      return;
    }
    if (stack_.empty()) {
      problem("stray end tag </" + std::string(name) + "> dropped");
      return;
    }
    if (stack_.back().name == name) {
      close_top();
      return;
    }
    // Close intervening elements when the name is open further up; else drop the tag.
    std::size_t depth = stack_.size();
    std::size_t limit = depth > 64 ? depth - 64 : 0;
    for (std::size_t k = depth; k-- > limit;) {
      if (stack_[k].name == name) {
        problem("unclosed <" + stack_.back().name + "> closed by </" + std::string(name) + ">");
        while (stack_.size() > k + 1) close_top();
        close_top();
        return;
      }
    }
    problem("stray end tag </" + std::string(name) + "> dropped");
  }

  void close_top() {
    out_ += "</";
    out_ += stack_.back().name;
    out_ += '>';
    ns_.resize(ns_.size() - stack_.back().ns_count);
    stack_.pop_back();
  }

  bool prefix_declared(std::string_view prefix) const {
    if (prefix == "xml" || prefix == "xmlns") return true;
    for (auto it = ns_.rbegin(); it != ns_.rend(); ++it)
      if (*it == prefix) return true;
    return false;
  }
  void check_prefix(std::string_view qname) {
    std::size_t colon = qname.find(':');
    if (colon == std::string_view::npos || colon == 0) return;
    std::string_view prefix = qname.substr(0, colon);
    if (!prefix_declared(prefix) && reported_prefixes_.size() < 64 &&
        reported_prefixes_.insert(std::string(prefix)).second) {
      problem("undeclared namespace prefix \"" + std::string(prefix) + "\"");
    }
  }

  void start_tag() {
    std::size_t i = pos_ + 1;
    std::string_view name = read_name(i);
    if (stack_.empty() && seen_root_ && !second_root_reported_) {
      second_root_reported_ = true;
      problem("second document element");
    }
    std::string tag;
    tag.reserve(64);
    tag += '<';
    tag.append(name);
    std::size_t ns_count = 0;
    std::vector<std::string_view> attr_names;
    std::vector<std::string_view> prefixed;
    bool self_closing = false;
    bool closed = false;
    while (i < in_.size()) {
      std::size_t ws = i;
      while (i < in_.size() && is_space(in_[i])) ++i;
      if (i >= in_.size()) break;
      char c = in_[i];
      if (c == '>') {
        ++i;
        closed = true;
        break;
      }
      if (c == '/' && i + 1 < in_.size() && in_[i + 1] == '>') {
        i += 2;
        self_closing = closed = true;
        break;
      }
      if (c == '<') break;  // tag never closed
      if (!is_name_start(static_cast<unsigned char>(c))) {
        problem("junk in tag <" + std::string(name) + "> dropped");
        ++i;
        continue;
      }
      if (ws == i) problem("no space between attributes");
      std::string_view an = read_name(i);
      std::size_t k = i;
      while (k < in_.size() && is_space(in_[k])) ++k;
      std::string value;
      bool has_value = false;
      if (k < in_.size() && in_[k] == '=') {
        ++k;
        while (k < in_.size() && is_space(in_[k])) ++k;
        i = k;
        has_value = true;
        if (i < in_.size() && (in_[i] == '"' || in_[i] == '\'')) {
          char q = in_[i++];
          std::size_t save_pos = pos_;
          pos_ = i;
          std::size_t endq = in_.find(q, i);
          if (endq == std::string_view::npos) {
            problem("unterminated attribute value");
            endq = in_.find('>', i);
            if (endq == std::string_view::npos) endq = in_.size();
          }
          attribute_value(endq, value);
          i = endq < in_.size() && in_[endq] == q ? endq + 1 : endq;
          pos_ = save_pos;
        } else {
          problem("unquoted attribute value");
          std::size_t e = i;
          while (e < in_.size() && !is_space(in_[e]) && in_[e] != '>') ++e;
          std::size_t save_pos = pos_;
          pos_ = i;
          attribute_value(e, value);
          pos_ = save_pos;
          i = e;
        }
      } else {
        problem("attribute without value");
        value.assign(an);
      }
      (void)has_value;
      bool duplicate = false;
      for (auto seen : attr_names) duplicate |= seen == an;
      if (duplicate) {
        problem("duplicate attribute " + std::string(an) + " dropped");
        continue;
      }
      attr_names.push_back(an);
      if (an.starts_with("xmlns:")) {
        ns_.emplace_back(an.substr(6));
        ++ns_count;
      } else if (an.find(':') != std::string_view::npos) {
        prefixed.push_back(an);
      }
      tag += ' ';
      tag.append(an);
      tag += "=\"";
      tag += value;
      tag += '"';
    }
    if (!closed) problem("unterminated start tag <" + std::string(name) + ">");
    pos_ = i;
    check_prefix(name);
    for (auto an : prefixed) check_prefix(an);
    if (stack_.size() >= static_cast<std::size_t>(kMaxXmlDepth)) {
      if (!depth_reported_) problem("elements nested deeper than " + std::to_string(kMaxXmlDepth) + " flattened");
      depth_reported_ = true;
      ns_.resize(ns_.size() - ns_count);
      if (!self_closing) ++overflow_;
      return;
    }
    seen_root_ = true;
    if (self_closing) {
      tag += "/>";
      out_ += tag;
      ns_.resize(ns_.size() - ns_count);
      return;
    }
    tag += '>';
    out_ += tag;
    stack_.push_back({std::string(name), ns_count});
  }

  // Attribute value from pos_ up to `end`, re-escaped for a "..." value.
  void attribute_value(std::size_t end, std::string& value) {
    std::string_view saved = in_;
    in_ = in_.substr(0, end);
    while (pos_ < end) {
      std::size_t run = pos_;
      while (pos_ < end && !kTextStops[static_cast<unsigned char>(in_[pos_])] && in_[pos_] != '"') ++pos_;
      value.append(in_.data() + run, pos_ - run);
      if (pos_ >= end) break;
      char c = in_[pos_];
      if (c == '"') {
        value += "&quot;";
        ++pos_;
      } else if (c == '<') {
        value += "&lt;";
        ++pos_;
      } else if (c == '&') {
        reference(value, '"');
      } else {
        special_byte(value);
      }
    }
    in_ = saved;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string out_;
  std::vector<std::string> problems_;
  std::size_t dropped_problems_ = 0;
  std::string scratch_;  // a decoded character reference
  std::vector<Open> stack_;
  std::vector<std::string> ns_;  // declared prefixes, innermost last
  std::unordered_set<std::string> reported_prefixes_;
  std::unordered_map<std::string, std::string> dtd_entities_;
  std::size_t overflow_ = 0;
  std::size_t line_pos_ = 0;
  int line_ = 1;
  bool seen_root_ = false;
  bool trailing_reported_ = false;
  bool second_root_reported_ = false;
  bool forbidden_reported_ = false;
  bool depth_reported_ = false;
};

}  // namespace

PreparedXml prepare_xml(std::string_view utf8) {
  if (xml_needs_no_repair(utf8)) return {std::string(utf8), {}, true};
  return Preparer(utf8).run();
}

void prepare_xml_into(std::string_view utf8, bool needs_no_repair, PreparedXml& out) {
  if (needs_no_repair) {
    out.xml.assign(utf8);
    out.problems.clear();
    out.has_root = true;
    return;
  }
  out = Preparer(utf8).run();
}

}  // namespace chipwire
