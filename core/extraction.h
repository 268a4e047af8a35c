// What the rules found in one article (shared/docs/extraction-contract.md).
//
// Produced by extractors/ (a pure function of text and rule pack), stored by
// storage/ and printed by `chipwire extract`. Offsets are byte offsets into the
// UTF-8 input (title, '\n', text); `end` is exclusive.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chipwire {

struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
};

// One company or chip found in the text.
struct EntityMention {
  std::string id;      // canonical id: "nvidia", "h200"
  std::string name;    // display name: "Nvidia", "H200"
  std::string vendor;  // chips only: company id of the maker ("" when unknown)
  std::string text;    // the matched text as it appears: "Nvidia's"
  Span span;
  std::string rule;  // "company/nvidia", "chip/nvidia-datacenter"
};

struct Action {
  std::string type;                  // export_control, import_approval, ...
  std::optional<std::string> actor;  // ISO 3166-1 alpha-2 or "EU"; nullopt when none named
  std::string modality = "asserted";  // asserted | planned | denied
  std::vector<std::string> companies;  // sorted, distinct company ids
  std::vector<std::string> chips;      // sorted, distinct chip ids
  std::optional<std::string> target_country;
  Span evidence;  // the sentence that states it
  std::string rule;
  double confidence = 0.0;
};

// True when the action names no government, company, chip or target country
// ("a ban was lifted"): the store holds such an action for review instead of
// making it an event until a reviewer accepts or corrects it.
inline bool names_nothing(const Action& a) {
  return !a.actor && a.companies.empty() && a.chips.empty() && !a.target_country;
}

struct Flag {
  std::string reason;  // action_without_actor, unknown_chip_like_token, ... (contract strings)
  std::string rule;    // rule that raised it, may be ""
  std::string detail;  // human-readable detail
};

struct Extraction {
  std::vector<EntityMention> companies;
  std::vector<EntityMention> chips;
  std::vector<Action> actions;
  std::vector<Flag> flags;
};

}  // namespace chipwire
