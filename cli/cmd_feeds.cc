// `chipwire feeds list|add|remove|import|export`: the feed list (kept in the
// config file) and each feed's health (kept in the store).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>

#include "cli/command_list.h"
#include "cli/io.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "core/time.h"
#include "pipeline/article_builder.h"
#include "pipeline/feed_list.h"
#include "pipeline/paths.h"

namespace chipwire::cli {

namespace {

void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

std::string config_path_for_edit(const Context& ctx) {
  return resolve_config_path(ctx.args.get("config")).value_or("chipwire.toml");
}

int run_feeds_list(Context& ctx) {
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  std::map<std::string, FeedState> states;
  const std::string db = db_dir_for(ctx, *config);
  StoreOptions so;
  so.mode = OpenMode::reader;
  if (auto store = Store::open(db, so); store.ok()) {
    if (auto all = (*store)->feed_states(); all.ok())
      for (auto& s : *all) states[s.id] = s;
  }
  const UnixSeconds now = now_unix();
  const bool as_json = ctx.args.get_or("format", "table") == "jsonl";
  Table t({"ID", "HEALTH", "FAILS", "LAST ERROR", "NEXT DUE", "URL"});
  for (const FeedConfig& f : config->feeds) {
    const std::string id = feed_id_for_url(f.url);
    auto it = states.find(id);
    const FeedState* s = it == states.end() ? nullptr : &it->second;
    std::string health = !s || s->last_polled == 0 ? "new" : s->consecutive_failures ? "failing" : "ok";
    std::string due = !s || s->next_due <= now ? "now" : format_iso8601(s->next_due);
    if (as_json) {
      nlohmann::json j{{"id", id},
                       {"url", f.url},
                       {"title", f.title},
                       {"health", health},
                       {"consecutive_failures", s ? s->consecutive_failures : 0},
                       {"total_failures", s ? s->total_failures : 0},
                       {"last_error", s ? s->last_error : ""},
                       {"last_error_message", s ? s->last_error_message : ""},
                       {"last_polled", s && s->last_polled ? format_iso8601(s->last_polled) : ""},
                       {"next_due", due}};
      write(j.dump() + "\n");
      continue;
    }
    t.add({id, health, s ? std::to_string(s->consecutive_failures) : "0",
           s && !s->last_error.empty() ? s->last_error : "-", due, f.url});
  }
  if (!as_json) write(t.render(terminal_width()));
  return kExitOk;
}

int run_feeds_add(Context& ctx) {
  if (ctx.args.positionals.empty()) return fail(kExitUsage, "feeds add: give one or more feed URLs");
  std::vector<NewFeed> feeds;
  for (const auto& url : ctx.args.positionals) feeds.push_back({url, ctx.args.get_or("title", "")});
  const std::string path = config_path_for_edit(ctx);
  auto added = append_feeds(path, feeds);
  if (!added.ok()) return fail(kExitUsage, added.status().message());
  std::fprintf(stderr, "%d feed(s) added to %s\n", *added, path.c_str());
  return kExitOk;
}

int run_feeds_remove(Context& ctx) {
  if (ctx.args.positionals.size() != 1) return fail(kExitUsage, "feeds remove: give one feed ID or URL");
  const std::string path = config_path_for_edit(ctx);
  if (Status s = remove_feed(path, ctx.args.positionals[0]); !s.ok())
    return fail(s.code() == Code::not_found ? kExitPartial : kExitUsage, s.message());
  std::fprintf(stderr, "removed from %s\n", path.c_str());
  return kExitOk;
}

int run_feeds_import(Context& ctx) {
  if (ctx.args.positionals.size() != 1) return fail(kExitUsage, "feeds import: give one OPML file");
  auto feeds = read_opml(ctx.args.positionals[0]);
  if (!feeds.ok()) return fail(kExitUsage, feeds.status().message());
  const std::string path = config_path_for_edit(ctx);
  auto added = append_feeds(path, *feeds);
  if (!added.ok()) return fail(kExitUsage, added.status().message());
  std::fprintf(stderr, "%d of %zu feed(s) added to %s\n", *added, feeds->size(), path.c_str());
  return kExitOk;
}

int run_feeds_export(Context& ctx) {
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  write(write_opml(*config));
  return kExitOk;
}

}  // namespace

Command make_feeds_list_command() {
  return {"feeds list", "the configured feeds and each one's health", "[--format table|jsonl]",
          {{"format", true, "table or jsonl", "FMT"}}, run_feeds_list};
}
Command make_feeds_add_command() {
  return {"feeds add", "add feed URLs to the config file", "URL... [--title TEXT]",
          {{"title", true, "title for the feed", "TEXT"}}, run_feeds_add};
}
Command make_feeds_remove_command() {
  return {"feeds remove", "remove a feed from the config file", "ID|URL", {}, run_feeds_remove};
}
Command make_feeds_import_command() {
  return {"feeds import", "add every feed of an OPML file to the config file", "FILE.opml", {}, run_feeds_import};
}
Command make_feeds_export_command() {
  return {"feeds export", "print the configured feeds as OPML", "", {}, run_feeds_export};
}

}  // namespace chipwire::cli
