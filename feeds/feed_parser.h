// The feed parser: bytes as fetched (any encoding) plus an optional content
// type in, one ParsedFeed (shared/docs/feed-contract.md) out.
//
// Sniffs the format from the content (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON
// Feed), decodes the charset to UTF-8, repairs what it can and lists each repair
// in `problems`. Never touches the network or the disk. Thread-safe: no shared
// state.
#pragma once

#include <string>
#include <string_view>

#include "core/feed_document.h"

namespace chipwire {

struct ParseOptions {
  // The HTTP Content-Type header as received ("application/xml; charset=iso-8859-1"), or "".
  std::string content_type;
  // URL the document was fetched from; relative links resolve against it. "" when unknown.
  std::string document_url;
};

// Never fails: a document that is no feed gives format "unknown", no entries
// and a problem that says why.
ParsedFeed parse_feed(std::string_view bytes, const ParseOptions& options);

// The contract JSON of `chipwire parse` (pretty when `indent` >= 0, one line when -1).
std::string parsed_feed_to_json(const ParsedFeed& feed, int indent = 2);

}  // namespace chipwire
