// Event dedup key text and id (see event_key.h, docs/storage.md).
#include "storage/event_key.h"

#include <algorithm>

#include "core/hash.h"
#include "storage/store.h"

namespace chipwire {
namespace {

std::vector<std::string> sorted_distinct(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out.push_back(',');
    out += s;
  }
  return out;
}

}  // namespace

ActionIdentity action_identity(const Action& action) {
  return {action.type, action.actor, sorted_distinct(action.companies), sorted_distinct(action.chips)};
}

std::string identity_key(const ActionIdentity& id) {
  return id.type + "|" + id.actor.value_or("-") + "|" + join(sorted_distinct(id.companies)) + "|" +
         join(sorted_distinct(id.chips));
}

namespace store_detail {

KeyFields key_fields(const Action& action) {
  std::vector<std::string> chips = sorted_distinct(action.chips);
  std::vector<std::string> companies = chips.empty() ? sorted_distinct(action.companies) : std::vector<std::string>{};
  return {action.type, action.actor, std::move(companies), std::move(chips), action.target_country};
}

std::string dedup_key_text(const KeyFields& k, const std::string& week) {
  return "v2|type=" + k.type + "|actor=" + k.actor.value_or("-") + "|companies=" + join(k.companies) +
         "|chips=" + join(k.chips) + "|target=" + k.target_country.value_or("-") + "|week=" + week;
}

std::string event_id_for(const std::string& text) { return hash_hex128(text); }

UnixSeconds article_date(const Article& a) { return a.published.value_or(a.first_seen); }

}  // namespace store_detail
}  // namespace chipwire
