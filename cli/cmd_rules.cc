// `chipwire rules check|test`: validate the rule pack; run its worked examples.
#include <cstdio>

#include "cli/command_list.h"
#include "extractors/extractor.h"
#include "pipeline/paths.h"

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
  std::printf("%s: loaded; examples not wired yet\n", dir.c_str());
  return kExitOk;
}

}  // namespace

Command make_rules_check_command() {
  return {"rules check", "load and validate the rule pack; print the first error as FILE:LINE: problem", "", {},
          run_rules_check};
}
Command make_rules_test_command() {
  return {"rules test", "run the must-match and must-not-match examples written in the rule files", "", {},
          run_rules_test};
}

}  // namespace chipwire::cli
