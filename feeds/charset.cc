// Charset detection and conversion (see charset.h).
#include "feeds/charset.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>

#include "core/text.h"
#include "feeds/utf8.h"
#include "feeds/charset_names.h"

namespace chipwire {
namespace {

std::string normalise_label(std::string_view label) {
  std::string out;
  bool pending = false;
  for (char c : label) {
    unsigned char u = static_cast<unsigned char>(c);
    bool keep = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '.';
    if (keep) {
      if (pending && !out.empty()) out += '_';
      pending = false;
      out += static_cast<char>(u >= 'A' && u <= 'Z' ? u + 32 : u);
    } else {
      pending = true;
    }
  }
  return out;
}

const charset_data::SingleByteTable* find_table(std::string_view name) {
  for (std::size_t i = 0; i < charset_data::kTableCount; ++i)
    if (name == charset_data::kTables[i].name) return &charset_data::kTables[i];
  return nullptr;
}

std::size_t convert_table(std::string_view bytes, const charset_data::SingleByteTable& t, std::string& out) {
  std::size_t bad = 0;
  out.reserve(out.size() + bytes.size() + bytes.size() / 4);
  for (char c : bytes) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out += c;
    } else {
      char32_t cp = t.high[u - 0x80];
      bad += cp == 0xFFFD;
      append_utf8(out, cp);
    }
  }
  return bad;
}

// ISO-8859-1 as the web reads it (WHATWG): bytes 0x80..0x9F are windows-1252's
// characters, since C1 controls are never meant in a feed. Never fails.
std::size_t convert_latin1_web(std::string_view bytes, std::string& out) {
  static constexpr char16_t kC1[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                       0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  out.reserve(out.size() + bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80) out += c;
    else append_utf8(out, u < 0xA0 ? static_cast<char32_t>(kC1[u - 0x80]) : static_cast<char32_t>(u));
  }
  return 0;
}

// Unit size of the encoding (to skip one invalid unit); 1 for byte-oriented ones.
std::size_t unit_size(std::string_view iconv_name) {
  if (iconv_name.starts_with("UTF-16")) return 2;
  if (iconv_name.starts_with("UTF-32")) return 4;
  return 1;
}

}  // namespace

std::optional<Charset> find_charset(std::string_view label) {
  std::string key = normalise_label(label);
  if (key.empty()) return std::nullopt;
  std::string lower;
  for (char c : label) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  // Binary search: the generated table is sorted by label.
  std::size_t lo = 0, hi = charset_data::kLabelCount;
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    int cmp = std::strcmp(charset_data::kLabels[mid].label, key.c_str());
    if (cmp == 0) {
      const auto& row = charset_data::kLabels[mid];
      return Charset{row.iconv, row.iana, lower};
    }
    if (cmp < 0) lo = mid + 1; else hi = mid;
  }
  // Not in the table: iconv may still know it.
  std::string name(label);
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  iconv_close(cd);
  return Charset{name, "", lower};
}

std::size_t convert_to_utf8(std::string_view bytes, const Charset& cs, std::string& out) {
  if (cs.iconv_name == "UTF-8") {
    if (utf8_valid(bytes)) {
      out.append(bytes);
      return 0;
    }
    std::string fixed = repair_utf8(bytes);
    out += fixed;
    std::size_t bad = 0;
    for (std::size_t p = fixed.find("\xEF\xBF\xBD"); p != std::string::npos; p = fixed.find("\xEF\xBF\xBD", p + 3)) ++bad;
    return bad ? bad : 1;
  }
  if (cs.iconv_name == "ISO8859-1") return convert_latin1_web(bytes, out);
  if (!cs.iconv_name.empty() && cs.iconv_name[0] == '@') {
    if (const auto* t = find_table(std::string_view(cs.iconv_name).substr(1))) return convert_table(bytes, *t, out);
    return bytes.empty() ? 0 : 1;
  }
  iconv_t cd = iconv_open("UTF-8", cs.iconv_name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    out.append(repair_utf8(bytes));
    return 1;
  }
  const std::size_t unit = unit_size(cs.iconv_name);
  std::size_t bad = 0;
  std::string buf(bytes.size() * 2 + 64, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (true) {
    char* o = buf.data();
    std::size_t o_left = buf.size();
    std::size_t r = iconv(cd, in_left ? &in : nullptr, &in_left, &o, &o_left);
    out.append(buf.data(), buf.size() - o_left);
    if (r != static_cast<std::size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) continue;
    // EILSEQ or EINVAL (truncated at the end): one replacement, skip one unit.
    ++bad;
    out += "\xEF\xBF\xBD";
    std::size_t skip = std::min(unit, in_left);
    in += skip;
    in_left -= skip;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    if (in_left == 0) break;
  }
  iconv_close(cd);
  return bad;
}

ContentType parse_content_type(std::string_view header) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  auto lower = [](std::string_view s) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return r;
  };
  ContentType ct;
  bool first = true;
  while (true) {
    std::size_t semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    if (first) {
      ct.media_type = lower(trim(part));
      first = false;
    } else if (std::size_t eq = part.find('='); eq != std::string_view::npos &&
                                              lower(trim(part.substr(0, eq))) == "charset") {
      std::string_view v = trim(part.substr(eq + 1));
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
        v = v.substr(1, v.size() - 2);
      ct.charset = lower(trim(v));
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return ct;
}

bool is_xml_media_type(std::string_view m) {
  return m == "application/xml" || m == "text/xml" || m.ends_with("+xml") || m == "application/xml-dtd" ||
         m == "application/xml-external-parsed-entity" || m == "text/xml-external-parsed-entity";
}

std::string xml_declared_encoding(std::string_view bytes) {
  if (!bytes.starts_with("<?xml")) return "";
  std::size_t end = bytes.find("?>");
  if (end == std::string_view::npos || end > 512) return "";
  std::string_view decl = bytes.substr(0, end);
  std::size_t p = decl.find("encoding");
  if (p == std::string_view::npos) return "";
  p += 8;
  while (p < decl.size() && (decl[p] == ' ' || decl[p] == '\t' || decl[p] == '\r' || decl[p] == '\n')) ++p;
  if (p >= decl.size() || decl[p] != '=') return "";
  ++p;
  while (p < decl.size() && (decl[p] == ' ' || decl[p] == '\t' || decl[p] == '\r' || decl[p] == '\n')) ++p;
  if (p >= decl.size() || (decl[p] != '"' && decl[p] != '\'')) return "";
  char q = decl[p++];
  std::size_t close = decl.find(q, p);
  if (close == std::string_view::npos) return "";
  return std::string(decl.substr(p, close - p));
}

}  // namespace chipwire
