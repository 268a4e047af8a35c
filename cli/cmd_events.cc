// `chipwire events [filters]` and `chipwire event ID`: stored events for people
// (table) and scripts (json, jsonl, csv), per shared/docs/cli.md.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli/command_list.h"
#include "cli/io.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "core/text.h"
#include "core/time.h"

namespace chipwire::cli {

namespace {

using nlohmann::json;

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

json event_json(const Event& e) {
  return json{{"id", e.id},
              {"type", e.type},
              {"actor", optional_json(e.actor)},
              {"modality", e.modality},
              {"companies", e.companies},
              {"chips", e.chips},
              {"target_country", optional_json(e.target_country)},
              {"first_seen", format_iso8601(e.first_seen)},
              {"last_seen", format_iso8601(e.last_seen)},
              {"articles", e.articles},
              {"sources", e.sources},
              {"mentions", e.mentions},
              {"review", e.review}};
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

void write(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// Reads the filter flags into a query; false (with a message printed) on a bad value.
bool read_filters(const ParsedArgs& args, EventQuery& q, int& code) {
  q.company = args.get("company");
  q.chip = args.get("chip");
  q.type = args.get("type");
  if (auto a = args.get("actor")) q.actor = [&] {
    std::string up = *a;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
  }();
  q.modality = args.get("modality");
  q.feed = args.get("feed");
  q.include_rejected = args.has("include-rejected");
  if (!read_date_flag(args, "since", q.since, code) || !read_date_flag(args, "until", q.until, code)) return false;
  for (const char* key : {"min-sources", "limit"}) {
    if (auto v = args.get(key)) {
      char* end = nullptr;
      const long n = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end || n < 0) {
        code = fail(kExitUsage, std::string("--") + key + " wants a number, not '" + *v + "'");
        return false;
      }
      if (std::string(key) == "limit") q.limit = static_cast<std::size_t>(n);
      else q.min_sources = static_cast<std::uint32_t>(n);
    }
  }
  return true;
}

int run_events(Context& ctx) {
  int code = kExitOk;
  const std::string format = ctx.args.get_or("format", "table");
  if (format != "table" && format != "json" && format != "jsonl" && format != "csv")
    return fail(kExitUsage, "events: --format must be table, json, jsonl or csv");
  EventQuery q;
  if (!read_filters(ctx.args, q, code)) return code;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  auto events = store->events(q);
  if (!events.ok()) return fail(kExitData, events.status().message());

  if (format == "jsonl") {
    for (const Event& e : *events) write(event_json(e).dump() + "\n");
  } else if (format == "json") {
    json arr = json::array();
    for (const Event& e : *events) arr.push_back(event_json(e));
    write(arr.dump(2) + "\n");
  } else if (format == "csv") {
    write(csv_row({"id", "type", "actor", "modality", "companies", "chips", "target_country", "first_seen",
                   "last_seen", "articles", "sources", "mentions", "review"}));
    for (const Event& e : *events)
      write(csv_row({e.id, e.type, e.actor.value_or(""), e.modality, join(e.companies, ";"), join(e.chips, ";"),
                     e.target_country.value_or(""), format_iso8601(e.first_seen), format_iso8601(e.last_seen),
                     std::to_string(e.articles), std::to_string(e.sources), std::to_string(e.mentions),
                     e.review}));
  } else {
    Table table({"ID", "FIRST SEEN", "TYPE", "ACTOR", "MODALITY", "SRC", "ART", "REVIEW", "COMPANIES / CHIPS"});
    for (const Event& e : *events) {
      std::string what = join(e.companies, ",");
      if (!e.chips.empty()) what += (what.empty() ? "" : " / ") + join(e.chips, ",");
      if (e.target_country) what += " -> " + *e.target_country;
      table.add({e.id.substr(0, 12), format_date(e.first_seen), e.type, e.actor.value_or("-"), e.modality,
                 std::to_string(e.sources), std::to_string(e.articles), e.review, what});
    }
    write(table.render(terminal_width()));
    if (events->empty()) std::fprintf(stderr, "no events match\n");
  }
  return kExitOk;
}

int run_event(Context& ctx) {
  if (ctx.args.positionals.size() != 1) return fail(kExitUsage, "event: give one event ID");
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  std::string id = ctx.args.positionals[0];
  if (id.size() < 32) {  // a prefix from the table
    EventQuery all;
    all.include_rejected = true;
    auto events = store->events(all);
    if (!events.ok()) return fail(kExitData, events.status().message());
    std::vector<std::string> matches;
    for (const Event& e : *events)
      if (e.id.rfind(id, 0) == 0) matches.push_back(e.id);
    if (matches.size() > 1) return fail(kExitUsage, "event: prefix " + id + " matches several events");
    if (matches.size() == 1) id = matches[0];
  }
  auto event = store->event(id);
  if (!event.ok()) return fail(kExitData, event.status().message());
  if (!event->has_value()) return fail(kExitPartial, "event: no event " + id);
  auto mentions = store->mentions(id);
  if (!mentions.ok()) return fail(kExitData, mentions.status().message());
  const Event& e = **event;
  json mentions_json = json::array();
  for (const MentionRecord& m : *mentions) {
    json mj{{"article", m.article_id}, {"rule", m.rule}, {"evidence", m.evidence_text}, {"confidence", m.confidence}};
    if (auto a = store->article(m.article_id); a.ok() && a->has_value()) {
      mj["title"] = (*a)->title;
      mj["url"] = (*a)->url;
      mj["feed"] = (*a)->feed_id;
      mj["source"] = (*a)->source;
    }
    mentions_json.push_back(std::move(mj));
  }
  if (ctx.args.get_or("format", "text") == "json") {
    json out = event_json(e);
    out["mention_list"] = mentions_json;
    write(out.dump(2) + "\n");
    return kExitOk;
  }
  std::string out = "event " + e.id + "\n  " + e.type + ", actor " + e.actor.value_or("-") + ", " + e.modality +
                    "\n  companies: " + join(e.companies, ", ") + "\n  chips: " + join(e.chips, ", ") +
                    "\n  target: " + e.target_country.value_or("-") + "\n  seen " + format_iso8601(e.first_seen) +
                    " .. " + format_iso8601(e.last_seen) + "\n  " + std::to_string(e.mentions) + " mentions in " +
                    std::to_string(e.articles) + " articles from " + std::to_string(e.sources) +
                    " sources; review: " + e.review + "\n\nmentions:\n";
  for (const auto& m : mentions_json) {
    out += "- " + terminal_safe(m.value("title", std::string("?"))) + "\n  " +
           terminal_safe(m.value("url", std::string())) + "  [" + terminal_safe(m.value("source", std::string())) +
           "]\n  \"" + terminal_safe(m.value("evidence", std::string())) + "\"\n  rule " +
           m.value("rule", std::string()) + "\n";
  }
  write(out);
  return kExitOk;
}

std::vector<FlagSpec> filter_flags() {
  return {{"company", true, "company id (nvidia)", "ID"},
          {"chip", true, "chip id (h200)", "ID"},
          {"type", true, "action type (export_control)", "TYPE"},
          {"actor", true, "actor country code (US, CN, EU)", "CC"},
          {"since", true, "first seen on or after this date", "DATE"},
          {"until", true, "first seen before this date", "DATE"},
          {"feed", true, "feed id", "ID"},
          {"modality", true, "asserted, planned or denied", "M"},
          {"min-sources", true, "at least this many independent sources", "N"},
          {"include-rejected", false, "also list events a reviewer rejected"},
          {"format", true, "table, json, jsonl or csv", "FMT"},
          {"limit", true, "at most N events", "N"}};
}

}  // namespace

Command make_events_command() {
  return {"events", "list stored events, newest first", "[filters] [--format table|json|jsonl|csv] [--limit N]",
          filter_flags(), run_events};
}

Command make_event_command() {
  return {"event", "one event with every mention", "ID [--format text|json]",
          {{"format", true, "text or json", "FMT"}}, run_event};
}

}  // namespace chipwire::cli
