// Feed dates: RFC 822 and its real-world variants (asctime, full month names,
// zone names, missing parts), W3C-DTF / ISO 8601, and the Greek, Hungarian and
// Korean forms feedparser reads. The whole string must be consumed; anything
// unreadable or out of range is nullopt (never "now"). Pure; any thread.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"

namespace chipwire {

std::optional<UnixSeconds> parse_feed_date(std::string_view text);

// The two grammars on their own (for tests).
std::optional<UnixSeconds> parse_w3c_date(std::string_view text);
std::optional<UnixSeconds> parse_rfc822_date(std::string_view text);

}  // namespace chipwire
