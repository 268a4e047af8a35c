// decode_document: which charset a feed document is in, and its UTF-8 text.
//
// Byte order mark, then the charset of an XML content type, then the XML
// declaration, then "valid UTF-8 wins", then windows-1252. A declared charset
// that is unknown, or that the bytes do not follow, is a problem (not
// well-formed); the bytes are still read as well as they can be.
#include <functional>
#include <string>

#include "core/text.h"
#include "feeds/utf8.h"
#include "feeds/charset.h"

namespace chipwire {
namespace {

struct Sniffed {
  std::string label;  // "" when nothing was found
  std::size_t skip = 0;
  bool bom = false;
};

Sniffed sniff_bom(std::string_view b) {
  auto starts = [&](std::string_view p) { return b.starts_with(p); };
  using namespace std::string_view_literals;
  if (starts("\xEF\xBB\xBF"sv)) return {"utf-8", 3, true};
  if (starts("\x00\x00\xFE\xFF"sv)) return {"utf-32be", 4, true};
  if (starts("\xFF\xFE\x00\x00"sv)) return {"utf-32le", 4, true};
  if (starts("\xFE\xFF"sv)) return {"utf-16be", 2, true};
  if (starts("\xFF\xFE"sv)) return {"utf-16le", 2, true};
  // No BOM: the first characters of "<?xml" or "<" in a wide encoding.
  if (starts("\x00\x00\x00\x3C"sv)) return {"utf-32be", 0, false};
  if (starts("\x3C\x00\x00\x00"sv)) return {"utf-32le", 0, false};
  if (starts("\x00\x3C\x00\x3F"sv)) return {"utf-16be", 0, false};
  if (starts("\x3C\x00\x3F\x00"sv)) return {"utf-16le", 0, false};
  if (starts("\x4C\x6F\xA7\x94"sv)) return {"ibm037", 0, false};
  return {};
}

bool wide(std::string_view label) { return label.starts_with("utf-16") || label.starts_with("utf-32"); }

// The declaration of a document in a non-ASCII-compatible encoding, read after converting its start.
std::string declared_in(std::string_view bytes, const Charset& cs) {
  std::string head;
  convert_to_utf8(bytes.substr(0, std::min<std::size_t>(bytes.size(), 1024)), cs, head);
  return xml_declared_encoding(head);
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool has_utf8_multibyte(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a >= 0xC2 && a <= 0xF4 && (b & 0xC0) == 0x80) return true;
  }
  return false;
}

// Whether the body is valid UTF-8, worked out at most once (it is the costly check).
class Utf8Validity {
 public:
  Utf8Validity(std::string_view body, const std::function<bool(std::string_view)>* check)
      : body_(body), check_(check) {}
  bool operator()() {
    if (state_ < 0) state_ = (check_ ? (*check_)(body_) : utf8_valid(body_)) ? 1 : 0;
    return state_ == 1;
  }

 private:
  std::string_view body_;
  const std::function<bool(std::string_view)>* check_;  // null: utf8_valid
  int state_ = -1;
};

void decode_with(std::string_view body, const Charset& cs, DecodedDocument& d, Utf8Validity& valid) {
  d.encoding = cs.display();
  if (cs.iconv_name == "UTF-8" && valid()) {
    d.borrowed = true;
    return;
  }
  std::size_t bad = convert_to_utf8(body, cs, d.utf8);
  if (bad) {
    d.clean = false;
    d.problems.push_back(std::to_string(bad) + " byte sequence(s) not in " + d.encoding + " replaced by U+FFFD");
  }
}

DecodedDocument decode(std::string_view bytes, std::string_view content_type,
                       const std::function<bool(std::string_view)>* utf8_valid_body) {
  DecodedDocument d;
  Sniffed s = sniff_bom(bytes);
  std::string_view body = bytes.substr(s.skip);
  d.skip = s.skip;
  Utf8Validity valid(body, utf8_valid_body);

  // 1. Byte order mark (and, for wide encodings, the shape of "<?xml").
  if (s.bom || wide(s.label) || s.label == "ibm037") {
    Charset cs = *find_charset(s.label);
    std::string declared = declared_in(body, cs);
    if (!s.bom && !declared.empty()) {
      // A sniffed family: the declaration names the exact member (ibm500 vs ibm037, utf-16 vs utf-16be).
      if (auto dcs = find_charset(declared); dcs && !wide(dcs->display()) && !s.label.starts_with("utf")) cs = *dcs;
    }
    decode_with(body, cs, d, valid);
    return d;
  }

  // 2. Charset of an XML content type.
  ContentType ct = parse_content_type(content_type);
  std::string declared = xml_declared_encoding(body);
  std::string chosen;
  if (!ct.charset.empty() && (is_xml_media_type(ct.media_type) || ct.media_type.starts_with("text/"))) chosen = ct.charset;
  // 3. The XML declaration.
  if (chosen.empty()) chosen = declared;

  if (!chosen.empty()) {
    auto cs = find_charset(chosen);
    if (!cs || wide(cs->display())) {
      // Unknown, or a 16/32-bit encoding the first bytes contradict (no BOM, no "<" in that shape).
      d.clean = false;
      d.problems.push_back(cs ? "document declared " + cs->display() + " is not; read as 8-bit"
                              : "unknown encoding \"" + chosen + "\"");
    } else if (cs->display() == "us-ascii" && !is_ascii(body)) {
      // Declared ASCII but it is not: read it as if undeclared.
      d.clean = false;
      d.problems.push_back("document declared us-ascii holds 8-bit bytes");
    } else if (cs->display() == "utf-8" && !valid() && !has_utf8_multibyte(body)) {
      d.clean = false;
      d.problems.push_back("document declared utf-8 is not; read as windows-1252");
      decode_with(body, *find_charset("windows-1252"), d, valid);
      return d;
    } else {
      decode_with(body, *cs, d, valid);
      return d;
    }
  }
  // 4. Valid UTF-8 wins; 5. else windows-1252.
  if (valid()) {
    d.encoding = "utf-8";
    d.borrowed = true;
    return d;
  }
  if (has_utf8_multibyte(body)) {
    decode_with(body, *find_charset("utf-8"), d, valid);
    return d;
  }
  if (chosen.empty()) d.problems.push_back("no charset declared and not UTF-8; read as windows-1252");
  d.clean = false;
  decode_with(body, *find_charset("windows-1252"), d, valid);
  return d;
}

}  // namespace

DecodedDocument decode_document(std::string_view bytes, std::string_view content_type) {
  return decode(bytes, content_type, nullptr);
}

DecodedDocument decode_document(std::string_view bytes, std::string_view content_type,
                                const std::function<bool(std::string_view body)>& utf8_valid_body) {
  return decode(bytes, content_type, &utf8_valid_body);
}

}  // namespace chipwire
