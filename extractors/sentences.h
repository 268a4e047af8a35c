// Sentence splitting for news text: the title line is a sentence; periods after
// abbreviations ("U.S.", "Corp.", "Jan."), initials and inside numbers ("3.5")
// do not end one. Pure function. Internal to extractors/.
#pragma once

#include <string_view>
#include <vector>

#include "core/extraction.h"

namespace chipwire::extract_internal {

std::vector<Span> split_sentences(std::string_view text);

// The offset of the first '.', '!', '?' or newline at or after `from`, or
// text.size(): where split_sentences looks for a sentence's end.
std::size_t next_sentence_mark(std::string_view text, std::size_t from);

}  // namespace chipwire::extract_internal
