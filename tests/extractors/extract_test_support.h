// Helpers for the extractor tests: the shipped pack (loaded once) and small
// packs written to a temp folder. Test code only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "extractors/extractor.h"
#include "tests/test_support.h"

namespace chipwire::testing {

// The default pack of the source tree (rules/), loaded once; fails the test when it does not load.
const RulePack& shipped_pack();

// Ids of companies and chips found in `text` by `pack`.
std::vector<std::string> entity_ids(const RulePack& pack, const std::string& text);

// "type ACTOR modality" of every action ("-" for no actor).
std::vector<std::string> action_summaries(const RulePack& pack, const std::string& text);

bool contains(const std::vector<std::string>& v, const std::string& x);

}  // namespace chipwire::testing
