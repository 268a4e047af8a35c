#include "pipeline/feed_list.h"

#include <pugixml.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "pipeline/article_builder.h"

namespace chipwire {

namespace {

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io(path + ": cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status write_text_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return Status::io(tmp + ": cannot write");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::io(path + ": cannot replace: " + ec.message());
  return {};
}

}  // namespace

Result<int> append_feeds(const std::string& config_path, const std::vector<NewFeed>& feeds) {
  std::set<std::string> known;
  std::string text;
  if (std::filesystem::exists(config_path)) {
    auto config = load_config(config_path);
    if (!config.ok()) return config.status();
    for (const auto& f : config->feeds) known.insert(f.url);
    auto t = read_text(config_path);
    if (!t.ok()) return t.status();
    text = std::move(*t);
  }
  int added = 0;
  for (const NewFeed& f : feeds) {
    if (f.url.empty() || !known.insert(f.url).second) continue;
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += "\n[[feed]]\nurl = " + toml_string(f.url) + "\n";
    if (!f.title.empty()) text += "title = " + toml_string(f.title) + "\n";
    ++added;
  }
  if (added == 0) return 0;
  if (Status s = write_text_atomically(config_path, text); !s.ok()) return s;
  // Never leave a config that does not load.
  if (auto check = load_config(config_path); !check.ok()) return check.status();
  return added;
}

Status remove_feed(const std::string& config_path, const std::string& id_or_url) {
  auto config = load_config(config_path);
  if (!config.ok()) return config.status();
  int line = 0;
  for (const auto& f : config->feeds)
    if (f.url == id_or_url || feed_id_for_url(f.url) == id_or_url) line = f.line;
  if (line == 0) return Status::not_found("no feed " + id_or_url + " in " + config_path);
  auto text = read_text(config_path);
  if (!text.ok()) return text.status();
  std::vector<std::string> lines;
  std::istringstream in(*text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  // The block starts at its [[feed]] header (at or before `line`) and ends before the next header.
  size_t start = static_cast<size_t>(line - 1);
  while (start > 0 && lines[start].find("[[feed]]") == std::string::npos) --start;
  size_t end = start + 1;
  while (end < lines.size() && !(lines[end].find_first_not_of(" \t") != std::string::npos &&
                                 lines[end][lines[end].find_first_not_of(" \t")] == '['))
    ++end;
  lines.erase(lines.begin() + static_cast<long>(start), lines.begin() + static_cast<long>(end));
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return write_text_atomically(config_path, out);
}

Result<std::vector<NewFeed>> read_opml(const std::string& path) {
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_file(path.c_str(), pugi::parse_default, pugi::encoding_auto);
  if (!r) return Status::parse(path + ": not OPML: " + r.description() + " at byte " + std::to_string(r.offset));
  if (!doc.child("opml")) return Status::parse(path + ": not OPML: no <opml> root");
  std::vector<NewFeed> feeds;
  for (const pugi::xpath_node& n : doc.select_nodes("//outline[@xmlUrl]")) {
    NewFeed f;
    f.url = n.node().attribute("xmlUrl").value();
    f.title = n.node().attribute("title").value();
    if (f.title.empty()) f.title = n.node().attribute("text").value();
    if (!f.url.empty()) feeds.push_back(std::move(f));
  }
  return feeds;
}

std::string write_opml(const Config& config) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>chipwire feeds</title></head>\n"
      "  <body>\n";
  for (const auto& f : config.feeds) {
    const std::string title = f.title.empty() ? f.url : f.title;
    out += "    <outline type=\"rss\" text=\"" + xml_escape(title) + "\" title=\"" + xml_escape(title) +
           "\" xmlUrl=\"" + xml_escape(f.url) + "\"/>\n";
  }
  return out + "  </body>\n</opml>\n";
}

}  // namespace chipwire
