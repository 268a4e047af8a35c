// Helpers the XML feed parsers share: namespace-aware element names, text
// constructs, xml:base. Internal to feeds/; any thread (no shared state).
#pragma once

#include <pugixml.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/feed_document.h"

namespace chipwire::xml {

// Canonical prefix of an element's namespace: "" for none and for the RSS
// namespaces, "atom" (0.3 and 1.0), "dc", "dcterms", "content", "xhtml", "rdf",
// "media", "itunes", ...; an unknown namespace gives the prefix as written.
// A static name or a view of the node's name (valid while the document lives).
std::string_view ns_prefix_view(pugi::xml_node node);
// Namespace URI of a prefix ("" = default namespace) in scope at `node`.
std::string_view ns_uri(pugi::xml_node node, std::string_view prefix);
std::string_view local_name(pugi::xml_node node);
// Attribute by local name, ignoring its prefix (rdf:about, xml:base ...).
pugi::xml_attribute attr(pugi::xml_node node, std::string_view local);

// An element's name with its namespace read: the canonical prefix (as
// ns_prefix_view) and the local name, both views into the document or static.
struct QName {
  std::string_view prefix, local;
  // True when q is the qualified name: "prefix:local", or "local" when the
  // prefix is "". (A canonical prefix never holds ':', so q's first ':' must
  // follow it; no string is built.)
  [[gnu::always_inline]] bool is(std::string_view q) const {  // read_rss_item asks up to ~60 times per element
    if (prefix.empty()) return local == q;
    return q.size() == prefix.size() + 1 + local.size() && q[prefix.size()] == ':' && q.starts_with(prefix) &&
           q.ends_with(local);
  }
};

// Names of the children of one element, as ns_prefix_view and local_name read them.
// Each prefix is resolved in the parent's scope once, not once per child (a
// child that declares namespaces itself is resolved on its own): the
// ancestors' attributes are not walked again for every element. Use one
// ChildNames for one parent's children; it holds views into the document.
//
// `outer`, when given, reads the children of parent.parent() (the items'
// ChildNames when reading one item): a parent that declares no namespace has
// its parent's scope, so its prefixes are resolved there, once for all items.
class ChildNames {
 public:
  explicit ChildNames(pugi::xml_node parent, ChildNames* outer = nullptr);
  QName operator()(pugi::xml_node child);

 private:
  // The canonical prefix for `written` in the parent's scope.
  std::string_view resolve(std::string_view written);

  struct Seen {
    std::string_view written, canonical;
  };
  pugi::xml_node parent_;
  ChildNames* outer_;  // resolves for us: parent_ declares no namespace
  std::array<Seen, 8> seen_{};  // prefixes resolved so far (more are resolved each time)
  std::size_t count_ = 0;
};

// How to read a text element.
enum class TextKind { plain, html, xhtml, guess };

// Text children (PCDATA and CDATA) concatenated.
std::string raw_text(pugi::xml_node node);
// The same text without a copy when it is one text child (the common case),
// else joined into `storage`. The view lives as long as the document and `storage`.
std::string_view text_view(pugi::xml_node node, std::string& storage);
// fold_ws(raw_text(node)), without the intermediate copy.
std::string folded_text(pugi::xml_node node);
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
