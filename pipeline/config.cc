#include "pipeline/config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <set>

namespace chipwire {

std::optional<std::int64_t> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t pos = 0;
  std::int64_t value = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + (text[pos] - '0');
    if (value > (std::int64_t{1} << 40)) return std::nullopt;
    ++pos;
  }
  if (pos == 0) return std::nullopt;
  const std::string unit = text.substr(pos);
  if (unit.empty() || unit == "s") return value;
  if (unit == "m" || unit == "min") return value * 60;
  if (unit == "h") return value * 3600;
  if (unit == "d") return value * 86400;
  return std::nullopt;
}

namespace {

std::string where(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line);
}

Status read_feed(const std::string& path, const toml::table& table, FeedConfig& feed) {
  static const std::set<std::string> known{"url",           "title",         "interval",   "user_agent",
                                           "connect_timeout", "timeout",     "max_size"};
  for (const auto& [key, value] : table) {
    if (!known.count(std::string(key.str())))
      return Status::invalid(where(path, value) + ": unknown key '" + std::string(key.str()) + "' in [[feed]]");
  }
  feed.line = static_cast<int>(table.source().begin.line);
  const auto* url = table.get("url");
  if (!url) return Status::invalid(path + ":" + std::to_string(feed.line) + ": [[feed]] has no url");
  if (!url->is_string()) return Status::invalid(where(path, *url) + ": url must be a string");
  feed.url = url->as_string()->get();
  if (feed.url.empty()) return Status::invalid(where(path, *url) + ": url is empty");
  if (const auto* t = table.get("title")) {
    if (!t->is_string()) return Status::invalid(where(path, *t) + ": title must be a string");
    feed.title = t->as_string()->get();
  }
  if (const auto* ua = table.get("user_agent")) {
    if (!ua->is_string()) return Status::invalid(where(path, *ua) + ": user_agent must be a string");
    feed.user_agent = ua->as_string()->get();
  }
  auto duration = [&](const char* key, std::int64_t& out_seconds) -> Status {
    const auto* n = table.get(key);
    if (!n) return {};
    std::optional<std::int64_t> v;
    if (n->is_integer()) v = n->as_integer()->get();
    if (n->is_string()) v = parse_duration(n->as_string()->get());
    if (!v || *v < 0)
      return Status::invalid(where(path, *n) + ": " + key + " must be a duration like \"30m\", \"2h\" or seconds");
    out_seconds = *v;
    return {};
  };
  std::int64_t connect = 0, total = 0;
  if (Status s = duration("interval", feed.interval_seconds); !s.ok()) return s;
  if (Status s = duration("connect_timeout", connect); !s.ok()) return s;
  if (Status s = duration("timeout", total); !s.ok()) return s;
  feed.connect_timeout_ms = static_cast<long>(connect * 1000);
  feed.total_timeout_ms = static_cast<long>(total * 1000);
  if (const auto* n = table.get("max_size")) {
    if (!n->is_integer() || n->as_integer()->get() <= 0)
      return Status::invalid(where(path, *n) + ": max_size must be a positive number of bytes");
    feed.max_body_bytes = static_cast<std::size_t>(n->as_integer()->get());
  }
  return {};
}

}  // namespace

Result<Config> load_config(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::invalid(path + ": config file not found");
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::invalid(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
  }
  Config config;
  config.path = path;
  static const std::set<std::string> known{"db",          "allow_private_addresses", "allow_local_files",
                                           "user_agent",  "max_parallel",            "max_per_host",
                                           "keep_document_hours", "checkpoint_seconds", "feed"};
  for (const auto& [key, value] : root) {
    if (!known.count(std::string(key.str())))
      return Status::invalid(where(path, value) + ": unknown key '" + std::string(key.str()) + "'");
  }
  if (const auto* n = root.get("db")) {
    if (!n->is_string()) return Status::invalid(where(path, *n) + ": db must be a string");
    std::filesystem::path db = n->as_string()->get();
    if (db.is_relative()) db = std::filesystem::absolute(path).parent_path() / db;
    config.db = db.lexically_normal().string();
  }
  auto boolean = [&](const char* key, bool& out) -> Status {
    if (const auto* n = root.get(key)) {
      if (!n->is_boolean()) return Status::invalid(where(path, *n) + ": " + key + " must be true or false");
      out = n->as_boolean()->get();
    }
    return {};
  };
  if (Status s = boolean("allow_private_addresses", config.allow_private_addresses); !s.ok()) return s;
  if (Status s = boolean("allow_local_files", config.allow_local_files); !s.ok()) return s;
  if (const auto* n = root.get("user_agent")) {
    if (!n->is_string()) return Status::invalid(where(path, *n) + ": user_agent must be a string");
    config.user_agent = n->as_string()->get();
  }
  // An integer in [lo, hi]; `unit` names what it counts in the message ("" for none).
  auto integer = [&](const char* key, int lo, int hi, const std::string& unit, int& out) -> Status {
    if (const auto* n = root.get(key)) {
      if (!n->is_integer() || n->as_integer()->get() < lo || n->as_integer()->get() > hi)
        return Status::invalid(where(path, *n) + ": " + key + " must be a number" +
                               (unit.empty() ? "" : " of " + unit) + " from " + std::to_string(lo) + " to " +
                               std::to_string(hi));
      out = static_cast<int>(n->as_integer()->get());
    }
    return {};
  };
  if (Status s = integer("max_parallel", 1, 1000, "", config.max_parallel); !s.ok()) return s;
  if (Status s = integer("max_per_host", 1, 1000, "", config.max_per_host); !s.ok()) return s;
  if (Status s = integer("keep_document_hours", 0, 100000, "hours", config.keep_document_hours); !s.ok()) return s;
  if (Status s = integer("checkpoint_seconds", 0, 86400, "seconds", config.checkpoint_seconds); !s.ok()) return s;
  if (const auto* feeds = root.get("feed")) {
    if (!feeds->is_array_of_tables())
      return Status::invalid(where(path, *feeds) + ": 'feed' must be written as [[feed]] tables");
    // Exact: the feed list is held for a whole ingest run, so no room to grow is left over.
    config.feeds.reserve(feeds->as_array()->size());
    for (const auto& node : *feeds->as_array()) {
      FeedConfig feed;
      if (Status s = read_feed(path, *node.as_table(), feed); !s.ok()) return s;
      // Local paths are relative to the config file.
      if (feed.url.find("://") == std::string::npos && !std::filesystem::path(feed.url).is_absolute())
        feed.url = (std::filesystem::absolute(path).parent_path() / feed.url).lexically_normal().string();
      config.feeds.push_back(std::move(feed));
    }
  }
  return config;
}

}  // namespace chipwire
