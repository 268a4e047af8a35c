// xml_needs_no_repair (see xml_prepare.h): the repair pass's fast path. One
// scan over the document that copies and rewrites nothing, answering "would
// prepare_xml report no problem, and does pugixml read these bytes exactly as it
// reads prepare_xml's canonical output?". Anything unusual answers no, and the
// full repair pass runs; so this only has to be right when it says yes.
//
// Where the canonical output differs from a clean input, pugixml reads both the
// same: the XML declaration, other processing instructions, comments and a
// simple DOCTYPE are skipped by both; tags differ only in white space and quote
// style; a character reference prepare_xml decodes, pugixml decodes to the same
// character, except where pugixml's end-of-line and attribute white space rules
// (which apply to literal characters only) would tell them apart.
//
// scan_xml_utf8 runs the same check on bytes not yet known to be UTF-8 and
// validates them as UTF-8 on the way: the validation trails the check by a few
// KiB, so it reads bytes the check has just brought into the cache (a separate
// validation pass would be the first to read the document from memory). It
// also copies the document for pugixml, and there writes a text run that holds
// several references (escaped HTML: "&lt;p&gt;...") as one CDATA section with
// the references decoded: pugixml reads the same text from it, but decoding
// references is the costliest part of pugixml's load, and a CDATA section
// has none. A run is rewritten only when that makes it shorter (so the copy
// never outgrows the input) and its text holds no "]]>". Given a side buffer,
// it leaves long text out of the copy altogether: a marker (xml_node_text)
// names the text in the input, or its decoded form in the side buffer, so
// pugixml reads 25 bytes where it would have read the whole run.
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "feeds/utf8.h"
#include "feeds/xml_prepare.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chipwire {
namespace {

// XML name characters as prepare_xml (and pugixml) read them.
constexpr bool name_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
constexpr std::array<bool, 256> make_name_table(bool start) {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = name_start(c) || (!start && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
  return t;
}
constexpr std::array<bool, 256> kNameStart = make_name_table(true);
constexpr std::array<bool, 256> kNameChar = make_name_table(false);
bool is_name_start(unsigned char c) { return kNameStart[c]; }
bool is_name_char(unsigned char c) { return kNameChar[c]; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool xml_char_allowed(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

// Bytes a text run stops at: '<', '&', control characters, 0xEF (U+FFFE/U+FFFF lead byte).
constexpr std::array<bool, 256> make_stops() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = c != '\t' && c != '\n' && c != '\r';
  t['<'] = t['&'] = t[0xEF] = true;
  return t;
}
constexpr std::array<bool, 256> kStops = make_stops();

// A marker: 0x01, then the text's address and size as 16 and 8 lowercase hex
// digits (no byte pugixml reads specially in text: no '<', '&', CR, ']').
constexpr std::size_t kMarkerSize = 1 + 16 + 8;
static_assert(kMarkerSize + 12 <= kXmlSideRun, "a marker in a CDATA section must be shorter than the run it replaces");

char* put_hex(char* w, std::uint64_t v, int digits) {
  for (int k = digits - 1; k >= 0; --k) {
    w[k] = "0123456789abcdef"[v & 15];
    v >>= 4;
  }
  return w + digits;
}

char* put_xml_marker(char* w, const char* text, std::size_t size) {
  *w++ = '\x01';
  w = put_hex(w, reinterpret_cast<std::uintptr_t>(text), 16);
  return put_hex(w, size, 8);
}

std::uint64_t read_hex(const char* p, int digits) {
  std::uint64_t v = 0;
  for (int k = 0; k < digits; ++k) v = v << 4 | static_cast<std::uint64_t>(p[k] <= '9' ? p[k] - '0' : p[k] - 'a' + 10);
  return v;
}

class Checker {
 public:
  // With `validate_utf8`, run() also validates the input as UTF-8 (see
  // input_is_utf8()) and, with `copy_to`, writes the copy for pugixml there
  // (see copy_rest()).
  Checker(std::string_view in, bool validate_utf8, char* copy_to = nullptr, char* side_to = nullptr)
      : in_(in), copy_to_(copy_to), side_to_(copy_to ? side_to : nullptr) {
    if (validate_utf8) validate_at_ = 0;
  }

  // The check's verdict. When validating, false also for invalid UTF-8 (the
  // scan stops there).
  bool run() {
    while (pos_ < in_.size()) {
      if (pos_ >= validate_at_) {
        if (!validate_to(pos_)) return false;
        if (copy_to_) copy_through(pos_);  // what the scan read last, still in cache
      }
      if (!text()) return false;
      if (pos_ >= in_.size()) break;
      if (!markup()) return false;
    }
    return stack_.empty() && seen_root_;
  }

  // After run() said yes, with copy_to: copies the rest and returns the size
  // of the copy (at most the input's).
  std::size_t copy_rest() {
    copy_through(in_.size());
    return out_;
  }

  // After run(), when validating: whether the whole input is valid UTF-8.
  bool input_is_utf8() {
    if (validated_ < in_.size() && !utf8_bad_) validate_to(in_.size());
    return !utf8_bad_;
  }

 private:
  // Validation runs once the scan is this far ahead of it.
  static constexpr std::size_t kValidationLag = 4096;

  // Validates the characters before `pos` (and the one it may cut); false at an invalid sequence.
  bool validate_to(std::size_t pos) {
    const char* d = in_.data();
    const char* v = utf8_valid_until(d + validated_, d + pos, d + in_.size());
    if (!v) {
      utf8_bad_ = true;
      validate_at_ = std::string_view::npos;
      return false;
    }
    validated_ = static_cast<std::size_t>(v - d);
    validate_at_ = validated_ + kValidationLag;
    return true;
  }

  // Index of the next byte in [pos, end) that kStops marks, else end; the
  // SSE2 path may step over named references (see named_reference), which the
  // callers would accept anyway. With kMarkup false, '<' and '&' do not stop
  // the scan (CDATA content).
  template <bool kMarkup = true>
  std::size_t next_stop(std::size_t pos, std::size_t end) {
    const char* d = in_.data();
#if defined(__SSE2__)
    const __m128i lt = _mm_set1_epi8(kMarkup ? '<' : 0), amp = _mm_set1_epi8(kMarkup ? '&' : 0);
    const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
    const __m128i space = _mm_set1_epi8(0x20), sign = _mm_set1_epi8(static_cast<char>(0x80));
    const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    // The stops among the 16 bytes at `at`, as bits.
    auto hits = [&](std::size_t at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + at));
      // Bytes below 0x20 (signed compare after flipping the sign bit), but not tab, LF, CR (frequent, and text).
      const __m128i white = _mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
      const __m128i ctl = _mm_andnot_si128(white, _mm_cmplt_epi8(_mm_xor_si128(v, sign), _mm_xor_si128(space, sign)));
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, ef), ctl));
      return static_cast<unsigned>(_mm_movemask_epi8(hit));
    };
    // Blocks of 32 bytes (two loads, one mask) while the input has them, then
    // of 16; lanes past `end` are masked off.
    while (pos < end && pos + 16 <= in_.size()) {
      const bool wide = pos + 32 <= in_.size();
      const std::size_t width = wide ? 32 : 16;
      unsigned mask = hits(pos) | (wide ? hits(pos + 16) << 16 : 0u);
      if (end - pos < width) mask &= (1u << (end - pos)) - 1;
      std::size_t next = pos + width;
      if constexpr (kMarkup) {
        // XML's five named references (most stops in escaped HTML) are skipped
        // here, without leaving the block; any other stop goes to the caller.
        while (mask) {
          const std::size_t p = pos + static_cast<unsigned>(__builtin_ctz(mask));
          const std::size_t used = d[p] == '&' ? named_reference(p, end) : 0;
          if (used == 0) return p;
          ++references_;
          if (p + used >= pos + width) {
            next = p + used;
            break;
          }
          mask &= ~0u << (p + used - pos);  // the stops after the reference
        }
      } else {
        if (mask) return pos + static_cast<unsigned>(__builtin_ctz(mask));
      }
      pos = next;
    }
    if (pos >= end) return end;
#endif
    if constexpr (kMarkup) {
      while (pos < end && !kStops[static_cast<unsigned char>(d[pos])]) ++pos;
    } else {
      while (pos < end && (!kStops[static_cast<unsigned char>(d[pos])] || d[pos] == '<' || d[pos] == '&')) ++pos;
    }
    return pos;
  }

  // Length of "&lt;", "&gt;", "&amp;", "&quot;" or "&apos;" at p (ending by
  // `end`), else 0. reference() accepts these anywhere, in text and in
  // attribute values alike, so skipping them is the same as calling it.
  std::size_t named_reference(std::size_t p, std::size_t end) const {
    if (p + 8 > in_.size()) return 0;  // near the end: reference() decides
    const char* r = in_.data() + p;
    std::size_t used = 0;
    if (std::memcmp(r, "&lt;", 4) == 0 || std::memcmp(r, "&gt;", 4) == 0) used = 4;
    else if (std::memcmp(r, "&amp;", 5) == 0) used = 5;
    else if (std::memcmp(r, "&quot;", 6) == 0 || std::memcmp(r, "&apos;", 6) == 0) used = 6;
    return p + used <= end ? used : 0;
  }

  // A byte kStops marks other than '<' and '&': a control character needs
  // repair; 0xEF is text unless it starts U+FFFE or U+FFFF.
  bool plain_stop(std::size_t p) const {
    const unsigned char c = static_cast<unsigned char>(in_[p]);
    if (c == 0xEF)  // U+FFFE and U+FFFF are not XML characters; other EF sequences are
      return !(p + 2 < in_.size() && static_cast<unsigned char>(in_[p + 1]) == 0xBF &&
               (static_cast<unsigned char>(in_[p + 2]) & 0xFE) == 0xBE);
    return false;
  }

  // Character data up to the next '<' (or the end). Outside the document
  // element only white space is accepted.
  bool text() {
    const std::size_t start = pos_;
    references_ = 0;
    while (true) {
      pos_ = next_stop(pos_, in_.size());
      if (pos_ >= in_.size() || in_[pos_] == '<') break;
      if (in_[pos_] == '&') {
        if (!reference(in_.size(), false)) return false;
        ++references_;
      } else {
        if (!plain_stop(pos_)) return false;
        ++pos_;
      }
    }
    if (stack_.empty()) {
      for (std::size_t i = start; i < pos_; ++i)
        if (!is_space(in_[i])) return false;
    } else if (side_to_ && pos_ - start >= kXmlSideRun && side_text(start, pos_, references_)) {
      // left out of the copy
    } else if (copy_to_ && references_ >= kMinReferences) {
      write_cdata(start, pos_);
    }
    return true;
  }

  // The text [start, end) of a text run (holding `references`, which the
  // check accepted) or of a CDATA section (none), as a marker in the copy:
  // its text is the input's bytes when it holds no reference, else its decoded
  // text in the side buffer. Of the type the copy would give it (CDATA where
  // write_cdata would write one; a CDATA section's marker stays inside its
  // "<![CDATA[" and "]]>"). False, and nothing written, when the text holds a
  // CR (pugixml would rewrite its line ends).
  bool side_text(std::size_t start, std::size_t end, std::size_t references) {
    const char* const p = in_.data() + start;
    const std::size_t n = end - start;
    if (std::memchr(p, '\r', n) != nullptr) return false;
    copy_through(start);
    if (references == 0) {
      write_marker(p, n, false);
    } else {
      char* const text = side_to_ + side_out_;
      const std::size_t size = static_cast<std::size_t>(decode_references(p, p + n, text) - text);
      side_out_ += size;
      const bool cdata =
          references >= kMinReferences && std::string_view(text, size).find("]]>") == std::string_view::npos;
      write_marker(text, size, cdata);
    }
    copied_ = end;
    return true;
  }

  // A marker for `size` bytes at `text` at the copy's end, inside a CDATA
  // section when `cdata` (the caller makes sure the run it stands for is longer).
  void write_marker(const char* text, std::size_t size, bool cdata) {
    char* w = copy_to_ + out_;
    if (cdata) {
      std::memcpy(w, "<![CDATA[", 9);
      w += 9;
    }
    w = put_xml_marker(w, text, size);
    if (cdata) {
      std::memcpy(w, "]]>", 3);
      w += 3;
    }
    out_ = static_cast<std::size_t>(w - copy_to_);
  }

  // Room the copy needs past the input's size (for 16-byte stores; see scan_xml_utf8).
  static constexpr std::size_t kCopySlack = kXmlCopySlack;
  static_assert(kCopySlack >= 9 + 16);

  // Each reference is at least 3 bytes longer than its character, so a run
  // with this many is at least as long as the 12 bytes "<![CDATA[" "]]>" add.
  static constexpr std::size_t kMinReferences = 4;

  // Copies the input up to `to` as it is.
  void copy_through(std::size_t to) {
    std::memcpy(copy_to_ + out_, in_.data() + copied_, to - copied_);
    out_ += to - copied_;
    copied_ = to;
  }

  // The text run [start, end), whose references the check accepted, written
  // as a CDATA section with them decoded (as pugixml decodes them); left to be
  // copied as it is when its text holds "]]>".
  void write_cdata(std::size_t start, std::size_t end) {
    copy_through(start);
    char* const begin = copy_to_ + out_;
    char* w = begin;
    std::memcpy(w, "<![CDATA[", 9);
    w += 9;
    w = decode_references(in_.data() + start, in_.data() + end, w);
    if (std::string_view(begin + 9, static_cast<std::size_t>(w - begin - 9)).find("]]>") != std::string_view::npos)
      return;  // copied as it is later
    std::memcpy(w, "]]>", 3);
    w += 3;
    out_ = static_cast<std::size_t>(w - copy_to_);
    copied_ = end;
  }

  // Writes the text [p, stop) at w with its references (which the check
  // accepted) decoded as pugixml decodes them; returns the end of what it
  // wrote. Writes up to 16 bytes past that end (the buffers have the slack).
  static char* decode_references(const char* p, const char* const stop, char* w) {
    while (true) {
      // Up to the next '&', 16 bytes at a time (written whole: the buffer has
      // kCopySlack bytes of room past the input's size).
#if defined(__SSE2__)
      const __m128i amp = _mm_set1_epi8('&');
      while (stop - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w), v);
        const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, amp)));
        if (mask) {
          p += __builtin_ctz(mask);
          w += __builtin_ctz(mask);
          break;
        }
        p += 16;
        w += 16;
      }
#endif
      while (p < stop && *p != '&') *w++ = *p++;
      if (p == stop) break;
      ++p;
      if (*p == '#') {
        const bool hex = p[1] == 'x';
        p += hex ? 2 : 1;
        std::uint32_t v = 0;
        for (; *p != ';'; ++p)
          v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
        w = put_utf8(w, v);
      } else if (p[0] == 'l' || p[0] == 'g') {
        *w++ = p[0] == 'l' ? '<' : '>';
        p += 2;
      } else if (p[1] == 'm') {
        *w++ = '&';
        p += 3;
      } else {
        *w++ = p[0] == 'q' ? '"' : '\'';
        p += 4;
      }
      ++p;  // the ';'
    }
    return w;
  }

  static char* put_utf8(char* w, std::uint32_t c) {
    if (c < 0x80) {
      *w++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *w++ = static_cast<char>(0xC0 | (c >> 6));
      *w++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *w++ = static_cast<char>(0xE0 | (c >> 12));
      *w++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *w++ = static_cast<char>(0xF0 | (c >> 18));
      *w++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *w++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *w++ = static_cast<char>(0x80 | (c & 0x3F));
    }
    return w;
  }

  // '&' at pos_ (before `end`): one of XML's five named references, or a
  // numeric reference with ';' to a character XML allows. Not 0x80..0x9F
  // (prepare_xml reads them as windows-1252, as HTML does). Not CR, which
  // prepare_xml writes as a character and pugixml then reads as LF; not LF
  // right after a CR (the pair would become one LF); in an attribute value not
  // tab, LF or CR either (pugixml turns those characters into spaces there).
  bool reference(std::size_t end, bool in_attribute) {
    std::size_t i = pos_ + 1;
    if (i < end && in_[i] == '#') {
      ++i;
      const bool hex = i < end && in_[i] == 'x';
      if (hex) ++i;
      const std::size_t digits = i;
      std::uint32_t v = 0;
      for (; i < end; ++i) {
        const char c = in_[i];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else break;
        if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      }
      if (i == digits || i >= end || in_[i] != ';') return false;
      if (!xml_char_allowed(v) || v == 0xD) return false;
      if (v >= 0x80 && v <= 0x9F) return false;  // prepare_xml reads these as windows-1252
      if (in_attribute ? (v == 0x9 || v == 0xA) : (v == 0xA && pos_ > 0 && in_[pos_ - 1] == '\r')) return false;
      pos_ = i + 1;
      return true;
    }
    // XML's five names; ';' ends a name, so these prefixes are whole names.
    const char* p = in_.data() + i;
    const std::size_t left = end - i;
    std::size_t used = 0;
    if (left >= 3 && p[2] == ';' && p[1] == 't' && (p[0] == 'l' || p[0] == 'g')) used = 3;
    else if (left >= 4 && p[0] == 'a' && p[1] == 'm' && p[2] == 'p' && p[3] == ';') used = 4;
    else if (left >= 5 && p[4] == ';' && ((p[0] == 'q' && p[1] == 'u' && p[2] == 'o' && p[3] == 't') ||
                                          (p[0] == 'a' && p[1] == 'p' && p[2] == 'o' && p[3] == 's')))
      used = 5;
    if (!used) return false;
    pos_ = i + used;
    return true;
  }

  bool markup() {
    if (pos_ + 1 >= in_.size()) return false;  // a bare '<' at the end
    const unsigned char c = static_cast<unsigned char>(in_[pos_ + 1]);
    if (kNameStart[c]) return start_tag();
    if (c == '/') return end_tag();
    if (c != '!' && c != '?') return false;  // a bare '<'
    // prepare_xml drops comments and processing instructions, joining the text
    // around them: a CR before one and an LF after it become one LF there, two
    // LFs when pugixml reads them apart.
    const std::string_view rest = in_.substr(pos_);
    const bool after_cr = !stack_.empty() && pos_ > 0 && in_[pos_ - 1] == '\r';
    if (c == '?') return !after_cr && processing_instruction();
    if (rest.starts_with("<!--")) {
      if (after_cr) return false;
      const std::size_t e = in_.find("-->", pos_ + 4);
      if (e == std::string_view::npos) return false;
      pos_ = e + 3;
      return true;
    }
    if (rest.starts_with("<![CDATA[")) return cdata();
    if (rest.starts_with("<!DOCTYPE")) return doctype();
    return false;  // another kind of "<!"
  }

  bool cdata() {
    if (stack_.empty()) return false;
    const std::size_t start = pos_ + 9;
    const std::size_t e = in_.find("]]>", start);
    if (e == std::string_view::npos) return false;
    for (std::size_t p = start; (p = next_stop<false>(p, e)) < e; ++p)
      if (!plain_stop(p)) return false;
    if (side_to_ && e - start >= kXmlSideRun) side_text(start, e, 0);  // "]]>" is copied later
    pos_ = e + 3;
    return true;
  }

  // Before the document element, no internal subset, no markup inside.
  bool doctype() {
    if (seen_root_ || !stack_.empty()) return false;
    for (std::size_t i = pos_ + 9; i < in_.size(); ++i) {
      const char c = in_[i];
      if (c == '"' || c == '\'') {
        const std::size_t close = in_.find(c, i + 1);
        if (close == std::string_view::npos) return false;
        i = close;
      } else if (c == '[' || c == '<') {
        return false;
      } else if (c == '>') {
        pos_ = i + 1;
        return true;
      }
    }
    return false;
  }

  bool processing_instruction() {
    if (pos_ + 2 >= in_.size() || !is_name_start(static_cast<unsigned char>(in_[pos_ + 2]))) return false;
    if (pos_ != 0 && in_.substr(pos_).starts_with("<?xml") && pos_ + 5 < in_.size() && is_space(in_[pos_ + 5]))
      return false;  // an XML declaration not at the start
    const std::size_t e = in_.find("?>", pos_ + 2);
    if (e == std::string_view::npos) return false;
    pos_ = e + 2;
    return true;
  }

  std::string_view read_name(std::size_t& i) const {
    const std::size_t s = i;
    while (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) ++i;
    return in_.substr(s, i - s);
  }

  // "</name>" closing the innermost open element; white space before '>' only.
  bool end_tag() {
    if (stack_.empty()) return false;
    // The open element's name, compared in one go: the end tag's name is that
    // name when these bytes match and no name character follows them.
    const std::string_view open = stack_.back().name;
    std::size_t i = pos_ + 2;
    if (in_.size() - i < open.size() || std::memcmp(in_.data() + i, open.data(), open.size()) != 0) return false;
    i += open.size();
    if (i < in_.size() && is_name_char(static_cast<unsigned char>(in_[i]))) return false;
    while (i < in_.size() && is_space(in_[i])) ++i;
    if (i >= in_.size() || in_[i] != '>') return false;
    declared_.resize(declared_.size() - stack_.back().declared);
    stack_.pop_back();
    pos_ = i + 1;
    return true;
  }

  bool prefix_declared(std::string_view qname) const {
    std::size_t colon = 0;  // names are short: a loop beats a library call
    while (colon < qname.size() && qname[colon] != ':') ++colon;
    if (colon == qname.size() || colon == 0) return true;
    const std::string_view prefix = qname.substr(0, colon);
    if (prefix == "xml" || prefix == "xmlns") return true;
    for (auto it = declared_.rbegin(); it != declared_.rend(); ++it)
      if (*it == prefix) return true;
    return false;
  }

  // <name attr="value" ...> or <name .../>: attributes separated by white
  // space, each with a quoted value, none twice, every prefix declared.
  bool start_tag() {
    if (stack_.empty() && seen_root_) return false;  // a second document element
    std::size_t i = pos_ + 1;
    const std::string_view name = read_name(i);
    std::size_t declared = 0;
    attrs_.clear();
    bool self_closing = false;
    while (true) {
      const std::size_t ws = i;
      while (i < in_.size() && is_space(in_[i])) ++i;
      if (i >= in_.size()) return false;
      const char c = in_[i];
      if (c == '>') {
        ++i;
        break;
      }
      if (c == '/') {
        if (i + 1 >= in_.size() || in_[i + 1] != '>') return false;
        i += 2;
        self_closing = true;
        break;
      }
      if (!is_name_start(static_cast<unsigned char>(c)) || ws == i) return false;
      const std::string_view an = read_name(i);
      while (i < in_.size() && is_space(in_[i])) ++i;
      if (i >= in_.size() || in_[i] != '=') return false;
      ++i;
      while (i < in_.size() && is_space(in_[i])) ++i;
      if (i >= in_.size() || (in_[i] != '"' && in_[i] != '\'')) return false;
      const char quote = in_[i++];
      const std::size_t close = in_.find(quote, i);
      if (close == std::string_view::npos) return false;
      // The value: references as in text; '<' is read alike either way.
      for (std::size_t p = i; (p = next_stop(p, close)) < close;) {
        const char v = in_[p];
        if (v == '&') {
          pos_ = p;
          if (!reference(close, true)) return false;
          p = pos_;
        } else if (v == '<' || plain_stop(p)) {
          ++p;
        } else {
          return false;
        }
      }
      i = close + 1;
      for (std::string_view seen : attrs_)
        if (seen == an) return false;
      attrs_.push_back(an);
      if (an.starts_with("xmlns:")) {
        declared_.push_back(an.substr(6));
        ++declared;
      }
    }
    if (!prefix_declared(name)) return false;
    for (std::string_view an : attrs_)
      if (!an.starts_with("xmlns:") && !prefix_declared(an)) return false;
    if (stack_.size() >= static_cast<std::size_t>(kMaxXmlDepth)) return false;
    seen_root_ = true;
    pos_ = i;
    if (self_closing) {
      declared_.resize(declared_.size() - declared);
    } else {
      stack_.push_back({name, declared});
    }
    return true;
  }

  struct Open {
    std::string_view name;
    std::size_t declared;  // namespace prefixes this element declares
  };

  std::string_view in_;
  std::size_t pos_ = 0;
  std::vector<Open> stack_;
  std::vector<std::string_view> declared_;  // declared prefixes, innermost last
  std::vector<std::string_view> attrs_;     // attribute names of the current start tag
  bool seen_root_ = false;
  // UTF-8 validation: done up to validated_, next due at validate_at_ (npos: not validating).
  std::size_t validated_ = 0;
  std::size_t validate_at_ = std::string_view::npos;
  bool utf8_bad_ = false;
  // The copy for pugixml: input before copied_ is written, as out_ bytes at copy_to_.
  char* copy_to_ = nullptr;
  std::size_t copied_ = 0;
  std::size_t out_ = 0;
  // Decoded text that markers stand for: side_out_ bytes written at side_to_ (null: no markers).
  char* side_to_ = nullptr;
  std::size_t side_out_ = 0;
  std::size_t references_ = 0;  // in the current text run
};

}  // namespace

bool xml_needs_no_repair(std::string_view utf8) { return Checker(utf8, false).run(); }

std::string_view xml_node_text(const char* value) {
  if (value[0] != '\x01') return value;
  return {reinterpret_cast<const char*>(static_cast<std::uintptr_t>(read_hex(value + 1, 16))),
          static_cast<std::size_t>(read_hex(value + 17, 8))};
}

XmlUtf8Scan scan_xml_utf8(std::string_view bytes, char* copy_to, char* side_to) {
  Checker checker(bytes, true, copy_to, side_to);
  const bool clean = checker.run();
  XmlUtf8Scan scan;
  scan.utf8_valid = checker.input_is_utf8();
  scan.needs_no_repair = clean && scan.utf8_valid;
  if (scan.needs_no_repair && copy_to) scan.copy_size = checker.copy_rest();
  return scan;
}

}  // namespace chipwire
