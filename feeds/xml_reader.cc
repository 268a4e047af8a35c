// Shared XML reading helpers (see xml_reader.h).
#include "feeds/xml_reader.h"

#include <array>
#include <cassert>
#include <cstring>
#include <vector>

#include "core/text.h"
#include "feeds/utf8.h"
#include "feeds/html_text.h"
#include "feeds/url.h"
#include "feeds/xml_prepare.h"

namespace chipwire::xml {
namespace {

struct KnownNs {
  std::string_view uri, prefix;
};
constexpr std::array<KnownNs, 22> kKnown = {{
    {"http://www.w3.org/2005/Atom", "atom"},
    {"http://purl.org/atom/ns#", "atom"},
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://backend.userland.com/rss", ""},
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/net/rss1.1#", ""},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/elements/1.0/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://www.w3.org/XML/1998/namespace", "xml"},
    {"http://purl.org/rss/1.0/modules/slash/", "slash"},
    {"http://wellformedweb.org/CommentAPI/", "wfw"},
    {"http://purl.org/syndication/thread/1.0", "thr"},
    {"http://webns.net/mvcb/", "admin"},
}};

void escape_into(std::string& out, std::string_view s) {
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
}

void inner_html_into(pugi::xml_node node, bool raw, std::string& out, int depth) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    switch (c.type()) {
      case pugi::node_pcdata:
      case pugi::node_cdata:
        if (raw) out += xml_node_text(c.value());
        else escape_into(out, xml_node_text(c.value()));
        break;
      case pugi::node_element: {
        if (depth >= kMaxXmlDepth) break;
        std::string_view name = local_name(c);
        out += '<';
        out.append(name);
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
          out += ' ';
          out += a.name();
          out += "=\"";
          for (const char* p = a.value(); *p; ++p) {
            if (*p == '"') out += "&quot;";
            else if (*p == '&') out += "&amp;";
            else if (*p == '<') out += "&lt;";
            else out += *p;
          }
          out += '"';
        }
        out += '>';
        inner_html_into(c, raw, out, depth + 1);
        out += "</";
        out.append(name);
        out += '>';
        break;
      }
      default:
        break;
    }
  }
}

bool has_element_child(pugi::xml_node node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) return true;
  return false;
}

}  // namespace

std::string_view local_name(pugi::xml_node node) {
  std::string_view n = node.name();
  std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_attribute attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    std::string_view n = a.name();
    std::size_t colon = n.find(':');
    if ((colon == std::string_view::npos ? n : n.substr(colon + 1)) == local && !n.starts_with("xmlns")) return a;
  }
  return {};
}

std::string_view ns_uri(pugi::xml_node node, std::string_view prefix) {
  if (prefix == "xml") return "http://www.w3.org/XML/1998/namespace";
  // Called for every element read: no string built, attributes filtered on their first bytes.
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const char* name = a.name();
      if (name[0] != 'x' || std::strncmp(name, "xmlns", 5) != 0) continue;
      if (prefix.empty() ? name[5] == '\0' : (name[5] == ':' && std::string_view(name + 6) == prefix)) return a.value();
    }
  }
  return "";
}

namespace {

// The canonical prefix for an element whose name has the prefix `written`
// ("" for none) and whose namespace is `uri` ("" when undeclared). A view of a
// static name or of `written`.
std::string_view canonical_prefix(std::string_view written, std::string_view uri) {
  if (uri.empty()) {
    // No namespace, or an undeclared prefix (already a problem): a conventional
    // prefix keeps its meaning, any other is read as no namespace.
    if (written.empty()) return "";
    for (const auto& k : kKnown)
      if (k.prefix == written) return written;
    return written == "dc" || written == "content" || written == "atom" ? written : std::string_view();
  }
  if (uri.starts_with("http://backend.userland.com/rss")) return "";
  for (const auto& k : kKnown)
    if (k.uri == uri) return k.prefix;
  // Case, scheme and trailing-slash slips in well-known URIs.
  std::string l;
  for (char c : uri) l += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (l.starts_with("https://")) l.erase(4, 1);
  while (!l.empty() && l.back() == '/') l.pop_back();
  for (const auto& k : kKnown) {
    std::string_view ku = k.uri;
    while (!ku.empty() && ku.back() == '/') ku.remove_suffix(1);
    if (ku == l) return k.prefix;
  }
  // An unknown namespace: the prefix as written (feedparser does the same), so
  // "dc:creator" in a misspelt Dublin Core namespace is still read.
  return written;
}

// The prefix of an element name as written ("" for none).
std::string_view written_prefix(std::string_view name) {
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
}

bool declares_namespace(pugi::xml_node node) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
    if (std::strncmp(a.name(), "xmlns", 5) == 0) return true;
  return false;
}

}  // namespace

std::string_view ns_prefix_view(pugi::xml_node node) {
  std::string_view written = written_prefix(node.name());
  return canonical_prefix(written, ns_uri(node, written));
}

ChildNames::ChildNames(pugi::xml_node parent, ChildNames* outer)
    : parent_(parent), outer_(outer && !declares_namespace(parent) ? outer : nullptr) {
  assert(!outer || outer->parent_ == parent.parent());
}

QName ChildNames::operator()(pugi::xml_node child) {
  std::string_view name = child.name();
  std::string_view written = written_prefix(name);
  QName q{{}, written.empty() ? name : name.substr(written.size() + 1)};
  // A child that declares namespaces has a scope of its own.
  q.prefix = declares_namespace(child) ? canonical_prefix(written, ns_uri(child, written)) : resolve(written);
  return q;
}

std::string_view ChildNames::resolve(std::string_view written) {
  for (std::size_t i = 0; i < count_; ++i)
    if (seen_[i].written == written) return seen_[i].canonical;
  const std::string_view canonical =
      outer_ ? outer_->resolve(written) : canonical_prefix(written, ns_uri(parent_, written));
  if (count_ < seen_.size()) seen_[count_++] = {written, canonical};
  return canonical;
}

std::string raw_text(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += xml_node_text(c.value());
  return out;
}

std::string_view text_view(pugi::xml_node node, std::string& storage) {
  pugi::xml_node first = node.first_child();
  if (!first) return {};
  if (!first.next_sibling() && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata))
    return xml_node_text(first.value());
  storage = raw_text(node);
  return storage;
}

std::string folded_text(pugi::xml_node node) {
  std::string storage;
  return fold_ws(text_view(node, storage));
}

std::string inner_html(pugi::xml_node node, bool text_is_markup) {
  std::string out;
  inner_html_into(node, text_is_markup, out, 0);
  return out;
}

namespace {

bool is_blank_pcdata(pugi::xml_node n) {
  if (n.type() != pugi::node_pcdata) return false;
  for (char c : xml_node_text(n.value()))
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

// text_view for text_of: white space before and after the one text child that
// is not white space ("\n  <![CDATA[...]]>\n") is left out, as html_to_text
// and fold_text drop it anyway (it is ASCII white space at either end), so
// that child is read in place instead of joined with it.
std::string_view content_view(pugi::xml_node node, std::string& storage) {
  pugi::xml_node first = node.first_child();
  if (first && first.next_sibling()) {
    pugi::xml_node last = node.last_child();
    while (first != last && is_blank_pcdata(first)) first = first.next_sibling();
    while (last != first && is_blank_pcdata(last)) last = last.previous_sibling();
    if (first == last && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata))
      return xml_node_text(first.value());
  }
  return text_view(node, storage);
}

}  // namespace

std::string text_of(pugi::xml_node node, TextKind kind) {
  if (kind == TextKind::xhtml || has_element_child(node))
    return html_to_text(inner_html(node, kind == TextKind::html));
  // One text child (the common case, also between white space) is read in place; several are joined.
  std::string joined;
  const std::string_view raw = content_view(node, joined);
  switch (kind) {
    case TextKind::plain:
      return fold_text(raw);
    case TextKind::guess:
      return looks_like_html(raw) ? html_to_text(raw) : fold_text(raw);
    default:
      return html_to_text(raw);
  }
}

std::string base_url(pugi::xml_node node, std::string_view document_url) {
  std::vector<std::string_view> bases;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent())
    if (pugi::xml_attribute a = n.attribute("xml:base")) bases.push_back(a.value());
  std::string base(document_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = base.empty() ? std::string(*it) : resolve_url(base, *it);
  return base;
}

std::optional<std::string> resolve_at(pugi::xml_node node, std::string_view ref, std::string_view document_url) {
  std::string r = fold_ws(ref);
  if (r.empty()) return std::nullopt;
  if (resolves_to_itself(r)) return r;  // most links: no base to look up
  std::string base = base_url(node, document_url);
  return base.empty() ? r : resolve_url(base, r);
}

std::optional<std::string> decode_base64(std::string_view s) {
  std::string out;
  unsigned buf = 0;
  int bits = 0;
  for (char c : s) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    else return std::nullopt;
    buf = (buf << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace chipwire::xml
