// How a review item looks in the terminal: the article with matched spans
// marked, its actions numbered (the numbers `review correct --action N` takes),
// rules, flags and decisions. All feed text is made terminal-safe.
#pragma once

#include <string>
#include <vector>

#include "storage/store.h"

namespace chipwire::cli {

// `marks`: wrap spans in ANSI bold/underline (true on a terminal) or in [[ ]].
std::string render_review_item(const ReviewItem& item, const StoredArticle& stored,
                               const std::vector<ActionDecision>& decisions, bool ansi);

// "alice": --by, else $USER / the login name.
std::string reviewer_name(const std::string& by_flag);

}  // namespace chipwire::cli

namespace chipwire::cli {
// A full article id from an id or a unique prefix of one in the review queue.
Result<std::string> resolve_review_id(Store& store, const std::string& id_or_prefix);
}  // namespace chipwire::cli
