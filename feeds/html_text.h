// Plain text from HTML and from text constructs, as the feed contract prints
// text fields: markup removed, references decoded, script/style dropped with
// their content, white space folded and trimmed. Pure functions; any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chipwire {

// Text of an HTML fragment. Block-level tags and <br> separate words.
std::string html_to_text(std::string_view html);

// Text that is already text (Atom type="text"): white space folded only.
std::string fold_text(std::string_view text);

// feedparser's test for "this text/plain value is really HTML": it has an end
// tag or a character reference, and every tag is an ordinary HTML element.
bool looks_like_html(std::string_view s);

// True for elements whose start or end separates words (p, div, br, li, ...).
bool is_block_element(std::string_view lowercase_name);

// html_to_text's tag scanner, for its tests (tests/feeds/html_text_speed_test):
// the index just past the '>' that ends a start tag whose name begins at
// html[i], skipping quoted attribute values (a quote opens one only right
// after '=', white space between allowed); npos when the tag does not end.
std::size_t html_tag_end(std::string_view html, std::size_t i);

}  // namespace chipwire
