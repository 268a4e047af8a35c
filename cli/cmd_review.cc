// `chipwire review list|show|log`: reading the queue of flagged articles.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli/command_list.h"
#include "cli/io.h"
#include "cli/review_view.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "core/text.h"
#include "core/time.h"

namespace chipwire::cli {

namespace {

using nlohmann::json;

void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

int run_review_list(Context& ctx) {
  int code = kExitOk;
  ReviewQuery q;
  q.state = ctx.args.get_or("state", "open");
  if (*q.state == "all") q.state.reset();
  else if (*q.state != "open" && *q.state != "accepted" && *q.state != "rejected")
    return fail(kExitUsage, "review list: --state must be open, accepted, rejected or all");
  q.reason = ctx.args.get("reason");
  q.feed = ctx.args.get("feed");
  if (!read_date_flag(ctx.args, "since", q.since, code)) return code;
  if (auto v = ctx.args.get("limit")) q.limit = static_cast<std::size_t>(std::strtoul(v->c_str(), nullptr, 10));
  const std::string format = ctx.args.get_or("format", "table");
  if (format != "table" && format != "jsonl") return fail(kExitUsage, "review list: --format must be table or jsonl");
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  auto items = store->review_items(q);
  if (!items.ok()) return fail(kExitData, items.status().message());
  Table t({"ARTICLE", "STATE", "UPDATED", "REASONS", "TITLE"});
  for (const ReviewItem& item : *items) {
    auto article = store->article(item.article_id);
    const std::string title = article.ok() && article->has_value() ? (*article)->title : "";
    std::vector<std::string> reasons;
    for (const Flag& f : item.reasons)
      if (std::find(reasons.begin(), reasons.end(), f.reason) == reasons.end()) reasons.push_back(f.reason);
    if (format == "jsonl") {
      json flags = json::array();
      for (const Flag& f : item.reasons) flags.push_back({{"reason", f.reason}, {"rule", f.rule}, {"detail", f.detail}});
      write(json{{"id", item.article_id},
                 {"state", item.state},
                 {"title", title},
                 {"reasons", reasons},
                 {"flags", flags},
                 {"reviewer", item.reviewer},
                 {"note", item.note},
                 {"created", format_iso8601(item.created)},
                 {"updated", format_iso8601(item.updated)}}
                .dump() +
            "\n");
      continue;
    }
    std::string joined;
    for (const auto& r : reasons) joined += (joined.empty() ? "" : ",") + r;
    t.add({item.article_id.substr(0, 12), item.state, format_date(item.updated), joined, title});
  }
  if (format == "table") write(t.render(terminal_width()));
  return kExitOk;
}

int run_review_show(Context& ctx) {
  if (ctx.args.positionals.size() != 1) return fail(kExitUsage, "review show: give one article ID");
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  auto id = resolve_review_id(*store, ctx.args.positionals[0]);
  if (!id.ok()) return fail(kExitUsage, id.status().message());
  auto item = store->review_item(*id);
  auto stored = store->stored_article(*id);
  auto decisions = store->decisions(*id);
  if (!item.ok() || !stored.ok() || !decisions.ok()) return fail(kExitData, "review show: cannot read " + *id);
  if (!stored->has_value()) return fail(kExitUsage, "review show: no article " + *id);
  ReviewItem shown = item->has_value() ? **item : ReviewItem{};
  if (!item->has_value()) {
    shown.article_id = *id;
    shown.state = "none";
  }
  write(render_review_item(shown, **stored, *decisions, stdout_is_terminal()));
  return kExitOk;
}

int run_review_log(Context& ctx) {
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  auto log = store->review_log(0);
  if (!log.ok()) return fail(kExitData, log.status().message());
  const bool as_json = ctx.args.get_or("format", "text") == "jsonl";
  for (const ReviewLogEntry& e : *log) {
    if (as_json) {
      write(json{{"seq", e.seq},       {"time", format_iso8601(e.time)}, {"by", e.by},
                 {"article", e.article_id}, {"verdict", e.verdict},   {"action", e.action},
                 {"correction", e.correction}, {"note", e.note}}
                .dump() +
            "\n");
    } else {
      write(format_iso8601(e.time) + "  " + terminal_safe(e.by) + "  " + e.verdict + "  " + e.article_id.substr(0, 12) +
            (e.action.empty() ? "" : "  " + e.action) + (e.correction.empty() ? "" : "  " + e.correction) +
            (e.note.empty() ? "" : "  \"" + terminal_safe(e.note) + "\"") + "\n");
    }
  }
  return kExitOk;
}

}  // namespace

Command make_review_list_command() {
  return {"review list",
          "flagged articles waiting for review (open by default)",
          "[--state open|accepted|rejected|all] [--reason R] [--feed ID] [--since DATE] [--format table|jsonl]",
          {{"state", true, "open, accepted, rejected or all", "STATE"},
           {"reason", true, "only items flagged for this reason", "REASON"},
           {"feed", true, "only items from this feed", "ID"},
           {"since", true, "updated on or after this date", "DATE"},
           {"limit", true, "at most N items", "N"},
           {"format", true, "table or jsonl", "FMT"}},
          run_review_list};
}

Command make_review_show_command() {
  return {"review show", "one flagged article: text with matches marked, actions, rules, flags", "ID", {},
          run_review_show};
}

Command make_review_log_command() {
  return {"review log", "the append-only audit log of review decisions", "[--format text|jsonl]",
          {{"format", true, "text or jsonl", "FMT"}}, run_review_log};
}

}  // namespace chipwire::cli
