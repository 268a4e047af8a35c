// prepare_xml: one pass over a UTF-8 document that makes it well-formed XML for
// pugixml, recording each repair.
//
// pugixml is fast but lenient and silent: it keeps "&nbsp;" as text, does not
// check namespace prefixes, stops at a mismatched end tag. This pass fixes what
// real feeds break (HTML entities, bare '&' and '<', characters XML forbids,
// unclosed and stray tags, unquoted attributes, unterminated CDATA/comments) and
// bounds nesting depth. DTDs are dropped: their entities are never expanded
// beyond one level of plain text, external ones never read. Pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chipwire {

struct PreparedXml {
  std::string xml;                    // well-formed XML (one root when the input had one), UTF-8
  std::vector<std::string> problems;  // what was repaired; empty when the input was well-formed
  bool has_root = false;              // an element was seen at all
};

// Elements nested deeper than this lose their tags (their text stays).
inline constexpr int kMaxXmlDepth = 256;

// REQUIRES: `utf8` is valid UTF-8. A document that needs no repair (see
// xml_needs_no_repair) comes back as it is, without the canonical rewrite.
PreparedXml prepare_xml(std::string_view utf8);

// The repair pass's fast path (xml_check.cc): true when prepare_xml would report
// no problem for `utf8` and pugixml reads `utf8` exactly as it reads the
// canonical rewrite (same elements, attributes and text). False for anything
// unusual (a DOCTYPE with an internal subset, a reference to tab/LF/CR, text
// outside the document element ...), which then takes the full repair pass.
bool xml_needs_no_repair(std::string_view utf8);

// xml_needs_no_repair and utf8_valid in one scan (xml_check.cc), for bytes
// that are the document's text if they are valid UTF-8: parse_feed's charset
// choice asks whether they are, and the repair pass then needs no scan of its
// own. With `copy_to` (room for bytes.size() + kXmlCopySlack bytes) and when needs_no_repair,
// the document for pugixml is written there on the way: `copy_size` bytes
// that pugixml (parse_feed's options) reads as it reads `bytes`, except that
// runs of text full of references become CDATA sections (same text, cheaper
// to load). Otherwise what is written there is unspecified.
struct XmlUtf8Scan {
  bool utf8_valid = false;       // utf8_valid(bytes)
  bool needs_no_repair = false;  // utf8_valid && xml_needs_no_repair(bytes)
  std::size_t copy_size = 0;     // bytes written at copy_to (when needs_no_repair)
};
//
// With `side_to` as well (room for bytes.size() + kXmlCopySlack bytes, like
// copy_to), long text is not copied for pugixml at all, so pugixml does not
// read it byte by byte again: a text run or CDATA section of kXmlSideRun
// bytes or more (without CR, whose line ends pugixml would rewrite) becomes a
// marker in the copy, a text node whose value names the text: a view of
// `bytes` when the run holds no reference, else of its decoded text written at
// side_to. The marker keeps the node's type (a run the copy would write as
// CDATA is a CDATA marker). Read text nodes of such a copy with xml_node_text;
// the markers stay valid while `bytes` and side_to's buffer do.
XmlUtf8Scan scan_xml_utf8(std::string_view bytes, char* copy_to = nullptr, char* side_to = nullptr);
inline constexpr std::size_t kXmlCopySlack = 32;
inline constexpr std::size_t kXmlSideRun = 64;

// The text of a text node (PCDATA or CDATA) from its pugixml value: the value
// itself, or the text a scan_xml_utf8 marker stands for. (A marker starts
// with the byte 0x01, which no text node of a checked or repaired document
// holds: the check refuses control characters, the repair pass removes them.)
std::string_view xml_node_text(const char* value);

// prepare_xml for a caller that knows xml_needs_no_repair(utf8) already
// (REQUIRES: `needs_no_repair` is its value). The result goes into `out`, whose
// xml buffer is reused (a caller keeps one between documents: no new pages to
// fault in).
void prepare_xml_into(std::string_view utf8, bool needs_no_repair, PreparedXml& out);

}  // namespace chipwire
