// The compiled form of a rule pack: entities, aliases, action rules, modality
// cues and examples, plus the automaton over all phrases. Built by
// rule_loader.cc, read (const, from any thread) by the matcher and extract().
// Internal to extractors/.
#pragma once

#include <boost/regex.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "extractors/aho_corasick.h"
#include "extractors/extractor.h"

namespace chipwire {

namespace extract_internal {

struct SourceLine {
  std::string file;  // as shown in messages: "rules/chips.rules"
  int line = 0;
};

enum class EntityKind { company, chip, actor };

// What an actor alias names: the country itself ("China"), its government
// ("Beijing", "MOFCOM"), or its people and things ("Chinese").
enum class ActorRole { country, government, demonym };

struct Example {
  SourceLine where;
  bool must_match = true;  // example: (true) or counter: (false)
  std::string text;
  std::string expect;  // after "=>": ids, or "type ACTOR modality"
  std::string owner;   // block id the example sits in
  EntityKind owner_kind = EntityKind::company;
  bool owner_is_action = false;
  std::vector<std::string> owner_ids;  // entity ids of the block (chips groups have several)
};

struct Entity {
  EntityKind kind = EntityKind::company;
  std::string id;
  std::string name;
  std::string rule;     // "company/nvidia", "chip/nvidia-datacenter", "actor/US"
  std::string vendor;   // chips
  std::string family;   // chips
  std::string country;  // companies: home country code
  int priority = 0;
  std::shared_ptr<const boost::regex> context;  // sentence must match
  std::shared_ptr<const boost::regex> reject;   // the 40 bytes around the mention must not match
  SourceLine where;
};

struct Alias {
  std::string folded;     // pattern text
  std::string exact;      // original spelling, for case-sensitive aliases
  bool case_sensitive = false;
  bool ambiguous = false;
  int entity = -1;
  ActorRole role = ActorRole::country;
};

struct ActionRule {
  std::string id;  // "policy/export-control/curbs"
  std::string type;
  std::shared_ptr<const boost::regex> context;  // sentence must match
  std::shared_ptr<const boost::regex> exclude;  // sentence must not match
  std::optional<std::string> modality;          // forced modality
  std::vector<std::string> rare_actors;         // codes that seldom take this action: ties go elsewhere
  std::vector<std::string> needs;               // all of: company, entity, actor, chip-context
  int priority = 50;
  double confidence = 0.8;
  SourceLine where;
};

enum class PatternKind { alias, trigger, cue, chip_word };

struct Pattern {
  PatternKind kind = PatternKind::alias;
  int index = 0;        // into aliases / rules / cue modality
  bool prefix = false;  // "restrict*": no word boundary at the end
  std::string cue;      // cue: "planned" or "denied"
};

}  // namespace extract_internal

class CompiledRules {
 public:
  std::vector<extract_internal::Entity> entities;
  std::vector<extract_internal::Alias> aliases;
  std::vector<extract_internal::ActionRule> rules;
  std::vector<extract_internal::Pattern> patterns;  // by automaton pattern index
  std::vector<extract_internal::Example> examples;
  extract_internal::AhoCorasick automaton;
  std::string version;
  std::size_t file_count = 0;
};

}  // namespace chipwire
