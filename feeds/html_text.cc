// HTML to plain text (see html_text.h): a small tokenizer in the spirit of
// Python's html.parser, which the conformance vectors were written against.
//
// One pass over the input: text is written straight into the result with its
// white space folded on the way (a small state machine: "a space is owed",
// "a 0xC2 byte waits to see whether U+00A0 follows"), references are decoded
// into a reused scratch buffer, tags are skipped without copying.
#include "feeds/html_text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/text.h"
#include "feeds/entities.h"
#include "feeds/utf8.h"

namespace chipwire {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

constexpr std::array<bool, 256> make_name_ends() {
  std::array<bool, 256> t{};
  t[' '] = t['\t'] = t['\n'] = t['\r'] = t['\f'] = t['/'] = t['>'] = true;
  return t;
}
constexpr std::array<bool, 256> kNameEnds = make_name_ends();

// Byte classes of the text scanner.
enum : unsigned char { kPlain = 0, kSpace = 1, kLeadC2 = 2, kLess = 3, kAmp = 4 };

constexpr std::array<unsigned char, 256> make_classes(bool stop_at_less, bool decode) {
  std::array<unsigned char, 256> t{};
  t[' '] = t['\t'] = t['\n'] = t['\r'] = t['\f'] = t['\v'] = kSpace;
  t[0xC2] = kLeadC2;  // U+00A0 is C2 A0
  if (stop_at_less) t['<'] = kLess;
  if (decode) t['&'] = kAmp;
  return t;
}

// How a text run is read: inside HTML (stops at '<', decodes references), the
// tail after an unterminated tag ('<' is text, references decoded), or
// decoded reference text (nothing special but white space).
enum class Mode { markup, tail, decoded };
constexpr std::array<unsigned char, 256> kMarkupClasses = make_classes(true, true);
constexpr std::array<unsigned char, 256> kTailClasses = make_classes(false, true);
constexpr std::array<unsigned char, 256> kDecodedClasses = make_classes(false, false);

// Writes the folded text of an HTML fragment: runs of ASCII white space and
// U+00A0 become one space, none at either end (as core's fold_whitespace).
class TextWriter {
 public:
  // `buf` is a work buffer kept between calls (grown, never cleared: writing
  // into it needs no zero fill); the result is copied out at the end.
  TextWriter(std::string_view in, std::string& buf) : in_(in), out_(buf) {
    if (out_.size() < in.size() + kSlack) out_.resize(in.size() + kSlack);
    w_ = out_.data();
  }

  // Text from in_[i] up to the next '<' (markup) or the end (tail); returns where it stopped.
  template <Mode kMode>
  std::size_t text(std::size_t i) {
    const char* p = in_.data() + i;
    p = scan<kMode>(p, in_.data() + in_.size());
    return static_cast<std::size_t>(p - in_.data());
  }

  // A block element: a word break.
  void word_break() {
    flush_lead();
    pending_space_ = true;
  }

  void literal(char c) {
    flush_lead();
    put(c);
  }

  std::string finish() {
    flush_lead();
    std::string text(out_.data(), static_cast<std::size_t>(w_ - out_.data()));
    if (out_.size() > kKeepBytes) std::string().swap(out_);  // do not hold a huge document's worth
    return text;
  }

 private:
  // Room for what one reference may add beyond the bytes it consumes.
  static constexpr std::size_t kSlack = 16;
  static constexpr std::size_t kKeepBytes = std::size_t{1} << 20;

  template <Mode kMode>
  const char* scan(const char* p, const char* end) {
    const auto& cls = kMode == Mode::markup ? kMarkupClasses : kMode == Mode::tail ? kTailClasses : kDecodedClasses;
    // A lead byte held from the last run: only here can it be waiting (inside
    // the loop one is held only just before '<' or the end, where the run stops).
    if (held_lead_ && p < end && cls[static_cast<unsigned char>(*p)] != kLess) {  // a tag keeps it waiting
      held_lead_ = false;
      if (static_cast<unsigned char>(*p) == 0xA0) {
        pending_space_ = true;
        ++p;
      } else {
        put('\xC2');
      }
    }
    while (p < end) {
      const unsigned char c = static_cast<unsigned char>(*p);
      switch (cls[c]) {
        case kPlain: {
          put(static_cast<char>(c));
          ++p;
          char* w = w_;
          if constexpr (kMode != Mode::decoded) {
            const Stop stop = copy_blocks<kMode>(p, end, w);
            if (stop != Stop::near_end) {
              w_ = w;
              if (stop == Stop::less) return p;  // the usual end of a run: a tag
              break;
            }
          }
          while (p < end && cls[static_cast<unsigned char>(*p)] == kPlain) *w++ = *p++;
          w_ = w;
          if constexpr (kMode == Mode::markup) {
            if (p < end && *p == '<') return p;
          }
          break;
        }
        case kSpace:  // a run of white space: one space owed
          pending_space_ = true;
          do ++p;
          while (p < end && cls[static_cast<unsigned char>(*p)] == kSpace);
          break;
        case kLeadC2:
          if (p + 1 >= end || cls[static_cast<unsigned char>(p[1])] == kLess) {
            held_lead_ = true;  // the next byte written (after any tag) decides
            ++p;
          } else if (static_cast<unsigned char>(p[1]) == 0xA0) {
            pending_space_ = true;
            p += 2;
          } else {
            put('\xC2');
            ++p;
          }
          break;
        case kLess:
          return p;
        default:  // '&'
          p = reference(p);
          break;
      }
    }
    return p;
  }

  // Copies 16 bytes at a time while they need no folding: plain bytes, and
  // single white space characters between plain bytes, written as ' ' (what
  // the scanner makes of them: a space owed, paid by the next plain byte).
  // REQUIRES: the byte before p was just written as it is (so white space in
  // the first lane follows a written byte).
  // Stops at the first byte the scanner must look at; writes at most 16 bytes
  // past w, which the slack covers (room >= remaining input + kSlack).
  // Where copy_blocks stopped: within 16 bytes of the end (the bytes left are
  // the caller's), at a byte the scanner must look at, or at a '<' (markup).
  enum class Stop { near_end, special, less };

  template <Mode kMode>
  static Stop copy_blocks(const char*& p, const char* end, char*& w) {
#if defined(__SSE2__)
    const auto& cls = kMode == Mode::markup ? kMarkupClasses : kTailClasses;
    const __m128i space = _mm_set1_epi8(' '), lead = _mm_set1_epi8(static_cast<char>(0xC2));
    const __m128i less = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
    const __m128i nine = _mm_set1_epi8(9), four = _mm_set1_epi8(4);
    while (end - p > 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i ctl = _mm_sub_epi8(v, nine);  // \t \n \v \f \r are 9..13
      const __m128i is_space = _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(_mm_min_epu8(ctl, four), ctl));
      __m128i special = _mm_or_si128(is_space, _mm_cmpeq_epi8(v, lead));
      special = _mm_or_si128(special, _mm_cmpeq_epi8(v, amp));
      if constexpr (kMode == Mode::markup) special = _mm_or_si128(special, _mm_cmpeq_epi8(v, less));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), _mm_or_si128(_mm_andnot_si128(is_space, v), _mm_and_si128(is_space, space)));
      const unsigned s = static_cast<unsigned>(_mm_movemask_epi8(special));
      if (s == 0) {
        p += 16;
        w += 16;
        continue;
      }
      const unsigned next_special = cls[static_cast<unsigned char>(p[16])] != kPlain;
      const unsigned prev = (s << 1) & 0xFFFF;
      const unsigned next = (s >> 1) | (next_special << 15);
      const unsigned single_spaces = static_cast<unsigned>(_mm_movemask_epi8(is_space)) & ~prev & ~next;
      const unsigned stop = s & ~single_spaces;
      if (stop == 0) {
        p += 16;
        w += 16;
        continue;
      }
      const unsigned n = static_cast<unsigned>(__builtin_ctz(stop));
      p += n;
      w += n;
      if constexpr (kMode == Mode::markup) {
        if ((static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, less))) >> n) & 1) return Stop::less;
      }
      return Stop::special;
    }
#else
    (void)p, (void)end, (void)w;
#endif
    return Stop::near_end;
  }

  // '&' at p: a reference is decoded (its text folded like any other), else '&' is text.
  const char* reference(const char* p) {
    const std::size_t pos = static_cast<std::size_t>(p - in_.data());
    scratch_.clear();
    const std::size_t used = decode_html_reference(in_, pos, scratch_);
    if (used == 0) {
      put('&');
      return p + 1;
    }
    if (scratch_.size() == 1 && kDecodedClasses[static_cast<unsigned char>(scratch_[0])] == kPlain) {
      // One ASCII character (&quot; &lt; &#39; ...), the common case: what
      // scanning it would write, and no more than the reference's own bytes.
      flush_lead();
      put(scratch_[0]);
      return p + used;
    }
    // Keep room for the rest of the input plus this reference's text.
    const std::size_t need = (in_.size() - pos) + scratch_.size() + kSlack;
    const std::size_t have = out_.size() - static_cast<std::size_t>(w_ - out_.data());
    if (have < need) {
      const std::size_t at = static_cast<std::size_t>(w_ - out_.data());
      out_.resize(out_.size() + need);
      w_ = out_.data() + at;
    }
    scan<Mode::decoded>(scratch_.data(), scratch_.data() + scratch_.size());
    return p + used;
  }

  void put(char c) {
    if (pending_space_) {
      if (w_ != out_.data()) *w_++ = ' ';
      pending_space_ = false;
    }
    *w_++ = c;
  }
  void flush_lead() {
    if (held_lead_) {
      held_lead_ = false;
      put('\xC2');
    }
  }

  std::string_view in_;
  std::string& out_;
  char* w_ = nullptr;
  std::string scratch_;
  bool pending_space_ = false;
  bool held_lead_ = false;  // a 0xC2 ended the last run: U+00A0 if 0xA0 comes next
};

// The first `c` in [p, end), else end.
inline const char* find_byte(const char* p, const char* end, char c) {
#if defined(__SSE2__)
  const __m128i cv = _mm_set1_epi8(c);
  for (; end - p >= 16; p += 16) {
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), cv)));
    if (mask) return p + __builtin_ctz(mask);
  }
#endif
  while (p < end && *p != c) ++p;
  return p;
}

// True when the quote at q opens an attribute value: right after '=' (white space between allowed).
inline bool opens_value(const char* begin, const char* q) {
  while (q > begin && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n')) --q;
  return q > begin && q[-1] == '=';
}

// Index just past the '>' that ends a tag starting at `i`, honouring quoted attribute values; npos when none.
std::size_t tag_end(std::string_view s, std::size_t i) {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin + i;
#if defined(__SSE2__)
  // 32 bytes at a time: the '>' and quotes of a block are walked as bits, so
  // a quoted value that closes in the same block costs no further scan.
  const __m128i gt = _mm_set1_epi8('>'), dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\'');
  while (end - p >= 32) {
    const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    const std::uint32_t m_gt = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v0, gt))) |
                               static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v1, gt))) << 16;
    const std::uint32_t m_dq = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v0, dq))) |
                               static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v1, dq))) << 16;
    const std::uint32_t m_sq = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v0, sq))) |
                               static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v1, sq))) << 16;
    std::uint32_t stops = m_gt | m_dq | m_sq;
    const char* next = p + 32;
    while (stops) {
      const unsigned b = static_cast<unsigned>(__builtin_ctz(stops));
      if ((m_gt >> b) & 1) return static_cast<std::size_t>(p - begin) + b + 1;
      if (!opens_value(begin, p + b)) {
        stops &= stops - 1;
        continue;
      }
      const std::uint32_t past = ~((std::uint32_t{2} << b) - 1);  // bits past b (none when b is 31)
      const std::uint32_t close = (p[b] == '"' ? m_dq : m_sq) & past;
      if (close == 0) {  // the value runs past this block
        const char* c = find_byte(p + 32, end, p[b]);
        if (c == end) return std::string_view::npos;
        next = c + 1;
        break;
      }
      const unsigned cb = static_cast<unsigned>(__builtin_ctz(close));
      stops &= ~((std::uint32_t{2} << cb) - 1);
    }
    p = next;
  }
#endif
  while (true) {
    while (p < end && *p != '>' && *p != '"' && *p != '\'') ++p;
    if (p == end) return std::string_view::npos;
    if (*p == '>') return static_cast<std::size_t>(p - begin) + 1;
    if (opens_value(begin, p)) {
      const char* close = find_byte(p + 1, end, *p);  // values are short: no library call
      if (close == end) return std::string_view::npos;
      p = close + 1;
    } else {
      ++p;
    }
  }
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

}  // namespace

namespace {
// A name of up to 8 bytes as one integer, so a length's candidates are one switch.
constexpr std::uint64_t name_key(std::string_view n) {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < n.size() && i < 8; ++i) k |= std::uint64_t{static_cast<unsigned char>(n[i])} << (8 * i);
  return k;
}
}  // namespace

namespace {

enum class TagName : unsigned char { other, block, script, style };

// The names of 1..8 bytes that TagName tells apart, found by one multiplicative
// hash of their name_key: a table read and one compare per tag instead of
// switches on length and name. The multiplier was picked (offline) so that
// these names take distinct slots of 128; kTagTable's build checks it.
constexpr std::uint64_t kTagHashMultiplier = 0xa28dba7d80863d8full;
constexpr unsigned tag_slot(std::uint64_t key) { return static_cast<unsigned>((key * kTagHashMultiplier) >> 57); }

struct TagSlot {
  std::uint64_t key = 0;
  std::size_t size = 0;  // 0: no name; compared too, as a name may hold zero bytes
  TagName kind = TagName::other;
};

// Block elements of up to 8 bytes (the two of 10, blockquote and figcaption, are compared as strings).
constexpr std::array<std::string_view, 44> kShortBlockNames = {
    "p",      "br",     "dd",     "dl",      "dt",      "li",      "ol",      "td",       "th",    "tr",    "ul",
    "h1",     "h2",     "h3",     "h4",      "h5",      "h6",      "hr",      "div",      "dir",   "nav",   "pre",
    "body",   "form",   "head",   "html",    "main",    "menu",    "aside",   "table",    "tbody", "tfoot", "thead",
    "title",  "center", "figure", "footer",  "header",  "option",  "address", "article",  "caption", "section",
    "fieldset"};

struct TagTable {
  std::array<TagSlot, 128> slots{};
  bool distinct = true;  // no two names share a slot
};

constexpr TagTable make_tag_table() {
  TagTable t;
  auto add = [&t](std::string_view name, TagName kind) {
    TagSlot& slot = t.slots[tag_slot(name_key(name))];
    if (slot.size != 0) t.distinct = false;
    slot = {name_key(name), name.size(), kind};
  };
  for (std::string_view n : kShortBlockNames) add(n, TagName::block);
  add("script", TagName::script);
  add("style", TagName::style);
  return t;
}
constexpr TagTable kTagTable = make_tag_table();
static_assert(kTagTable.distinct, "pick another kTagHashMultiplier");

// Reads the tag name at s[i..] (i ends past it) and classifies it, lowercased,
// without copying it: what lower_name then is_block_element would answer.
// Length of the tag name at s[i..]: the bytes before the first that kNameEnds marks.
inline std::size_t tag_name_length(std::string_view s, std::size_t i) {
  const std::size_t start = i, size = s.size();
#if defined(__SSE2__)
  // 16 bytes at once: one mask instead of a loop whose exit depends on each name's length.
  if (start + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + start));
    const __m128i ctl = _mm_sub_epi8(v, _mm_set1_epi8(9));  // \t \n \v \f \r are 9..13; \v is a name byte
    __m128i ends = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\v')),
                                    _mm_cmpeq_epi8(_mm_min_epu8(ctl, _mm_set1_epi8(4)), ctl));
    ends = _mm_or_si128(ends, _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    ends = _mm_or_si128(ends, _mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
    ends = _mm_or_si128(ends, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(ends));
    if (mask) return static_cast<std::size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i < size && !kNameEnds[static_cast<unsigned char>(s[i])]) ++i;
  return i - start;
}

inline TagName read_tag_name(std::string_view s, std::size_t& i) {
  const std::size_t start = i, size = s.size();
  i += tag_name_length(s, i);
  const std::size_t n = i - start;
  if (n == 0 || n > 10) return TagName::other;
  if (n <= 8) {
    std::uint64_t key = 0;
    if (std::endian::native == std::endian::little && start + 8 <= size) {
      // The name_key of the name, read as one word: letters lowercased 8 at a
      // time (a byte A..Z gains 0x20), the bytes past the name masked off.
      constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
      std::uint64_t w;
      std::memcpy(&w, s.data() + start, 8);
      const std::uint64_t low7 = w & ~kHigh;
      const std::uint64_t upper = (low7 + kOnes * (0x80 - 'A')) & ~(low7 + kOnes * (0x80 - 'Z' - 1)) & ~w & kHigh;
      key = (w | (upper >> 2)) & (n == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1);
    } else {
      for (std::size_t k = 0; k < n; ++k) key |= std::uint64_t{static_cast<unsigned char>(lower(s[start + k]))} << (8 * k);
    }
    const TagSlot& slot = kTagTable.slots[tag_slot(key)];
    return slot.key == key && slot.size == n ? slot.kind : TagName::other;
  }
  char buf[10];
  for (std::size_t k = 0; k < n; ++k) buf[k] = lower(s[start + k]);
  return is_block_element(std::string_view(buf, n)) ? TagName::block : TagName::other;
}

}  // namespace

std::size_t html_tag_end(std::string_view html, std::size_t i) { return tag_end(html, i); }

bool is_block_element(std::string_view n) {
  if (n.size() == 10) return n == "blockquote" || n == "figcaption";
  if (n.empty() || n.size() > 8) return false;
  const std::uint64_t key = name_key(n);
  const TagSlot& slot = kTagTable.slots[tag_slot(key)];
  return slot.key == key && slot.size == n.size() && slot.kind == TagName::block;
}

std::string html_to_text(std::string_view s) {
  thread_local std::string buffer;  // html_to_text does not call itself
  TextWriter out(s, buffer);
  std::size_t i = 0;
  while (i < s.size()) {
    i = out.text<Mode::markup>(i);
    if (i >= s.size()) break;
    std::string_view rest = s.substr(i);
    if (rest.size() > 1 && is_alpha(rest[1])) {
      std::size_t e = tag_end(s, i + 1);
      if (e == std::string_view::npos) {  // unterminated tag at the end: text, as html.parser leaves it
        out.text<Mode::tail>(i);
        break;
      }
      std::size_t k = i + 1;
      const TagName name = read_tag_name(s, k);
      i = e;
      bool self_closing = e >= 2 && s[e - 2] == '/';
      if ((name == TagName::script || name == TagName::style) && !self_closing) {
        std::size_t close = find_ci(s, name == TagName::script ? "</script" : "</style", i);
        if (close == std::string_view::npos) break;
        std::size_t ce = s.find('>', close);
        i = ce == std::string_view::npos ? s.size() : ce + 1;
        continue;
      }
      if (name == TagName::block) out.word_break();
      continue;
    }
    if (rest.starts_with("</")) {
      if (rest.size() > 2 && is_alpha(rest[2])) {
        std::size_t k = i + 2;
        const TagName name = read_tag_name(s, k);
        std::size_t e = k < s.size() && s[k] == '>' ? k : s.find('>', k);
        if (e == std::string_view::npos) {
          out.text<Mode::tail>(i);
          break;
        }
        i = e + 1;
        if (name == TagName::block) out.word_break();
        continue;
      }
      if (rest.size() > 2 && rest[2] == '>') {  // "</>" is dropped
        i += 3;
        continue;
      }
      std::size_t e = s.find('>', i);  // bogus comment
      if (e == std::string_view::npos) {
        out.text<Mode::tail>(i);
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
        out.text<Mode::tail>(i);
        break;
      }
      i = e + 1;
      continue;
    }
    out.literal('<');
    ++i;
  }
  return out.finish();
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
  std::string name;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      std::size_t k = i + 1;
      bool end = k < s.size() && s[k] == '/';
      if (end) ++k;
      std::size_t st = k;
      while (k < s.size() && is_word(s[k])) ++k;
      if (k == st) continue;
      name.clear();
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
