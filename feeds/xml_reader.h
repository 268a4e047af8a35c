// Helpers the XML feed parsers share: namespace-aware element names, text
// constructs, xml:base. Internal to feeds/; any thread (no shared state).
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "core/feed_document.h"

namespace chipwire::xml {

// Canonical prefix of an element's namespace: "" for none and for the RSS
// namespaces, "atom" (0.3 and 1.0), "dc", "dcterms", "content", "xhtml", "rdf",
// "media", "itunes", ...; an unknown namespace gives the prefix as written.
std::string ns_prefix(pugi::xml_node node);
// Namespace URI of a prefix ("" = default namespace) in scope at `node`.
std::string_view ns_uri(pugi::xml_node node, std::string_view prefix);
std::string_view local_name(pugi::xml_node node);
// Attribute by local name, ignoring its prefix (rdf:about, xml:base ...).
pugi::xml_attribute attr(pugi::xml_node node, std::string_view local);

// How to read a text element.
enum class TextKind { plain, html, xhtml, guess };

// Text children (PCDATA and CDATA) concatenated.
std::string raw_text(pugi::xml_node node);
// The element's content as HTML source: its text, and child elements written
// back as tags. `text_is_markup`: the text is HTML source already (an escaped
// HTML construct), else it is escaped (XHTML). Depth bounded.
std::string inner_html(pugi::xml_node node, bool text_is_markup);

// The contract's plain text of an element: `guess` is feedparser's
// text/plain-unless-it-looks-like-HTML. Child elements are read as markup.
std::string text_of(pugi::xml_node node, TextKind kind);

// Base URL in effect at `node`: xml:base attributes from the root down, resolved
// against `document_url`.
std::string base_url(pugi::xml_node node, std::string_view document_url);
// `ref` resolved at `node`; nullopt when `ref` is empty.
std::optional<std::string> resolve_at(pugi::xml_node node, std::string_view ref, std::string_view document_url);

// Decodes base64 (ignoring white space); nullopt when it is not base64.
std::optional<std::string> decode_base64(std::string_view s);

// Trimmed, non-empty text or nullopt.
std::optional<std::string> non_empty(std::string s);

}  // namespace chipwire::xml
