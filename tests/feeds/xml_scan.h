// Test helpers for the one-pass XML check (feeds/xml_prepare.h): scanning a
// document into buffers with the room the header asks for, and filler text.
#pragma once

#include <string>

#include "feeds/xml_prepare.h"

namespace chipwire::testing {

struct ScannedXml {
  XmlUtf8Scan scan;
  std::string copy;  // the copy for pugixml, when the document needs no repair
};

// scan_xml_utf8 into a fresh buffer, with or without a side buffer. `side`
// must outlive the copy's use (markers point into it).
inline ScannedXml scan_into_buffers(const std::string& doc, std::string* side = nullptr) {
  std::string buffer(doc.size() + kXmlCopySlack, '\x7F');
  if (side) side->assign(doc.size() + kXmlCopySlack, '\x7F');
  ScannedXml s;
  s.scan = scan_xml_utf8(doc, buffer.data(), side ? side->data() : nullptr);
  if (s.scan.needs_no_repair) s.copy = buffer.substr(0, s.scan.copy_size);
  return s;
}

// n bytes of plain English text.
inline std::string filler(std::size_t n) {
  std::string s;
  while (s.size() < n) s += "The quick brown fox jumps over the lazy dog. ";
  s.resize(n);
  return s;
}

}  // namespace chipwire::testing
