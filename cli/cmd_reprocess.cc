// `chipwire reprocess [--since DATE]`: re-run the current rules over stored
// articles and print what changed.
#include <cstdio>

#include "cli/command_list.h"
#include "cli/store_access.h"
#include "core/text.h"
#include "pipeline/paths.h"
#include "pipeline/reprocess.h"

namespace chipwire::cli {

namespace {

int run_reprocess(Context& ctx) {
  ReprocessOptions options;
  int code = kExitOk;
  if (!read_date_flag(ctx.args, "since", options.since, code)) return code;
  auto rules = RulePack::load(resolve_rules_dir(ctx.args.get("rules")));
  if (!rules.ok()) return fail(kExitUsage, rules.status().message());
  auto session = open_writer_session(ctx, 600, code);
  if (!session) return code;
  const bool quiet = ctx.args.has("quiet");
  options.on_change = [quiet](const std::string& id, const std::string& title, const std::string& what) {
    if (!quiet) std::printf("changed %s  %s  %s\n", id.substr(0, 12).c_str(), what.c_str(), terminal_safe(title).c_str());
  };
  auto summary = reprocess(*session->store, **rules, options);
  if (!summary.ok()) return fail(kExitData, summary.status().message());
  const ReprocessSummary& s = *summary;
  std::printf("reprocessed %llu articles, %llu changed; events +%llu -%llu; actions changed %llu; flags raised %llu, "
              "cleared %llu\n",
              static_cast<unsigned long long>(s.articles), static_cast<unsigned long long>(s.changed),
              static_cast<unsigned long long>(s.events_added), static_cast<unsigned long long>(s.events_removed),
              static_cast<unsigned long long>(s.actions_changed), static_cast<unsigned long long>(s.flags_raised),
              static_cast<unsigned long long>(s.flags_cleared));
  return kExitOk;
}

}  // namespace

Command make_reprocess_command() {
  return {"reprocess",
          "re-run the current rules over stored articles (no fetching); print what changed",
          "[--since DATE] [--quiet]",
          {{"since", true, "only articles first seen on or after this date", "DATE"},
           {"quiet", false, "only the summary line"}},
          run_reprocess};
}

}  // namespace chipwire::cli
