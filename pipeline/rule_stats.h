// Per-rule hit counts and review verdicts over the stored articles, so noisy
// rules show themselves (`chipwire rules stats`). Reads the store only.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/status.h"
#include "storage/store.h"

namespace chipwire {

struct RuleCounts {
  std::uint64_t hits = 0;      // mentions and actions the rule produced in current revisions
  std::uint64_t articles = 0;  // articles where it fired
  std::uint64_t accepted = 0;  // actions of this rule a reviewer accepted (or corrected)
  std::uint64_t rejected = 0;  // ... rejected
  std::uint64_t flags = 0;     // flags it raised
};

Result<std::map<std::string, RuleCounts>> collect_rule_stats(Store& store);

}  // namespace chipwire
