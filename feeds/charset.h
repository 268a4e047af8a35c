// Charset detection and conversion to UTF-8, before any XML parsing.
//
// Order (shared/docs/feed-contract.md): byte order mark, charset of an XML
// content type, XML declaration, "valid UTF-8 wins", then windows-1252.
// Conversion uses glibc iconv (plus a few generated 8-bit tables); invalid
// bytes become U+FFFD. Pure functions; any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chipwire {

struct Charset {
  std::string iconv_name;  // for iconv_open, or "@table"
  std::string iana;        // lowercase IANA name ("" when none is registered)
  std::string label;       // the label as given, lowercased
  // The name printed as `encoding`: the IANA name, else the label.
  const std::string& display() const { return iana.empty() ? label : iana; }
};

// Looks a charset label up ("ISO_8859-1", "cp1252", "utf8", "gb2312" -> read as GB18030).
std::optional<Charset> find_charset(std::string_view label);

// Converts `bytes` from `charset` to UTF-8 into `out`; returns the number of
// (ISO-8859-1 is read as the web reads it: 0x80..0x9F as windows-1252.)
// invalid or unconvertible input sequences (each became U+FFFD).
std::size_t convert_to_utf8(std::string_view bytes, const Charset& charset, std::string& out);

// Media type and charset parameter of a Content-Type header, both lowercased and unquoted.
struct ContentType {
  std::string media_type;
  std::string charset;
};
ContentType parse_content_type(std::string_view header);
// application/xml, text/xml, */*+xml, xml-dtd, xml-external-parsed-entity.
bool is_xml_media_type(std::string_view media_type);

// The encoding="..." of an XML declaration at the start of `bytes` (ASCII-compatible), or "".
std::string xml_declared_encoding(std::string_view bytes);

struct DecodedDocument {
  std::string utf8;     // the document as UTF-8, byte order mark removed (unless borrowed)
  bool borrowed = false;  // the input was UTF-8 already: text() is a view of it, utf8 is empty
  std::size_t skip = 0;   // bytes of byte order mark before the text
  // The UTF-8 text; `input` is the bytes given to decode_document.
  std::string_view text(std::string_view input) const { return borrowed ? input.substr(skip) : std::string_view(utf8); }
  std::string encoding; // what `encoding` prints
  bool clean = true;    // false when bytes were not in the chosen/declared encoding
  std::vector<std::string> problems;
};

// Picks the charset of a document and converts it to UTF-8.
DecodedDocument decode_document(std::string_view bytes, std::string_view content_type);

// The same, asking `utf8_valid_body` (at most once, and only when the choice
// depends on it) whether the body, the bytes past any byte order mark, is valid
// UTF-8: parse_feed answers with a scan that checks the XML at the same time.
// REQUIRES: it answers as utf8_valid would.
DecodedDocument decode_document(std::string_view bytes, std::string_view content_type,
                                const std::function<bool(std::string_view body)>& utf8_valid_body);

}  // namespace chipwire
