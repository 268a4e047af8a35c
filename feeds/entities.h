// HTML character references: the HTML5 named table and numeric references with
// HTML5's repairs (windows-1252 for &#128;..&#159;, U+FFFD for invalid code points).
// Pure functions; any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chipwire {

// UTF-8 text of the named reference `name` (without '&' and ';'), or nullopt.
std::optional<std::string_view> html_named_entity(std::string_view name);

// True for the names HTML also accepts without a ';' ("amp", "copy", "eacute", ...).
bool html_legacy_entity(std::string_view name);

// Code point of a numeric reference after HTML5's repairs (never 0, never a surrogate).
char32_t html_numeric_entity(std::uint32_t value);

// Decodes the reference starting at text[pos] == '&' into `out` and returns the
// number of bytes consumed, or 0 when there is no reference there (HTML rules:
// "&copy" without ';' is read, "&foo;" is not).
std::size_t decode_html_reference(std::string_view text, std::size_t pos, std::string& out);

namespace entity_data {
struct NamedEntity {
  const char* name;
  const char* utf8;
};
extern const NamedEntity kNamed[];
extern const std::size_t kNamedCount;
extern const char* const kLegacy[];
extern const std::size_t kLegacyCount;
}  // namespace entity_data

}  // namespace chipwire
