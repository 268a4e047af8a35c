// Action finding (see actions.h).
#include "extractors/actions.h"

#include <algorithm>
#include <map>
#include <optional>

namespace chipwire::extract_internal {
namespace {

const std::set<std::string_view> kTargetWords = {"to",   "into", "against", "on",  "toward", "towards",
                                                 "at",   "in",   "with",    "over", "for",    "from",
                                                 "join", "joins", "joined"};
const std::set<std::string_view> kGovernmentNouns = {
    "government", "governments", "authorities", "regulators", "regulator", "officials", "lawmakers",
    "ministry",   "commerce",    "state",       "administration", "parliament", "senators", "legislators",
    "congress",   "mps",         "watchdog",    "cabinet",   "president", "premier", "trade",
    "competition", "antitrust",  "customs",     "telecom",   "telecoms",  "security", "cyberspace",
    "market",     "industry",    "economy",     "defense",   "defence",   "finance", "federal"};

// Verbs of reacting to a measure: "China challenges US chip curbs" makes China the target.
const std::set<std::string_view> kReactionVerbs = {
    "challenges", "challenge", "challenged", "slams", "slammed", "criticizes", "criticises", "criticized",
    "condemns",   "condemned", "blasts",    "protests", "protested", "hits",    "retaliates", "responds",
    "brings",     "launches",  "files",     "filed",    "petitions", "sues",    "sued",       "decries",
    "denounces",  "complains", "accuses",
    "takes",      "initiates", "initiated", "lodges",   "fights",    "opposes", "rejects",    "dodges",
    "rebuffed"};

// Nouns after a country that make it a topic, not an actor: "Ukraine war", "US-China tensions".
const std::set<std::string_view> kTopicNouns = {"war",   "invasion", "crisis",  "conflict", "tensions", "relations",
                                                "ties",  "rivalry",  "dispute", "summit",   "talks",    "border",
                                                "visit", "trip",     "election", "economy", "decoupling"};

bool is_space_or_punct(char c) { return c == ' ' || c == ',' || c == '"' || c == '\'' || c == '(' || c == ')'; }

// The folded word that ends right before `pos` (skipping spaces and quotes).
std::string_view word_before(std::string_view f, std::size_t pos, std::size_t floor) {
  std::size_t e = pos;
  while (e > floor && is_space_or_punct(f[e - 1])) --e;
  std::size_t s = e;
  while (s > floor && is_word_byte(static_cast<unsigned char>(f[s - 1]))) --s;
  return f.substr(s, e - s);
}

std::string_view word_after(std::string_view f, std::size_t pos, std::size_t ceil) {
  std::size_t s = pos;
  while (s < ceil && is_space_or_punct(f[s])) ++s;
  std::size_t e = s;
  while (e < ceil && is_word_byte(static_cast<unsigned char>(f[e]))) ++e;
  return f.substr(s, e - s);
}

std::size_t folded_pos(const FoldedText& folded, std::size_t original) {
  return static_cast<std::size_t>(
      std::lower_bound(folded.origin.begin(), folded.origin.end(), static_cast<std::uint32_t>(original)) -
      folded.origin.begin());
}

struct Candidate {
  std::string rule;
  std::string type;
  std::optional<std::string> actor;
  std::string modality;
  std::set<std::string> companies, chips;
  std::optional<std::string> target;
  Span evidence;
  double confidence = 0;
  std::size_t order = 0;
};

// True when only separators ("," "and" "&" "the" spaces) lie in f[a, b).
bool only_coordination(std::string_view f, std::size_t a, std::size_t b) {
  if (a > b || b - a > 12) return false;
  std::string rest;
  for (std::size_t i = a; i < b; ++i)
    if (f[i] != ' ' && f[i] != ',' && f[i] != '&') rest.push_back(f[i]);
  return rest.empty() || rest == "and" || rest == "andthe" || rest == "the" || rest == "or";
}

}  // namespace

bool RegexBudget::search(const boost::regex& re, std::string_view s, const std::string& rule,
                         std::vector<Flag>& flags) {
  try {
    return boost::regex_search(s.begin(), s.end(), re, boost::match_default | boost::match_any);
  } catch (const std::exception& e) {  // boost::regex_error: complexity or stack limit
    if (flagged_.insert(rule).second) flags.push_back({"regex_limit", rule, e.what()});
    return false;
  }
}

void find_actions(const CompiledRules& rules, std::string_view text, const FoldedText& folded,
                  const std::vector<Span>& sentences, const MatchLayers& layers, const ArticleMentions& mentions,
                  RegexBudget& regex, Extraction& out) {
  if (layers.triggers.empty() || sentences.empty()) return;
  const std::string_view f = folded.text;
  auto sentence_index = [&](std::size_t pos) {
    auto it = std::upper_bound(sentences.begin(), sentences.end(), pos,
                               [](std::size_t p, const Span& s) { return p < s.start; });
    return it == sentences.begin() ? std::size_t{0} : static_cast<std::size_t>(it - sentences.begin() - 1);
  };
  auto sentence_text = [&](std::size_t si) {
    return text.substr(sentences[si].start, sentences[si].end - sentences[si].start);
  };

  // Which sentences have chip context (a chip word or an entity); the title counts for all.
  std::set<std::size_t> chip_context;
  for (const Hit& h : layers.chip_words) chip_context.insert(sentence_index(h.start));
  std::set<std::size_t> has_company, has_entity, has_actor;
  for (const auto& a : mentions.actors) has_actor.insert(sentence_index(a.hit.start));
  for (const auto& e : mentions.entities) {
    const std::size_t si = sentence_index(e.span.start);
    chip_context.insert(si);
    has_entity.insert(si);
    if (rules.entities[static_cast<std::size_t>(e.entity)].kind == EntityKind::company) has_company.insert(si);
  }

  // A trigger has chip context when the title (sentence 0) has it or a
  // sentence at most kChipContextReach away from the trigger's does: a long
  // article about an election that names a GPU once, paragraphs away, is no
  // context for "a ban was lifted".
  constexpr std::size_t kChipContextReach = 2;
  auto near_chip_context = [&](std::size_t si) {
    if (chip_context.count(0) > 0) return true;
    auto it = chip_context.lower_bound(si >= kChipContextReach ? si - kChipContextReach : 0);
    return it != chip_context.end() && *it <= si + kChipContextReach;
  };

  // A run-on "sentence" of over kRunOnWords words is a digest of headlines, a
  // list of links or a deals page with no full stop, where any trigger meets
  // any country or company: no action is read from one. News sentences stay far
  // below it (replay-2022: every event from a longer one was false).
  constexpr std::size_t kRunOnWords = 80;
  auto run_on = [&](std::size_t si) {
    const std::string_view st = sentence_text(si);
    std::size_t words = 0;
    bool in_word = false;
    for (char c : st) {
      const bool space = c == ' ' || c == '\n' || c == '\t';
      if (!space && !in_word && ++words > kRunOnWords) return true;
      in_word = !space;
    }
    return false;
  };

  // 1. Trigger hits whose rule accepts the sentence.
  std::map<std::pair<int, std::size_t>, bool> verdicts;
  std::vector<Hit> accepted;
  for (const Hit& h : layers.triggers) {
    const int ri = rules.patterns[static_cast<std::size_t>(h.pattern)].index;
    const ActionRule& r = rules.rules[static_cast<std::size_t>(ri)];
    const std::size_t si = sentence_index(h.start);
    auto [it, fresh] = verdicts.emplace(std::make_pair(ri, si), false);
    if (fresh) {
      bool ok = !run_on(si);
      for (const auto& need : r.needs) {
        if (need == "company") ok = ok && has_company.count(si) > 0;
        else if (need == "entity") ok = ok && has_entity.count(si) > 0;
        else if (need == "actor") ok = ok && has_actor.count(si) > 0;
        else if (need == "chip-context") ok = ok && near_chip_context(si);
      }
      const std::string_view st = sentence_text(si);
      if (ok && r.context) ok = regex.search(*r.context, st, r.id, out.flags);
      if (ok && r.exclude) ok = !regex.search(*r.exclude, st, r.id, out.flags);
      it->second = ok;
    }
    if (it->second) accepted.push_back(h);
  }
  const auto rule_of = [&](const Hit& h) -> const ActionRule& {
    return rules.rules[static_cast<std::size_t>(rules.patterns[static_cast<std::size_t>(h.pattern)].index)];
  };
  std::vector<Hit> triggers = select_longest(std::move(accepted), [&](const Hit& h) { return rule_of(h).priority; });
  // One trigger per (sentence, type): the highest priority, then the leftmost ("export" and
  // "controls" of one phrase must not pick two actors).
  {
    std::map<std::pair<std::size_t, std::string>, std::size_t> keep;
    for (std::size_t i = 0; i < triggers.size(); ++i) {
      const auto key = std::make_pair(sentence_index(triggers[i].start), rule_of(triggers[i]).type);
      auto it = keep.find(key);
      if (it == keep.end()) keep.emplace(key, i);
      else if (rule_of(triggers[i]).priority > rule_of(triggers[it->second]).priority) it->second = i;
    }
    std::vector<Hit> kept;
    for (std::size_t i = 0; i < triggers.size(); ++i) {
      const auto key = std::make_pair(sentence_index(triggers[i].start), rule_of(triggers[i]).type);
      if (keep[key] == i) kept.push_back(triggers[i]);
    }
    triggers = std::move(kept);
  }

  // 2. One candidate per trigger (and per coordinated actor).
  std::vector<Candidate> candidates;
  for (const Hit& t : triggers) {
    const ActionRule& r = rule_of(t);
    const std::size_t si = sentence_index(t.start);
    const Span& sent = sentences[si];
    const std::size_t fs = folded_pos(folded, sent.start), fe = folded_pos(folded, sent.end);

    // Actor: score every actor mention of the sentence.
    std::vector<const ActorMention*> in_sentence;
    for (const auto& a : mentions.actors)
      if (a.hit.start >= sent.start && a.hit.end <= sent.end) in_sentence.push_back(&a);
    const ActorMention* best = nullptr;
    double best_score = 0.5;
    std::vector<bool> target_marked(in_sentence.size(), false);
    std::vector<double> scores(in_sentence.size(), 0.0);
    for (std::size_t k = 0; k < in_sentence.size(); ++k) {
      const ActorMention& a = *in_sentence[k];
      const std::size_t ms = a.hit.fstart, me = a.hit.fend;
      const bool possessive = me + 1 < f.size() && f[me] == '\'' && f[me + 1] == 's';
      const std::string_view next = word_after(f, possessive ? me + 2 : me, fe);
      std::string_view prev = word_before(f, ms, fs);
      if (prev == "the" && ms >= 4) prev = word_before(f, ms - 4, fs);
      if (prev == "to" || prev == "of") {  // "due to US curbs", "because of US controls": a cause, not a target
        const std::size_t p = static_cast<std::size_t>(prev.data() - f.data());
        const std::string_view pp = word_before(f, p, fs);
        if (pp == "due" || pp == "owing" || pp == "thanks" || pp == "according" || pp == "subject" ||
            pp == "because" || pp == "pursuant")
          prev = pp;
      }
      const bool gov_follows = kGovernmentNouns.count(next) > 0;
      const bool before = me <= t.fstart;
      std::size_t gap = before ? t.fstart - me : (ms >= t.fend ? ms - t.fend : 0);
      if (before && possessive && gap >= 2) gap -= 2;
      // "US-China tensions", "US/China": a pair of countries names a relation, not an actor.
      const bool compound =
          (a.hit.end < text.size() && (text[a.hit.end] == '-' || text[a.hit.end] == '/') &&
           k + 1 < in_sentence.size() && in_sentence[k + 1]->hit.start <= a.hit.end + 4) ||
          (a.hit.start > 0 && (text[a.hit.start - 1] == '-' || text[a.hit.start - 1] == '/') && k > 0 &&
           in_sentence[k - 1]->hit.end + 4 >= a.hit.start);
      double score = a.role == ActorRole::government ? 3.0 : a.role == ActorRole::country ? 2.0 : 0.3;
      if ((a.role == ActorRole::demonym || possessive) && gov_follows) score = 3.0;
      else if (a.role == ActorRole::demonym && before && gap <= 25) score = 2.0;
      else if (possessive && !before) target_marked[k] = true;
      if (kTargetWords.count(prev) && !(before && gap <= 2 && prev != "to" && prev != "into")) {
        target_marked[k] = true;
        score -= a.role == ActorRole::government ? 1.0 : 3.0;
      }
      if (a.role == ActorRole::demonym && score < 1) target_marked[k] = true;
      if (prev == "by" || (!before && prev == "in" && gap <= 8)) score += 1.5;  // "banned in the US"
      if (!before && prev == "in" && gap <= 8 && target_marked[k]) {
        target_marked[k] = false;
        score += a.role == ActorRole::government ? 1.0 : 3.0;
      }
      if (ms <= fs + 4) score += 1.0;  // the sentence's subject
      if (before && gap <= 2) score += 1.5;
      else if (before && gap <= 16) score += 0.5;
      if (kReactionVerbs.count(next)) score -= 2.0;
      if (kTopicNouns.count(next)) score -= 3.0;
      if (compound) score -= 4.0;
      const std::string& code = rules.entities[static_cast<std::size_t>(a.entity)].id;
      if (std::find(r.rare_actors.begin(), r.rare_actors.end(), code) != r.rare_actors.end()) score -= 1.0;
      score -= before ? 0.01 * static_cast<double>(gap) : 2.0 + 0.01 * static_cast<double>(gap);
      scores[k] = score;
    }
    // Targets spread over coordination: "to China and Russia".
    for (std::size_t k = 1; k < in_sentence.size(); ++k)
      if (target_marked[k - 1] && !target_marked[k] &&
          only_coordination(f, in_sentence[k - 1]->hit.fend, in_sentence[k]->hit.fstart)) {
        target_marked[k] = true;
        scores[k] -= 3.0;
      }
    for (std::size_t k = 0; k < in_sentence.size(); ++k)
      if (scores[k] > best_score) {
        best_score = scores[k];
        best = in_sentence[k];
      }
    std::vector<std::string> actors;
    if (best) {
      // Coordinated actors: "The UK, US, Australia and New Zealand have barred ..."
      std::size_t bi = 0;
      for (std::size_t k = 0; k < in_sentence.size(); ++k)
        if (in_sentence[k] == best) bi = k;
      std::size_t lo = bi, hi = bi;
      while (lo > 0 && only_coordination(f, in_sentence[lo - 1]->hit.fend, in_sentence[lo]->hit.fstart)) --lo;
      while (hi + 1 < in_sentence.size() &&
             only_coordination(f, in_sentence[hi]->hit.fend, in_sentence[hi + 1]->hit.fstart) &&
             in_sentence[hi + 1]->hit.fend <= t.fstart)
        ++hi;
      for (std::size_t k = lo; k <= hi; ++k) {
        const std::string& code = rules.entities[static_cast<std::size_t>(in_sentence[k]->entity)].id;
        if (std::find(actors.begin(), actors.end(), code) == actors.end()) actors.push_back(code);
      }
    }

    // Modality: cues between the actor (or a short window) and the end of the trigger.
    std::string modality = "asserted";
    if (r.modality) {
      modality = *r.modality;
    } else {
      std::size_t ws = t.fstart > fs + 40 ? t.fstart - 40 : fs;
      if (best && best->hit.fend <= t.fstart) ws = best->hit.fstart;
      bool planned = false, denied = false;
      for (const Hit& c : layers.cues) {
        if (c.fstart < ws || c.fend > t.fend + 1 || c.fstart < fs) continue;
        const std::string& kind = rules.patterns[static_cast<std::size_t>(c.pattern)].cue;
        (kind == "denied" ? denied : planned) = true;
      }
      // Headline future: "Canada to ban ...", "Biden to hit China with broader curbs".
      if (best && best->hit.fend <= t.fstart && t.fstart - best->hit.fend < 70) {
        std::string_view between = f.substr(best->hit.fend, t.fstart - best->hit.fend);
        if (between.rfind("'s", 0) == 0) between.remove_prefix(2);
        while (!between.empty() && between[0] == ' ') between.remove_prefix(1);
        std::string_view before_actor = word_before(f, best->hit.fstart, fs);
        if (before_actor == "the" && best->hit.fstart >= 4) before_actor = word_before(f, best->hit.fstart - 4, fs);
        const bool object = kTargetWords.count(before_actor) > 0 || before_actor == "of" || before_actor == "by";
        if (!object && (between.rfind("to ", 0) == 0 || between.rfind("is to ", 0) == 0 ||
                        between.rfind("are to ", 0) == 0))
          planned = true;
      }
      if (denied) modality = "denied";
      else if (planned) modality = "planned";
    }

    // Entities and target from the sentence.
    Candidate c;
    c.rule = r.id;
    c.type = r.type;
    c.modality = modality;
    c.evidence = sent;
    c.order = t.start;
    for (const auto& e : mentions.entities) {
      if (e.span.start < sent.start || e.span.end > sent.end) continue;
      const Entity& en = rules.entities[static_cast<std::size_t>(e.entity)];
      (en.kind == EntityKind::company ? c.companies : c.chips).insert(en.id);
    }
    for (std::size_t k = 0; k < in_sentence.size() && !c.target; ++k) {
      const std::string& code = rules.entities[static_cast<std::size_t>(in_sentence[k]->entity)].id;
      if (std::find(actors.begin(), actors.end(), code) != actors.end()) continue;
      if (target_marked[k] || in_sentence[k]->hit.fstart >= t.fend) c.target = code;
    }
    // A company's home country is the target of measures against the company
    // (blacklists, sanctions, probes, import bans); for exports and import
    // approvals it is the origin, not the destination, so it is no target there.
    const bool home_is_target =
        c.type != "export_control" && c.type != "export_license" && c.type != "import_approval";
    if (!c.target && home_is_target)
      for (const auto& e : mentions.entities) {
        if (e.span.start < sent.start || e.span.end > sent.end) continue;
        const std::string& home = rules.entities[static_cast<std::size_t>(e.entity)].country;
        if (!home.empty() && std::find(actors.begin(), actors.end(), home) == actors.end()) {
          c.target = home;
          break;
        }
      }
    c.confidence = r.confidence;
    if (actors.empty()) c.confidence -= 0.15;
    if (c.companies.empty() && c.chips.empty() && !c.target) c.confidence -= 0.1;
    if (actors.empty()) {
      candidates.push_back(c);
    } else {
      for (const auto& code : actors) {
        Candidate ca = c;
        ca.actor = code;
        if (ca.target == code) ca.target.reset();
        candidates.push_back(std::move(ca));
      }
    }
  }

  // 3. An action whose sentence names no government takes the article's: the one actor of
  // its other actions, else the headline's leading government or country.
  std::set<std::string> article_actors;
  for (const auto& c : candidates)
    if (c.actor) article_actors.insert(*c.actor);
  std::optional<std::string> fallback;
  if (article_actors.size() == 1) {
    fallback = *article_actors.begin();
  } else if (article_actors.empty()) {
    for (const auto& a : mentions.actors) {
      if (a.hit.start >= sentences[0].end) break;
      const std::size_t ms = a.hit.fstart;
      const std::string_view prev = word_before(f, ms, 0);
      const bool possessive = a.hit.fend + 1 < f.size() && f[a.hit.fend] == '\'' && f[a.hit.fend + 1] == 's';
      const std::string_view next = word_after(f, possessive ? a.hit.fend + 2 : a.hit.fend, f.size());
      // Only a government, or a country leading the headline ("US bans ...", "The US puts ...").
      const bool leading = ms <= 4 && !kTopicNouns.count(next);
      const bool marked = kTargetWords.count(prev) > 0 || a.role == ActorRole::demonym ||
                          (a.role == ActorRole::country && !leading);
      const bool compound = (a.hit.end < text.size() && (text[a.hit.end] == '-' || text[a.hit.end] == '/')) ||
                            (a.hit.start > 0 && (text[a.hit.start - 1] == '-' || text[a.hit.start - 1] == '/'));
      if (!marked && !compound) {
        fallback = rules.entities[static_cast<std::size_t>(a.entity)].id;
        break;
      }
    }
  }
  if (fallback)
    for (auto& c : candidates)
      if (!c.actor) {
        c.actor = fallback;
        if (c.target == fallback) c.target.reset();
        c.confidence -= 0.1;
      }

  // 4. One action per (type, actor): the first (headline) one keeps its modality.
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.order < b.order; });
  std::set<std::string> typed_with_actor;
  for (const auto& c : candidates)
    if (c.actor) typed_with_actor.insert(c.type);
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  std::set<std::pair<std::string, std::string>> conflict_flagged;
  for (const auto& c : candidates) {
    if (!c.actor && typed_with_actor.count(c.type)) continue;  // "the ban ..." restating an actor's action
    const auto key = std::make_pair(c.type, c.actor.value_or(""));
    auto it = index.find(key);
    if (it != index.end()) {
      Action& a = out.actions[it->second];
      for (const auto& x : c.companies)
        if (std::find(a.companies.begin(), a.companies.end(), x) == a.companies.end()) a.companies.push_back(x);
      for (const auto& x : c.chips)
        if (std::find(a.chips.begin(), a.chips.end(), x) == a.chips.end()) a.chips.push_back(x);
      std::sort(a.companies.begin(), a.companies.end());
      std::sort(a.chips.begin(), a.chips.end());
      if (!a.target_country && c.target) a.target_country = c.target;
      if (c.modality != a.modality && conflict_flagged.insert(key).second)
        out.flags.push_back({"conflicting_modality", c.rule,
                             c.type + " " + c.actor.value_or("-") + ": " + a.modality + " and " + c.modality});
      continue;
    }
    Action a;
    a.type = c.type;
    a.actor = c.actor;
    a.modality = c.modality;
    a.companies.assign(c.companies.begin(), c.companies.end());
    a.chips.assign(c.chips.begin(), c.chips.end());
    a.target_country = c.target;
    a.evidence = c.evidence;
    a.rule = c.rule;
    a.confidence = c.confidence;
    index.emplace(key, out.actions.size());
    out.actions.push_back(std::move(a));
  }
  for (const auto& a : out.actions) {
    const std::string snippet(text.substr(a.evidence.start, std::min<std::size_t>(80, a.evidence.end - a.evidence.start)));
    if (!a.actor) out.flags.push_back({"action_without_actor", a.rule, snippet});
    if (a.companies.empty() && a.chips.empty() && !a.target_country)
      out.flags.push_back({"action_without_target", a.rule, snippet});
    if (a.confidence < 0.5) out.flags.push_back({"low_confidence", a.rule, snippet});
  }
}

}  // namespace chipwire::extract_internal
