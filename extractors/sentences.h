// Sentence splitting for news text: the title line is a sentence; periods after
// abbreviations ("U.S.", "Corp.", "Jan."), initials and inside numbers ("3.5")
// do not end one. Pure function. Internal to extractors/.
#pragma once

#include <string_view>
#include <vector>

#include "core/extraction.h"

namespace chipwire::extract_internal {

std::vector<Span> split_sentences(std::string_view text);

}  // namespace chipwire::extract_internal
