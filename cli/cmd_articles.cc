// `chipwire articles [filters]` and `chipwire stats`: what the store holds.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>

#include "cli/command_list.h"
#include "cli/io.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "core/time.h"

namespace chipwire::cli {

namespace {

using nlohmann::json;

void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

int run_articles(Context& ctx) {
  int code = kExitOk;
  ArticleQuery q;
  q.feed = ctx.args.get("feed");
  if (!read_date_flag(ctx.args, "since", q.since, code) || !read_date_flag(ctx.args, "until", q.until, code))
    return code;
  if (auto v = ctx.args.get("limit")) q.limit = static_cast<std::size_t>(std::strtoul(v->c_str(), nullptr, 10));
  const std::string format = ctx.args.get_or("format", "table");
  if (format != "table" && format != "jsonl" && format != "json" && format != "csv")
    return fail(kExitUsage, "articles: --format must be table, json, jsonl or csv");
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  auto articles = store->articles(q);
  if (!articles.ok()) return fail(kExitData, articles.status().message());
  auto to_json = [](const Article& a) {
    return json{{"id", a.id},
                {"feed", a.feed_id},
                {"feeds", a.feeds},
                {"url", a.url},
                {"guid", a.guid ? json(*a.guid) : json(nullptr)},
                {"title", a.title},
                {"published", a.published ? json(format_iso8601(*a.published)) : json(nullptr)},
                {"first_seen", format_iso8601(a.first_seen)},
                {"last_seen", format_iso8601(a.last_seen)},
                {"source", a.source},
                {"revision", a.revision}};
  };
  if (format == "jsonl") {
    for (const Article& a : *articles) write(to_json(a).dump() + "\n");
  } else if (format == "json") {
    json arr = json::array();
    for (const Article& a : *articles) arr.push_back(to_json(a));
    write(arr.dump(2) + "\n");
  } else if (format == "csv") {
    write(csv_row({"id", "feed", "url", "title", "published", "first_seen", "source"}));
    for (const Article& a : *articles)
      write(csv_row({a.id, a.feed_id, a.url, a.title, a.published ? format_iso8601(*a.published) : "",
                     format_iso8601(a.first_seen), a.source}));
  } else {
    Table t({"ID", "PUBLISHED", "SOURCE", "TITLE"});
    for (const Article& a : *articles)
      t.add({a.id.substr(0, 12), a.published ? format_date(*a.published) : "-", a.source, a.title});
    write(t.render(terminal_width()));
  }
  return kExitOk;
}

int run_stats(Context& ctx) {
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  auto events = store->events(EventQuery{});
  if (!events.ok()) return fail(kExitData, events.status().message());
  auto feeds = store->feed_states();
  if (!feeds.ok()) return fail(kExitData, feeds.status().message());
  std::map<std::string, int> by_type, by_company, by_chip, by_week;
  for (const Event& e : *events) {
    ++by_type[e.type];
    for (const auto& c : e.companies) ++by_company[c];
    for (const auto& c : e.chips) ++by_chip[c];
    ++by_week[iso_week(e.first_seen)];
  }
  int failing = 0;
  for (const FeedState& f : *feeds) failing += f.consecutive_failures > 0;
  if (ctx.args.get_or("format", "text") == "json") {
    json out{{"events", events->size()},    {"by_type", by_type}, {"by_company", by_company},
             {"by_chip", by_chip},          {"by_week", by_week}, {"feeds", feeds->size()},
             {"feeds_failing", failing}};
    write(out.dump(2) + "\n");
    return kExitOk;
  }
  std::string out = std::to_string(events->size()) + " events; " + std::to_string(feeds->size()) + " feeds, " +
                    std::to_string(failing) + " failing\n";
  auto section = [&](const char* title, const std::map<std::string, int>& m, std::size_t top) {
    std::vector<std::pair<int, std::string>> v;
    for (const auto& [k, n] : m) v.push_back({-n, k});
    std::sort(v.begin(), v.end());
    out += std::string("\n") + title + "\n";
    for (std::size_t i = 0; i < v.size() && i < top; ++i)
      out += "  " + std::to_string(-v[i].first) + "\t" + v[i].second + "\n";
  };
  section("by type", by_type, 20);
  section("by company (top 15)", by_company, 15);
  section("by chip (top 15)", by_chip, 15);
  out += "\nby week (last 8)\n";
  std::size_t skip = by_week.size() > 8 ? by_week.size() - 8 : 0;
  for (const auto& [week, n] : by_week)
    if (skip) --skip;
    else out += "  " + week + "\t" + std::to_string(n) + "\n";
  write(out);
  return kExitOk;
}

}  // namespace

Command make_articles_command() {
  return {"articles",
          "list stored articles, newest first",
          "[--feed ID] [--since DATE] [--until DATE] [--limit N] [--format table|json|jsonl|csv]",
          {{"feed", true, "feed id", "ID"},
           {"since", true, "first seen on or after this date", "DATE"},
           {"until", true, "first seen before this date", "DATE"},
           {"limit", true, "at most N articles", "N"},
           {"format", true, "table, json, jsonl or csv", "FMT"}},
          run_articles};
}

Command make_stats_command() {
  return {"stats", "counts by type, company, chip and week; feed health", "[--format text|json]",
          {{"format", true, "text or json", "FMT"}}, run_stats};
}

}  // namespace chipwire::cli
