// HTML character reference decoding (see entities.h); the table is entities_table.cc.
#include "feeds/entities.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/text.h"

namespace chipwire {
namespace {

// HTML5: numeric references in 0x80..0x9F name windows-1252 characters.
constexpr char16_t kC1Repair[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The named table with lengths measured once (the generated table holds C strings).
struct NamedView {
  std::string_view name, utf8;
};
const std::vector<NamedView>& named_views() {
  static const std::vector<NamedView> views = [] {
    std::vector<NamedView> v;
    v.reserve(entity_data::kNamedCount);
    for (std::size_t i = 0; i < entity_data::kNamedCount; ++i)
      v.push_back({entity_data::kNamed[i].name, entity_data::kNamed[i].utf8});
    return v;
  }();
  return views;
}
const std::vector<std::string_view>& legacy_views() {
  static const std::vector<std::string_view> views(entity_data::kLegacy, entity_data::kLegacy + entity_data::kLegacyCount);
  return views;
}

}  // namespace

std::optional<std::string_view> html_named_entity(std::string_view name) {
  // The references feeds use most, without a search.
  switch (name.size()) {
    case 2:
      if (name == "lt") return "<";
      if (name == "gt") return ">";
      break;
    case 3:
      if (name == "amp") return "&";
      break;
    case 4:
      if (name == "quot") return "\"";
      if (name == "nbsp") return "\u00A0";
      if (name == "apos") return "'";
      break;
    default:
      break;
  }
  const auto& v = named_views();
  auto it = std::lower_bound(v.begin(), v.end(), name, [](const NamedView& e, std::string_view n) { return e.name < n; });
  if (it == v.end() || it->name != name) return std::nullopt;
  return it->utf8;
}

bool html_legacy_entity(std::string_view name) {
  const auto& v = legacy_views();
  return std::binary_search(v.begin(), v.end(), name);
}

char32_t html_numeric_entity(std::uint32_t v) {
  if (v >= 0x80 && v <= 0x9F) return kC1Repair[v - 0x80];
  if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0xFFFD;
  return static_cast<char32_t>(v);
}

std::size_t decode_html_reference(std::string_view s, std::size_t pos, std::string& out) {
  std::size_t i = pos + 1;
  if (i >= s.size()) return 0;
  if (s[i] == '#') {
    ++i;
    bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    std::size_t start = i;
    std::uint64_t v = 0;
    while (i < s.size()) {
      int d = hex ? hex_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
      if (d < 0) break;
      if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + static_cast<unsigned>(d);
      ++i;
    }
    if (i == start) return 0;
    if (i < s.size() && s[i] == ';') ++i;
    append_utf8(out, html_numeric_entity(v > 0x10FFFF ? 0x110000u : static_cast<std::uint32_t>(v)));
    return i - pos;
  }
  std::size_t start = i;
  while (i < s.size() && is_alnum(s[i]) && i - start < 40) ++i;
  if (i == start) return 0;
  std::string_view name = s.substr(start, i - start);
  if (i < s.size() && s[i] == ';') {
    if (auto v = html_named_entity(name)) {
      out.append(*v);
      return i + 1 - pos;
    }
  }
  // Legacy names without ';': the longest prefix that is one ("&copy2004" reads "©2004").
  for (std::size_t n = std::min<std::size_t>(name.size(), 6); n >= 2; --n) {
    std::string_view prefix = name.substr(0, n);
    if (html_legacy_entity(prefix)) {
      if (auto v = html_named_entity(prefix)) {
        out.append(*v);
        return 1 + n;
      }
    }
  }
  return 0;
}

}  // namespace chipwire
