// Helpers for the extractor tests: the shipped pack (loaded once) and what
// extract() finds in a text, in short forms. Header-only. Test code only.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "extractors/extractor.h"
#include "tests/test_support.h"

namespace chipwire::testing {

inline const RulePack& shipped_pack() {
  static const std::shared_ptr<const RulePack> pack = [] {
    auto r = RulePack::load(std::string(CHIPWIRE_SOURCE_DIR) + "/rules");
    if (!r.ok()) FAIL("shipped pack does not load: " << r.status().message());
    return *r;
  }();
  return *pack;
}

inline std::vector<std::string> entity_ids(const RulePack& pack, const std::string& text) {
  const Extraction e = extract(pack, text);
  std::vector<std::string> ids;
  for (const auto& m : e.companies) ids.push_back(m.id);
  for (const auto& m : e.chips) ids.push_back(m.id);
  return ids;
}

inline std::vector<std::string> action_summaries(const RulePack& pack, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& a : extract(pack, text).actions) out.push_back(a.type + " " + a.actor.value_or("-") + " " + a.modality);
  return out;
}

inline bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace chipwire::testing
