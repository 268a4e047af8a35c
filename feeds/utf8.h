// Fast UTF-8 checks and white-space folding for the parser's hot paths (the
// core/text.h versions are byte-at-a-time). Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

namespace chipwire {

// True when `s` is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool utf8_valid(std::string_view s);

// utf8_valid in steps, for a scan that validates as it goes (the XML check):
// checks the characters that start in [from, stop), the last of which may run
// on past `stop` (never past `end`). Returns where the checked characters end
// (a character boundary, at or past `stop`; ASCII bytes past `stop` may be
// included), or nullptr at the first invalid sequence. Resume from the returned
// pointer. REQUIRES: `from` is a character boundary, from <= stop <= end.
const char* utf8_valid_until(const char* from, const char* stop, const char* end);

// Runs of ASCII white space and U+00A0 to one space, trimmed (same result as
// core's fold_whitespace).
std::string fold_ws(std::string_view s);

}  // namespace chipwire
