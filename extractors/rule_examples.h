// The worked examples written in rule files (`example:` must match, `counter:`
// must not), run against the pack they sit in. Used by `chipwire rules test`
// and the tests; pure, any thread.
#pragma once

#include <string>
#include <vector>

#include "extractors/extractor.h"

namespace chipwire {

struct RuleExampleReport {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  // "rules/chips.rules:42: example ...: expected ..., got ..."
  bool ok() const { return failed == 0; }
};

RuleExampleReport run_rule_examples(const RulePack& pack);

}  // namespace chipwire
