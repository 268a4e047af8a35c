// parse_feed: bytes in, ParsedFeed out (see feed_parser.h). A sequence of passes:
// decode the charset, repair the XML, load it with pugixml, sniff the format,
// run that format's parser.
#include "feeds/feed_parser.h"

#include <pugixml.hpp>

#include <cstring>

#include "feeds/charset.h"
#include "feeds/feed_formats.h"
#include "feeds/xml_prepare.h"

namespace chipwire {
namespace {

// Larger documents are cut here (and the cut reported): bounded time and memory.
constexpr std::size_t kMaxDocumentBytes = 64u << 20;

// Buffers up to this size are kept for the next document (a larger one is freed).
constexpr std::size_t kKeepBufferBytes = 8u << 20;

// Hands the pugixml buffer back to the thread's spare when parse_feed returns
// (after the document that points into it is gone; declare it first).
struct KeepBuffer {
  std::string& spare;
  std::string& used;
  ~KeepBuffer() {
    if (used.capacity() <= kKeepBufferBytes) spare = std::move(used);
  }
};

void add_problems(ParsedFeed& out, std::vector<std::string>& problems) {
  if (problems.empty()) return;
  out.wellformed = false;
  for (auto& p : problems) out.problems.push_back(std::move(p));
}

}  // namespace

ParsedFeed parse_feed(std::string_view bytes, const ParseOptions& options) {
  ParsedFeed out;
  if (bytes.size() > kMaxDocumentBytes) {
    out.wellformed = false;
    out.problems.push_back("document of " + std::to_string(bytes.size()) + " bytes cut to " +
                           std::to_string(kMaxDocumentBytes));
    bytes = bytes.substr(0, kMaxDocumentBytes);
  }

  // The text pugixml reads in place goes into a buffer kept per thread (no
  // fresh pages to fault in for each document); it only grows.
  thread_local std::string spare;
  std::string buffer = std::move(spare);
  const KeepBuffer keep{spare, buffer};
  auto room = [&buffer](std::size_t n) {
    if (buffer.size() < n) buffer.resize(n);
    return buffer.data();
  };
  // The decoded text of long runs with references, which pugixml does not
  // read (scan_xml_utf8's markers point here); kept per thread the same way.
  thread_local std::string side_spare;
  std::string side = std::move(side_spare);
  const KeepBuffer keep_side{side_spare, side};

  // 1. Charset: everything after this is UTF-8. When the choice turns on
  // whether the bytes are valid UTF-8, one scan answers that, checks the XML
  // and copies the bytes into the buffer.
  XmlUtf8Scan scan;
  std::string_view scanned;
  DecodedDocument decoded = decode_document(bytes, options.content_type, [&](std::string_view body) {
    if (side.size() < body.size() + kXmlCopySlack) side.resize(body.size() + kXmlCopySlack);
    scan = scan_xml_utf8(body, room(body.size() + kXmlCopySlack), side.data());
    scanned = body;
    return scan.utf8_valid;
  });
  out.encoding = decoded.encoding;
  if (!decoded.clean) out.wellformed = false;
  for (auto& p : decoded.problems) out.problems.push_back(std::move(p));

  // 2. JSON Feed.
  const std::string_view text = decoded.text(bytes);
  if (formats::looks_like_json(text)) {
    formats::parse_json_feed(text, options.document_url, out);
    return out;
  }

  // 3. Repair pass (its check and copy done already when the text is the bytes
  // scanned), then pugixml on a document that is well-formed by construction.
  const bool scanned_text = text.data() == scanned.data() && text.size() == scanned.size();
  PreparedXml prepared;
  char* xml = nullptr;
  std::size_t xml_size = text.size();
  if (scanned_text && scan.needs_no_repair) {
    xml = buffer.data();
    xml_size = scan.copy_size;
    prepared.has_root = true;
  } else if (!scanned_text && xml_needs_no_repair(text)) {
    xml = room(text.size());
    std::memcpy(xml, text.data(), text.size());
    prepared.has_root = true;
  } else {
    prepare_xml_into(text, false, prepared);
    add_problems(out, prepared.problems);
    xml = prepared.xml.data();
    xml_size = prepared.xml.size();
  }
  decoded.utf8.clear();
  decoded.utf8.shrink_to_fit();
  pugi::xml_document doc;
  pugi::xml_parse_result loaded = doc.load_buffer_inplace(xml, xml_size, pugi::parse_default | pugi::parse_ws_pcdata,
                                                          pugi::encoding_utf8);
  if (!loaded) {
    out.wellformed = false;
    out.problems.push_back(std::string("XML not readable after repair: ") + loaded.description() + " at offset " +
                           std::to_string(loaded.offset));
  }
  pugi::xml_node root = doc.document_element();
  if (!root) {
    out.format = "unknown";
    if (prepared.has_root) out.problems.push_back("no document element");
    out.wellformed = false;
    return out;
  }

  // 4. Format from the root element; 5. that format's parser.
  formats::XmlContext ctx{options.document_url, out};
  switch (formats::sniff_xml(root, out)) {
    case formats::XmlFormat::rss:
      formats::parse_rss(root, ctx);
      break;
    case formats::XmlFormat::rdf:
      formats::parse_rdf(root, ctx);
      break;
    case formats::XmlFormat::atom:
      formats::parse_atom(root, ctx);
      break;
    case formats::XmlFormat::unknown:
      out.problems.push_back(std::string("not a feed: root element <") + root.name() + ">");
      break;
  }
  return out;
}

}  // namespace chipwire
