// The event dedup key: which actions, in which articles, are one real-world
// event. Internal to storage/ (docs/storage.md explains the rule and limits).
// Pure functions, any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/extraction.h"
#include "core/time.h"

namespace chipwire::store_detail {

// The action's key fields after any reviewer correction.
struct KeyFields {
  std::string type;
  std::optional<std::string> actor;
  // Sorted, distinct; empty when the action names chips: the chips identify
  // what the action is about, and the companies named beside them (makers,
  // buyers) differ from outlet to outlet. The event lists the union.
  std::vector<std::string> companies;
  std::vector<std::string> chips;  // sorted, distinct
  std::optional<std::string> target_country;
};

KeyFields key_fields(const Action& action);

// "v2|type=export_control|actor=US|companies=amd,nvidia|chips=|target=CN|week=2026-W03"
// "v2|type=import_approval|actor=CN|companies=|chips=h200|target=-|week=2026-W03"
std::string dedup_key_text(const KeyFields& k, const std::string& week);
std::string event_id_for(const std::string& dedup_key_text);

// The date an article counts for: published, else first_seen.
UnixSeconds article_date(const Article& a);

// How far (seconds) an article may lie outside an event's first..last seen
// and still join it from the neighbouring ISO week.
inline constexpr UnixSeconds kNeighbourSlack = 3 * 86400;

}  // namespace chipwire::store_detail
