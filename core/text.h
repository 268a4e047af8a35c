// Small UTF-8 and text helpers shared by every folder. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace chipwire {

// Appends the UTF-8 encoding of code point `cp` (U+FFFD for invalid ones).
void append_utf8(std::string& out, char32_t cp);

// True when `s` is valid UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view s);

// Replaces each invalid UTF-8 sequence with U+FFFD.
std::string repair_utf8(std::string_view s);

// Folds runs of white space (ASCII and U+00A0) to one space and trims.
std::string fold_whitespace(std::string_view s);

// Text from the internet made safe for a terminal: control characters (C0, DEL,
// C1) and escape sequences become visible or are dropped; tabs and newlines
// become spaces. Use on every human-readable output of feed text.
std::string terminal_safe(std::string_view s);

// "Nvidia Corp." -> "nvidia-corp": lowercase ASCII, other runs to '-'.
std::string slugify(std::string_view s);

std::string ascii_lower(std::string_view s);

}  // namespace chipwire
