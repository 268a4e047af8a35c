// `chipwire rules check|test`: validate the rule pack; run its worked examples.
#include <algorithm>
#include <cstdio>

#include "cli/command_list.h"
#include "extractors/extractor.h"
#include "extractors/rule_examples.h"
#include "cli/store_access.h"
#include "cli/table.h"
#include "cli/io.h"
#include "pipeline/paths.h"
#include "pipeline/rule_stats.h"

namespace chipwire::cli {

namespace {

int run_rules_check(Context& ctx) {
  const std::string dir = resolve_rules_dir(ctx.args.get("rules"));
  auto pack = RulePack::load(dir);
  if (!pack.ok()) return fail(kExitUsage, pack.status().message());
  std::printf("%s: ok (version %s)\n", dir.c_str(), (*pack)->version().c_str());
  return kExitOk;
}

int run_rules_test(Context& ctx) {
  const std::string dir = resolve_rules_dir(ctx.args.get("rules"));
  auto pack = RulePack::load(dir);
  if (!pack.ok()) return fail(kExitUsage, pack.status().message());
  const RuleExampleReport report = run_rule_examples(**pack);
  for (const auto& f : report.failures) std::printf("%s\n", f.c_str());
  std::printf("%d passed, %d failed\n", report.passed, report.failed);
  return report.ok() ? kExitOk : kExitPartial;
}

int run_rules_stats(Context& ctx) {
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  auto store = open_store(db_dir_for(ctx, *config), OpenMode::reader, code);
  if (!store) return code;
  auto stats = collect_rule_stats(*store);
  if (!stats.ok()) return fail(kExitData, stats.status().message());
  std::vector<std::pair<std::string, RuleCounts>> rows(stats->begin(), stats->end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.second.rejected != b.second.rejected ? a.second.rejected > b.second.rejected : a.second.hits > b.second.hits;
  });
  Table t({"RULE", "HITS", "ARTICLES", "ACCEPTED", "REJECTED", "FLAGS"});
  for (const auto& [rule, c] : rows)
    t.add({rule, std::to_string(c.hits), std::to_string(c.articles), std::to_string(c.accepted),
           std::to_string(c.rejected), std::to_string(c.flags)});
  const std::string out = t.render(terminal_width());
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace

Command make_rules_stats_command() {
  return {"rules stats", "per rule: hits, articles, accepted and rejected verdicts, flags (noisiest first)", "", {},
          run_rules_stats};
}

Command make_rules_check_command() {
  return {"rules check", "load and validate the rule pack; print the first error as FILE:LINE: problem", "", {},
          run_rules_check};
}
Command make_rules_test_command() {
  return {"rules test", "run the must-match and must-not-match examples written in the rule files", "", {},
          run_rules_test};
}

}  // namespace chipwire::cli
