// Helpers for the extractor tests (see extract_test_support.h).
#include "tests/extractors/extract_test_support.h"

#include <algorithm>
#include <catch2/catch.hpp>

namespace chipwire::testing {

const RulePack& shipped_pack() {
  static const std::shared_ptr<const RulePack> pack = [] {
    auto r = RulePack::load(std::string(CHIPWIRE_SOURCE_DIR) + "/rules");
    if (!r.ok()) FAIL("shipped pack does not load: " << r.status().message());
    return *r;
  }();
  return *pack;
}

std::vector<std::string> entity_ids(const RulePack& pack, const std::string& text) {
  const Extraction e = extract(pack, text);
  std::vector<std::string> ids;
  for (const auto& m : e.companies) ids.push_back(m.id);
  for (const auto& m : e.chips) ids.push_back(m.id);
  return ids;
}

std::vector<std::string> action_summaries(const RulePack& pack, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& a : extract(pack, text).actions) out.push_back(a.type + " " + a.actor.value_or("-") + " " + a.modality);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace chipwire::testing
