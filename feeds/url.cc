// URL helpers (see url.h): RFC 3986 reference resolution and an identity form.
#include "feeds/url.h"

#include <array>
#include <vector>

namespace chipwire {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
std::string lower_str(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = lower(c);
  return r;
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The five parts of RFC 3986 appendix B; `has_*` tell an empty part from an absent one.
struct Parts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

// Where the authority (stop_at_slash) or the path ends: the first '?' or '#',
// or '/' too, at or after `from`; u.size() when none. A plain loop:
// find_first_of calls memchr over the stop set once per byte, 2% of an ingest.
std::size_t part_end(std::string_view u, std::size_t from, bool stop_at_slash) {
  for (std::size_t k = from; k < u.size(); ++k) {
    const char c = u[k];
    if (c == '?' || c == '#' || (stop_at_slash && c == '/')) return k;
  }
  return u.size();
}

// Where the scheme's ':' is: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":". npos when there is none.
std::size_t scheme_colon(std::string_view u) {
  const std::size_t colon = u.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::string_view::npos;
  if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z'))) return std::string_view::npos;
  for (std::size_t k = 1; k < colon; ++k) {
    const char c = u[k];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
          c == '.'))
      return std::string_view::npos;
  }
  return colon;
}

Parts split(std::string_view u) {
  Parts p;
  std::size_t i = 0;
  if (const std::size_t colon = scheme_colon(u); colon != std::string_view::npos) {
    p.scheme = u.substr(0, colon);
    p.has_scheme = true;
    i = colon + 1;
  }
  if (u.substr(i).starts_with("//")) {
    i += 2;
    const std::size_t e = part_end(u, i, true);
    p.authority = u.substr(i, e - i);
    p.has_authority = true;
    i = e;
  }
  std::size_t e = part_end(u, i, false);
  p.path = u.substr(i, e - i);
  i = e;
  if (i < u.size() && u[i] == '?') {
    e = u.find('#', i);
    if (e == std::string_view::npos) e = u.size();
    p.query = u.substr(i + 1, e - i - 1);
    p.has_query = true;
    i = e;
  }
  if (i < u.size() && u[i] == '#') {
    p.fragment = u.substr(i + 1);
    p.has_fragment = true;
  }
  return p;
}

// A dot segment starts the path or follows a '/': without one, remove_dot_segments changes nothing.
bool may_have_dot_segment(std::string_view path) {
  return path.starts_with('.') || path.find("/.") != std::string_view::npos;
}

// RFC 3986 5.2.4.
std::string remove_dot_segments(std::string_view in) {
  if (!may_have_dot_segment(in)) return std::string(in);
  std::vector<std::string_view> out;
  bool absolute = !in.empty() && in[0] == '/';
  std::size_t i = absolute ? 1 : 0;
  bool trailing = false;
  while (i <= in.size()) {
    std::size_t e = in.find('/', i);
    if (e == std::string_view::npos) e = in.size();
    std::string_view seg = in.substr(i, e - i);
    bool last = e == in.size();
    if (seg == ".") {
      trailing = last;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = last;
    } else {
      out.push_back(seg);
      trailing = false;
    }
    i = e + 1;
  }
  std::string r = absolute ? "/" : "";
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k) r += '/';
    r.append(out[k]);
  }
  if (trailing && !r.empty() && r.back() != '/') r += '/';
  return r;
}

std::string merge(const Parts& base, std::string_view ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + std::string(ref_path);
  std::size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(ref_path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(ref_path);
}

std::string compose(std::string_view scheme, bool has_authority, std::string_view authority, std::string_view path,
                    bool has_query, std::string_view query, bool has_fragment, std::string_view fragment) {
  std::string r;
  if (!scheme.empty()) {
    r.append(scheme);
    r += ':';
  }
  if (has_authority) {
    r += "//";
    r.append(authority);
  }
  r.append(path);
  if (has_query) {
    r += '?';
    r.append(query);
  }
  if (has_fragment) {
    r += '#';
    r.append(fragment);
  }
  return r;
}

bool tracking_param(std::string_view name) {
  static constexpr std::array<std::string_view, 18> kNames = {
      "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "at_medium", "at_campaign", "mc_cid", "mc_eid",
      "_ga", "_gl", "igshid", "mkt_tok", "ocid", "cmpid", "wt.mc_id", "oly_enc_id"};
  std::string l = lower_str(name);
  if (l.starts_with("utm_") || l.starts_with("at_") || l.starts_with("__hs")) return true;
  for (auto n : kNames)
    if (l == n) return true;
  return false;
}

}  // namespace

bool resolves_to_itself(std::string_view ref) {
  const std::size_t colon = scheme_colon(ref);
  if (colon == std::string_view::npos || !ref.substr(colon + 1).starts_with("//")) return false;
  // A dot segment starts right after a '/' (the path of an absolute URL starts with one).
  return ref.find("/.", colon + 3) == std::string_view::npos;
}

std::string resolve_url(std::string_view base_in, std::string_view ref_in) {
  std::string_view ref = trim(ref_in);
  if (resolves_to_itself(ref)) return std::string(ref);
  std::string_view base = trim(base_in);
  if (base.empty()) return std::string(ref);
  Parts r = split(ref);
  Parts b = split(base);
  if (!b.has_scheme) return std::string(ref);
  if (r.has_scheme) {
    // Some feeds write "http:foo" meaning relative; RFC 3986 strict: keep it as is.
    return compose(r.scheme, r.has_authority, r.authority, remove_dot_segments(r.path), r.has_query, r.query,
                   r.has_fragment, r.fragment);
  }
  if (r.has_authority)
    return compose(b.scheme, true, r.authority, remove_dot_segments(r.path), r.has_query, r.query, r.has_fragment,
                   r.fragment);
  if (r.path.empty()) {
    return compose(b.scheme, b.has_authority, b.authority, b.path, r.has_query || b.has_query,
                   r.has_query ? r.query : b.query, r.has_fragment, r.fragment);
  }
  std::string path = r.path[0] == '/' ? remove_dot_segments(r.path) : remove_dot_segments(merge(b, r.path));
  return compose(b.scheme, b.has_authority, b.authority, path, r.has_query, r.query, r.has_fragment, r.fragment);
}

namespace {

// True when canonical_url(url) == url: "http" or "https" in lower case, "://", a
// host of lower-case letters, digits, '-' and '.' (no trailing dot, no port, no
// user), then a path with no dot segment and no query or fragment. Most item
// links are; they are copied as they are.
bool canonical_already(std::string_view url) {
  std::size_t i;
  if (url.starts_with("https://")) i = 8;
  else if (url.starts_with("http://")) i = 7;
  else return false;
  const std::size_t host = i;
  while (i < url.size()) {
    const char c = url[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) break;
    ++i;
  }
  if (i == host || i == url.size() || url[i] != '/' || url[i - 1] == '.') return false;
  for (std::size_t k = i; k < url.size(); ++k) {
    const char c = url[k];
    if (c == '?' || c == '#' || (c == '.' && url[k - 1] == '/')) return false;
  }
  return true;
}

}  // namespace

std::string canonical_url(std::string_view url_in) {
  std::string_view url = trim(url_in);
  if (canonical_already(url)) return std::string(url);
  Parts p = split(url);
  std::string scheme = lower_str(p.scheme);
  if (!p.has_scheme || (scheme != "http" && scheme != "https") || !p.has_authority) return std::string(url);
  // Written straight into the result (each piece used to be a string of its own).
  std::string r;
  r.reserve(url.size() + 1);
  r.append(scheme).append("://");
  // authority: [userinfo@]host[:port]
  std::string_view auth = p.authority;
  if (std::size_t at = auth.rfind('@'); at != std::string_view::npos) {
    r.append(auth.substr(0, at + 1));
    auth = auth.substr(at + 1);
  }
  std::string_view host = auth, port;
  std::size_t colon = auth.rfind(':');
  std::size_t bracket = auth.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = auth.substr(0, colon);
    port = auth.substr(colon + 1);
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  for (char c : host) r.push_back(lower(c));
  if (!port.empty() && !((scheme == "http" && port == "80") || (scheme == "https" && port == "443")))
    r.append(":").append(port);
  if (p.path.empty()) r.push_back('/');
  else if (may_have_dot_segment(p.path)) r.append(remove_dot_segments(p.path));
  else r.append(p.path);
  if (p.has_query) {
    std::string_view q = p.query;
    bool first = true;
    while (true) {
      std::size_t amp = q.find('&');
      std::string_view param = q.substr(0, amp);
      std::string_view name = param.substr(0, param.find('='));
      if (!param.empty() && !tracking_param(name)) {
        r.push_back(first ? '?' : '&');
        r.append(param);
        first = false;
      }
      if (amp == std::string_view::npos) break;
      q.remove_prefix(amp + 1);
    }
  }
  return r;
}

std::string url_host(std::string_view url) {
  Parts p = split(trim(url));
  if (!p.has_scheme || !p.has_authority) return "";
  std::string_view auth = p.authority;
  if (std::size_t at = auth.rfind('@'); at != std::string_view::npos) auth = auth.substr(at + 1);
  std::size_t colon = auth.rfind(':');
  std::size_t bracket = auth.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket))
    auth = auth.substr(0, colon);
  std::string h = lower_str(auth);
  while (!h.empty() && h.back() == '.') h.pop_back();
  if (h.starts_with("www.")) h.erase(0, 4);
  return h;
}

}  // namespace chipwire
