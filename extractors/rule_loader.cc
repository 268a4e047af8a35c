// RulePack::load: reads every *.rules file of a folder (format in docs/rules.md),
// validates all of it and compiles it into CompiledRules. The first error stops
// the load and names file, line and problem; nothing half-built escapes.
#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/hash.h"
#include "core/text.h"
#include "extractors/rule_model.h"
#include "extractors/text_fold.h"

namespace chipwire {

using namespace extract_internal;

namespace {

const std::set<std::string> kActionTypes = {
    "export_control", "export_license", "import_approval", "import_restriction", "entity_list", "sanction",
    "tariff",         "investigation",  "subsidy",         "legislation",        "investment_restriction"};

struct Entry {
  std::string key;
  std::string value;
  int line = 0;
};

struct Block {
  std::string kind;
  std::string id;
  SourceLine where;
  std::vector<Entry> entries;
};

// Thrown inside this file only; load() turns it into a Status.
struct LoadError {
  std::string message;
};

[[noreturn]] void fail(const SourceLine& at, int line, const std::string& what) {
  throw LoadError{at.file + ":" + std::to_string(line) + ": " + what};
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split_list(const std::string& v, char sep = ',') {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;  // separators inside braces belong to the brace group
  for (char c : v) {
    if (c == '{') ++depth;
    if (c == '}' && depth > 0) --depth;
    if (c == sep && depth == 0) {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(trim(cur));
  out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
  return out;
}

// "RTX {4090,4080}" -> "RTX 4090", "RTX 4080"; several groups multiply.
std::vector<std::string> expand_braces(const std::string& s) {
  const auto open = s.find('{');
  if (open == std::string::npos) return {s};
  const auto close = s.find('}', open);
  if (close == std::string::npos) return {s};
  std::vector<std::string> out;
  for (const auto& alt : split_list(s.substr(open + 1, close - open - 1)))
    for (auto& rest : expand_braces(s.substr(close + 1))) out.push_back(s.substr(0, open) + alt + rest);
  return out;
}

// The endings a '*' inside a phrase ("restrict* sales") stands for.
constexpr std::array<const char*, 8> kInflections{"", "s", "es", "ed", "d", "ing", "ion", "ions"};

// How many phrases expand_braces + expand_inflections make of `s` (saturating
// just past kMaxExpansion): the loader refuses more before expanding, so a
// rule like "{a,b,...}" seven times cannot take minutes and gigabytes to load.
constexpr std::size_t kMaxExpansion = 512;
// And the whole pack at most this many trigger patterns (the default pack has a
// few thousand). Entity aliases are added after the triggers and do not count.
constexpr std::size_t kMaxTriggerPatterns = 100000;
std::size_t expansion_count(const std::string& s) {
  std::size_t n = 1;
  auto times = [&](std::size_t k) { n = std::min(n * std::max<std::size_t>(k, 1), kMaxExpansion + 1); };
  for (std::size_t at = 0; (at = s.find('{', at)) != std::string::npos;) {
    const auto close = s.find('}', at);
    if (close == std::string::npos) break;
    times(static_cast<std::size_t>(std::count(s.begin() + static_cast<std::ptrdiff_t>(at),
                                              s.begin() + static_cast<std::ptrdiff_t>(close), ',')) + 1);
    at = close;
  }
  for (char c : s)
    if (c == '*') times(kInflections.size());
  return n;
}

// A '*' inside a phrase stands for each of kInflections.
std::vector<std::string> expand_inflections(const std::string& s) {
  const auto star = s.find('*');
  if (star == std::string::npos) return {s};
  std::vector<std::string> out;
  for (const char* suffix : kInflections)
    for (auto& rest : expand_inflections(s.substr(star + 1))) out.push_back(s.substr(0, star) + suffix + rest);
  return out;
}

std::vector<Block> parse_file(const std::string& shown, const std::string& content) {
  std::vector<Block> blocks;
  std::istringstream in(content);
  std::string raw;
  int line_no = 0;
  SourceLine file{shown, 0};
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (!indented) {
      std::istringstream words(line);
      Block b;
      words >> b.kind >> b.id;
      std::string extra;
      if (b.id.empty() || (words >> extra))
        fail(file, line_no, "a block starts with KIND ID (e.g. 'company nvidia'), got '" + line + "'");
      b.where = {shown, line_no};
      blocks.push_back(std::move(b));
      continue;
    }
    if (blocks.empty()) fail(file, line_no, "indented line outside a block");
    const auto colon = line.find(':');
    if (colon == std::string::npos) fail(file, line_no, "expected 'key: value', got '" + line + "'");
    Entry e{trim(line.substr(0, colon)), trim(line.substr(colon + 1)), line_no};
    if (e.value.empty()) fail(file, line_no, "key '" + e.key + "' has no value");
    blocks.back().entries.push_back(std::move(e));
  }
  return blocks;
}

class Builder {
 public:
  explicit Builder(CompiledRules& out) : out_(out) {}

  void add_block(const Block& b) {
    if (b.kind == "company") return add_company(b);
    if (b.kind == "chip") return add_chip(b);
    if (b.kind == "chips") return add_chip_group(b);
    if (b.kind == "actor") return add_actor(b);
    if (b.kind == "action") return add_action(b);
    if (b.kind == "modality") return add_modality(b);
    if (b.kind == "words") return add_words(b);
    fail(b.where, b.where.line,
         "unknown block kind '" + b.kind + "' (company, chip, chips, actor, action, modality, words)");
  }

  // After all blocks: cross-references (chip vendors) and the automaton.
  void finish() {
    for (const auto& [vendor, where] : vendor_refs_) {
      auto it = ids_.find("company/" + vendor);
      if (it == ids_.end()) fail(where, where.line, "vendor '" + vendor + "' is not a company id");
    }
    for (std::size_t i = 0; i < out_.aliases.size(); ++i)
      add_pattern(out_.aliases[i].folded, Pattern{PatternKind::alias, static_cast<int>(i), false, {}});
    out_.automaton.build();
  }

 private:
  void check_keys(const Block& b, const std::set<std::string>& allowed) {
    std::set<std::string> seen;
    static const std::set<std::string> repeatable = {"aliases", "aliases_cs", "names",  "names_cs", "government",
                                                     "government_cs", "demonyms", "models", "triggers", "cues",
                                                     "words",   "example",    "counter", "ambiguous"};
    for (const auto& e : b.entries) {
      if (!allowed.count(e.key)) {
        std::string list;
        for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
        fail(b.where, e.line, "unknown key '" + e.key + "' in " + b.kind + " " + b.id + " (allowed: " + list + ")");
      }
      if (!repeatable.count(e.key) && !seen.insert(e.key).second)
        fail(b.where, e.line, "key '" + e.key + "' given twice in " + b.kind + " " + b.id);
    }
  }

  static const Entry* find(const Block& b, const std::string& key) {
    for (const auto& e : b.entries)
      if (e.key == key) return &e;
    return nullptr;
  }
  static std::string value_or(const Block& b, const std::string& key, const std::string& def) {
    const Entry* e = find(b, key);
    return e ? e->value : def;
  }

  void claim_id(const std::string& scoped, const SourceLine& where) {
    auto [it, fresh] = ids_.emplace(scoped, where);
    if (!fresh)
      fail(where, where.line,
           "duplicate id '" + scoped + "' (first defined at " + it->second.file + ":" +
               std::to_string(it->second.line) + ")");
  }

  std::shared_ptr<const boost::regex> compile_regex(const Block& b, const std::string& key) {
    const Entry* e = find(b, key);
    if (!e) return nullptr;
    try {
      return std::make_shared<const boost::regex>(e->value, boost::regex::perl | boost::regex::icase);
    } catch (const boost::regex_error& err) {
      fail(b.where, e->line, "bad regex in '" + key + "': " + err.what());
    }
  }

  int parse_int(const Block& b, const std::string& key, int def) {
    const Entry* e = find(b, key);
    if (!e) return def;
    try {
      std::size_t used = 0;
      const int v = std::stoi(e->value, &used);
      if (used != e->value.size()) throw std::invalid_argument("trailing");
      return v;
    } catch (const std::exception&) {
      fail(b.where, e->line, "'" + key + "' must be an integer, got '" + e->value + "'");
    }
  }

  static void check_country(const Block& b, const Entry& e) {
    const auto& v = e.value;
    const bool code = (v.size() == 2 && std::isupper(static_cast<unsigned char>(v[0])) &&
                       std::isupper(static_cast<unsigned char>(v[1])));
    if (!code) fail(b.where, e.line, "'" + e.key + "' must be an ISO 3166-1 alpha-2 code or EU, got '" + v + "'");
  }

  void add_alias(const Block& b, const Entry& e, const std::string& text, bool case_sensitive, int entity,
                 ActorRole role, const std::set<std::string>& ambiguous) {
    Alias a;
    a.folded = fold_phrase(text);
    a.exact = text;
    a.case_sensitive = case_sensitive;
    a.entity = entity;
    a.role = role;
    a.ambiguous = ambiguous.count(a.folded) > 0;
    if (a.folded.empty()) fail(b.where, e.line, "empty alias");
    auto& owners = alias_owner_[a.folded + (case_sensitive ? "\x01" + text : std::string())];
    for (const auto& [other, line] : owners) {
      if (other == entity) return;  // the same alias twice on one entity: harmless
      const auto& oe = out_.entities[static_cast<std::size_t>(other)];
      bool other_ambiguous = false;
      for (const auto& al : out_.aliases)
        if (al.entity == other && al.folded == a.folded && al.ambiguous) other_ambiguous = true;
      if (!a.ambiguous || !other_ambiguous)
        fail(b.where, e.line,
             "alias '" + text + "' already belongs to " + oe.rule + " (" + line.file + ":" +
                 std::to_string(line.line) + "); list it under 'ambiguous:' in both blocks to allow it");
    }
    owners.emplace_back(entity, SourceLine{b.where.file, e.line});
    out_.aliases.push_back(std::move(a));
  }

  std::set<std::string> ambiguous_set(const Block& b) {
    std::set<std::string> s;
    for (const auto& e : b.entries)
      if (e.key == "ambiguous")
        for (const auto& a : split_list(e.value)) s.insert(fold_phrase(a));
    return s;
  }

  int new_entity(const Block& b, EntityKind kind, const std::string& id, const std::string& name,
                 const std::string& rule) {
    Entity en;
    en.kind = kind;
    en.id = id;
    en.name = name;
    en.rule = rule;
    en.where = b.where;
    en.priority = parse_int(b, "priority", 0);
    en.context = compile_regex(b, "context");
    en.reject = compile_regex(b, "reject");
    out_.entities.push_back(std::move(en));
    return static_cast<int>(out_.entities.size() - 1);
  }

  void add_entity_aliases(const Block& b, int entity, const std::vector<std::string>& extra) {
    const auto amb = ambiguous_set(b);
    for (const auto& x : extra) add_alias(b, Entry{"aliases", x, b.where.line}, x, false, entity, ActorRole::country, amb);
    for (const auto& e : b.entries) {
      if (e.key != "aliases" && e.key != "aliases_cs") continue;
      for (const auto& a : split_list(e.value)) {
        check_expansion(b, e, a);
        for (const auto& x : expand_braces(a))
          add_alias(b, e, x, e.key == "aliases_cs", entity, ActorRole::country, amb);
      }
    }
    for (const auto& f : amb) {
      bool found = false;
      for (const auto& al : out_.aliases)
        if (al.entity == entity && al.folded == f) found = true;
      if (!found) fail(b.where, b.where.line, "'ambiguous:' names '" + f + "', which is not an alias of " + b.id);
    }
  }

  // The display name is a case-insensitive alias unless it is listed as case-sensitive.
  static std::vector<std::string> name_alias(const Block& b, const std::string& name) {
    for (const auto& e : b.entries)
      if (e.key == "aliases_cs")
        for (const auto& a : split_list(e.value))
          if (a == name) return {};
    return {name};
  }

  void add_examples(const Block& b, bool is_action, EntityKind kind, std::vector<std::string> ids) {
    for (const auto& e : b.entries) {
      if (e.key != "example" && e.key != "counter") continue;
      Example ex;
      ex.where = {b.where.file, e.line};
      ex.must_match = e.key == "example";
      const auto arrow = e.value.find("=>");
      ex.text = trim(e.value.substr(0, arrow));
      if (arrow != std::string::npos) ex.expect = trim(e.value.substr(arrow + 2));
      if (ex.must_match && ex.expect.empty())
        fail(b.where, e.line, "an example needs '=> expected' (entity ids, or 'type ACTOR modality')");
      if (ex.must_match && is_action) {
        const auto parts = split_list(ex.expect, ' ');
        if (parts.size() != 3 || !kActionTypes.count(parts[0]) ||
            (parts[2] != "asserted" && parts[2] != "planned" && parts[2] != "denied"))
          fail(b.where, e.line, "an action example expects 'type ACTOR|- asserted|planned|denied', got '" +
                                    ex.expect + "'");
      }
      // Unescape "\n" so examples can carry a title and a text.
      std::string t;
      for (std::size_t i = 0; i < ex.text.size(); ++i) {
        if (ex.text[i] == '\\' && i + 1 < ex.text.size() && ex.text[i + 1] == 'n') {
          t.push_back('\n');
          ++i;
        } else {
          t.push_back(ex.text[i]);
        }
      }
      ex.text = t;
      ex.owner = b.id;
      ex.owner_kind = kind;
      ex.owner_is_action = is_action;
      ex.owner_ids = ids;
      out_.examples.push_back(std::move(ex));
    }
  }

  void add_company(const Block& b) {
    check_keys(b, {"name", "country", "aliases", "aliases_cs", "ambiguous", "context", "reject", "priority",
                   "example", "counter"});
    const Entry* name = find(b, "name");
    if (!name) fail(b.where, b.where.line, "company " + b.id + " needs a 'name'");
    if (slugify(b.id) != b.id) fail(b.where, b.where.line, "company id '" + b.id + "' is not a slug (a-z, 0-9, '-')");
    claim_id("company/" + b.id, b.where);
    const int ent = new_entity(b, EntityKind::company, b.id, name->value, "company/" + b.id);
    if (const Entry* c = find(b, "country")) {
      check_country(b, *c);
      out_.entities[static_cast<std::size_t>(ent)].country = c->value;
    }
    add_entity_aliases(b, ent, name_alias(b, name->value));
    add_examples(b, false, EntityKind::company, {b.id});
  }

  void add_chip(const Block& b) {
    check_keys(b, {"name", "vendor", "family", "aliases", "aliases_cs", "ambiguous", "context", "reject",
                   "priority", "example", "counter"});
    const Entry* name = find(b, "name");
    if (!name) fail(b.where, b.where.line, "chip " + b.id + " needs a 'name'");
    claim_id("chip/" + b.id, b.where);
    const int ent = new_entity(b, EntityKind::chip, b.id, name->value, "chip/" + b.id);
    set_chip_attributes(b, ent);
    add_entity_aliases(b, ent, name_alias(b, name->value));
    add_examples(b, false, EntityKind::chip, {b.id});
  }

  void set_chip_attributes(const Block& b, int ent) {
    auto& en = out_.entities[static_cast<std::size_t>(ent)];
    if (const Entry* v = find(b, "vendor")) {
      en.vendor = v->value;
      vendor_refs_.emplace_back(v->value, SourceLine{b.where.file, v->line});
    }
    en.family = value_or(b, "family", "");
  }

  // chips GROUP: a family of models sharing vendor, family and brand. Each model
  // "Name / alias / alias" becomes a chip with id slug(Name); braces expand.
  void add_chip_group(const Block& b) {
    check_keys(b, {"vendor", "family", "brand", "models", "context", "reject", "priority", "example", "counter"});
    if (!find(b, "models")) fail(b.where, b.where.line, "chips " + b.id + " needs 'models'");
    claim_id("chips/" + b.id, b.where);
    std::vector<std::string> brands = split_list(value_or(b, "brand", ""));
    std::vector<std::string> ids;
    const auto amb = ambiguous_set(b);
    for (const auto& e : b.entries) {
      if (e.key != "models") continue;
      for (const auto& item : split_list(e.value)) {
        const auto forms = split_list(item, '/');
        // Expand each form; the i-th expansion of every form belongs to the i-th model.
        std::vector<std::vector<std::string>> expanded;
        for (const auto& f : forms) {
          check_expansion(b, e, f);
          expanded.push_back(expand_braces(f));
        }
        for (std::size_t i = 0; i < expanded[0].size(); ++i) {
          const std::string& model = expanded[0][i];
          const std::string id = slugify(model);
          claim_id("chip/" + id, SourceLine{b.where.file, e.line});
          const int ent = new_entity(b, EntityKind::chip, id, model, "chip/" + b.id);
          set_chip_attributes(b, ent);
          ids.push_back(id);
          std::vector<std::string> spellings;
          for (const auto& forms_i : expanded)
            spellings.push_back(forms_i.size() == expanded[0].size() ? forms_i[i] : forms_i[0]);
          for (const auto& s : spellings) {
            add_alias(b, e, s, false, ent, ActorRole::country, amb);
            for (const auto& brand : brands) add_alias(b, e, brand + " " + s, false, ent, ActorRole::country, amb);
          }
        }
      }
    }
    add_examples(b, false, EntityKind::chip, ids);
  }

  void add_actor(const Block& b) {
    check_keys(b, {"name", "names", "names_cs", "government", "government_cs", "demonyms", "example", "counter"});
    if (b.id != "EU" && (b.id.size() != 2 || !std::isupper(static_cast<unsigned char>(b.id[0])) ||
                         !std::isupper(static_cast<unsigned char>(b.id[1]))))
      fail(b.where, b.where.line, "actor code '" + b.id + "' must be ISO 3166-1 alpha-2 or EU");
    claim_id("actor/" + b.id, b.where);
    const int ent = new_entity(b, EntityKind::actor, b.id, value_or(b, "name", b.id), "actor/" + b.id);
    const std::set<std::string> none;
    for (const auto& e : b.entries) {
      ActorRole role;
      if (e.key == "names" || e.key == "names_cs") role = ActorRole::country;
      else if (e.key == "government" || e.key == "government_cs") role = ActorRole::government;
      else if (e.key == "demonyms") role = ActorRole::demonym;
      else continue;
      const bool cs = e.key.size() > 3 && e.key.compare(e.key.size() - 3, 3, "_cs") == 0;
      for (const auto& a : split_list(e.value)) add_alias(b, e, a, cs, ent, role, none);
    }
    add_examples(b, false, EntityKind::actor, {b.id});
  }

  void add_action(const Block& b) {
    check_keys(b, {"type", "triggers", "context", "exclude", "modality", "needs", "priority", "confidence",
                   "rare_actors", "example", "counter"});
    const Entry* type = find(b, "type");
    if (!type) fail(b.where, b.where.line, "action " + b.id + " needs a 'type'");
    if (!kActionTypes.count(type->value)) fail(b.where, type->line, "unknown action type '" + type->value + "'");
    if (!find(b, "triggers")) fail(b.where, b.where.line, "action " + b.id + " needs 'triggers'");
    claim_id("action/" + b.id, b.where);
    ActionRule r;
    r.id = b.id;
    r.type = type->value;
    r.where = b.where;
    r.context = compile_regex(b, "context");
    r.exclude = compile_regex(b, "exclude");
    r.priority = parse_int(b, "priority", 50);
    if (const Entry* ra = find(b, "rare_actors")) r.rare_actors = split_list(ra->value);
    if (const Entry* m = find(b, "modality")) {
      if (m->value != "asserted" && m->value != "planned" && m->value != "denied")
        fail(b.where, m->line, "modality must be asserted, planned or denied");
      r.modality = m->value;
    }
    if (const Entry* n = find(b, "needs")) {
      for (const auto& need : split_list(n->value)) {
        if (need != "company" && need != "entity" && need != "chip-context" && need != "actor")
          fail(b.where, n->line, "'needs' takes company, entity, actor, chip-context; got '" + need + "'");
        r.needs.push_back(need);
      }
    }
    if (const Entry* c = find(b, "confidence")) {
      try {
        r.confidence = std::stod(c->value);
      } catch (const std::exception&) {
        r.confidence = -1;
      }
      if (r.confidence < 0 || r.confidence > 1) fail(b.where, c->line, "'confidence' must be a number in [0, 1]");
    }
    out_.rules.push_back(std::move(r));
    const int ri = static_cast<int>(out_.rules.size() - 1);
    for (const auto& e : b.entries)
      if (e.key == "triggers")
        for (const auto& t : split_list(e.value)) add_trigger_like(b, e, t, Pattern{PatternKind::trigger, ri, false, {}});
    add_examples(b, true, EntityKind::company, {});
  }

  void add_modality(const Block& b) {
    check_keys(b, {"cues"});
    if (b.id != "planned" && b.id != "denied") fail(b.where, b.where.line, "modality block must be 'planned' or 'denied'");
    for (const auto& e : b.entries)
      for (const auto& t : split_list(e.value)) add_trigger_like(b, e, t, Pattern{PatternKind::cue, 0, false, b.id});
  }

  void add_words(const Block& b) {
    check_keys(b, {"words"});
    if (b.id != "chip-context") fail(b.where, b.where.line, "words block must be 'chip-context'");
    for (const auto& e : b.entries)
      for (const auto& t : split_list(e.value)) add_trigger_like(b, e, t, Pattern{PatternKind::chip_word, 0, false, {}});
  }

  void add_trigger_like(const Block& b, const Entry& e, std::string t, Pattern p) {
    if (!t.empty() && t.back() == '*') {
      p.prefix = true;
      t.pop_back();
    }
    const std::string f = fold_phrase(t);
    if (f.empty()) fail(b.where, e.line, "empty phrase");
    check_expansion(b, e, f);
    for (const auto& x : expand_braces(f))
      for (const auto& y : expand_inflections(x)) add_pattern(y, p);
  }

  // A loader error at the entry's line when `phrase` would expand to more than
  // kMaxExpansion phrases, or take the pack past kMaxTriggerPatterns.
  void check_expansion(const Block& b, const Entry& e, const std::string& phrase) {
    const std::size_t n = expansion_count(phrase);
    if (n > kMaxExpansion)
      fail(b.where, e.line, "'" + phrase + "' expands to more than " + std::to_string(kMaxExpansion) +
                                " phrases; use fewer {a,b} groups or '*' endings in one phrase");
    if (out_.patterns.size() + n > kMaxTriggerPatterns)
      fail(b.where, e.line, "the pack's phrases expand to more than " + std::to_string(kMaxTriggerPatterns) +
                                " patterns by this line; use fewer {a,b} groups or '*' endings");
  }

  void add_pattern(const std::string& folded, Pattern p) {
    out_.automaton.add(folded);
    out_.patterns.push_back(std::move(p));
  }

  CompiledRules& out_;
  std::map<std::string, SourceLine> ids_;
  std::map<std::string, std::vector<std::pair<int, SourceLine>>> alias_owner_;
  std::vector<std::pair<std::string, SourceLine>> vendor_refs_;
};

}  // namespace

RulePack::RulePack(std::unique_ptr<CompiledRules> compiled) : compiled_(std::move(compiled)) {}
RulePack::~RulePack() = default;
const std::string& RulePack::version() const { return compiled_->version; }

Result<std::shared_ptr<const RulePack>> RulePack::load(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) return Status::not_found("rules: no such folder: " + directory);
  std::vector<fs::path> files;
  for (const auto& de : fs::directory_iterator(directory, ec))
    if (de.path().extension() == ".rules") files.push_back(de.path());
  if (ec) return Status::io("rules: cannot list " + directory + ": " + ec.message());
  if (files.empty()) return Status::not_found("rules: no *.rules files in " + directory);
  std::sort(files.begin(), files.end());
  std::string folder = fs::path(directory).lexically_normal().filename().string();
  if (folder.empty()) folder = fs::path(directory).lexically_normal().parent_path().filename().string();

  auto compiled = std::make_unique<CompiledRules>();
  std::string all;
  try {
    Builder builder(*compiled);
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) return Status::io("rules: cannot read " + f.string());
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string content = ss.str();
      all += f.filename().string() + '\0' + content + '\0';
      const std::string shown = (folder.empty() ? "" : folder + "/") + f.filename().string();
      for (const auto& block : parse_file(shown, content)) builder.add_block(block);
    }
    builder.finish();
  } catch (const LoadError& e) {
    return Status::parse(e.message);
  }
  compiled->version = hash_hex128(all).substr(0, 16);
  compiled->file_count = files.size();
  return std::shared_ptr<const RulePack>(new RulePack(std::move(compiled)));
}

}  // namespace chipwire
