// run_rule_examples (see rule_examples.h).
#include "extractors/rule_examples.h"

#include <algorithm>
#include <sstream>

#include "extractors/rule_model.h"

namespace chipwire {
namespace {

using extract_internal::EntityKind;
using extract_internal::Example;

std::vector<std::string> words(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) {
    cur.erase(0, cur.find_first_not_of(' '));
    cur.erase(cur.find_last_not_of(' ') + 1);
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

std::string describe(const Extraction& e) {
  std::string s;
  for (const auto& m : e.companies) s += (s.empty() ? "" : ", ") + m.id;
  for (const auto& m : e.chips) s += (s.empty() ? "" : ", ") + m.id;
  for (const auto& a : e.actions) s += (s.empty() ? "" : ", ") + a.type + " " + a.actor.value_or("-") + " " + a.modality;
  return s.empty() ? "nothing" : s;
}

bool has_entity(const Extraction& e, const std::string& id) {
  for (const auto* list : {&e.companies, &e.chips})
    for (const auto& m : *list)
      if (m.id == id) return true;
  return false;
}

// Actor examples: the expected code must be the actor of some action, or (counter) of none.
bool has_actor(const Extraction& e, const std::string& code) {
  for (const auto& a : e.actions)
    if (a.actor && *a.actor == code) return true;
  return false;
}

std::string check(const Example& ex, const Extraction& got) {
  if (ex.owner_is_action) {
    if (ex.must_match) {
      const auto want = words(ex.expect, ' ');
      const std::optional<std::string> actor = want[1] == "-" ? std::nullopt : std::optional<std::string>(want[1]);
      for (const auto& a : got.actions)
        if (a.type == want[0] && a.actor == actor && a.modality == want[2]) return {};
      return "expected " + ex.expect + ", got " + describe(got);
    }
    // counter: no action of the expected type (or, without '=>', any action) from this rule's type.
    const std::string banned = ex.expect;
    for (const auto& a : got.actions)
      if (banned.empty() ? true : a.type == banned) return "expected no " + (banned.empty() ? "action" : banned) + ", got " + describe(got);
    return {};
  }
  if (ex.owner_kind == EntityKind::actor) {
    if (ex.must_match) return has_actor(got, ex.expect) ? "" : "expected an action by " + ex.expect + ", got " + describe(got);
    for (const auto& id : ex.owner_ids)
      if (has_actor(got, id)) return "expected no action by " + id + ", got " + describe(got);
    return {};
  }
  if (ex.must_match) {
    for (const auto& id : words(ex.expect, ','))
      if (!has_entity(got, id)) return "expected " + id + ", got " + describe(got);
    return {};
  }
  const std::vector<std::string> banned = ex.expect.empty() ? ex.owner_ids : words(ex.expect, ',');
  for (const auto& id : banned)
    if (has_entity(got, id)) return "expected no " + id + ", got " + describe(got);
  return {};
}

}  // namespace

RuleExampleReport run_rule_examples(const RulePack& pack) {
  RuleExampleReport report;
  for (const Example& ex : pack.compiled().examples) {
    const Extraction got = extract(pack, ex.text);
    const std::string problem = check(ex, got);
    if (problem.empty()) {
      ++report.passed;
    } else {
      ++report.failed;
      report.failures.push_back(ex.where.file + ":" + std::to_string(ex.where.line) + ": " +
                                (ex.must_match ? "example" : "counter") + " '" + ex.text + "': " + problem);
    }
  }
  return report;
}

}  // namespace chipwire
