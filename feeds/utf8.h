// Fast UTF-8 checks and white-space folding for the parser's hot paths (the
// core/text.h versions are byte-at-a-time). Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

namespace chipwire {

// True when `s` is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool utf8_valid(std::string_view s);

// Runs of ASCII white space and U+00A0 to one space, trimmed (same result as
// core's fold_whitespace).
std::string fold_ws(std::string_view s);

}  // namespace chipwire
