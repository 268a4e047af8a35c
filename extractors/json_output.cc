// extraction_to_json: the contract's one-line JSON object for an article.
#include <nlohmann/json.hpp>

#include "extractors/extractor.h"

namespace chipwire {
namespace {

nlohmann::ordered_json mention_json(const EntityMention& m, bool chip) {
  nlohmann::ordered_json j;
  j["id"] = m.id;
  j["name"] = m.name;
  if (chip) j["vendor"] = m.vendor.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(m.vendor);
  j["text"] = m.text;
  j["start"] = m.span.start;
  j["end"] = m.span.end;
  j["rule"] = m.rule;
  return j;
}

nlohmann::ordered_json optional_json(const std::optional<std::string>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string extraction_to_json(std::string_view id, const Extraction& e) {
  nlohmann::ordered_json j;
  j["id"] = std::string(id);
  j["companies"] = nlohmann::ordered_json::array();
  for (const auto& m : e.companies) j["companies"].push_back(mention_json(m, false));
  j["chips"] = nlohmann::ordered_json::array();
  for (const auto& m : e.chips) j["chips"].push_back(mention_json(m, true));
  j["actions"] = nlohmann::ordered_json::array();
  for (const auto& a : e.actions) {
    nlohmann::ordered_json aj;
    aj["type"] = a.type;
    aj["actor"] = optional_json(a.actor);
    aj["modality"] = a.modality;
    aj["companies"] = a.companies;
    aj["chips"] = a.chips;
    aj["target_country"] = optional_json(a.target_country);
    aj["evidence"] = {{"start", a.evidence.start}, {"end", a.evidence.end}};
    aj["rule"] = a.rule;
    aj["confidence"] = static_cast<double>(static_cast<int>(a.confidence * 100 + 0.5)) / 100.0;
    j["actions"].push_back(std::move(aj));
  }
  j["flags"] = nlohmann::ordered_json::array();
  for (const auto& f : e.flags) j["flags"].push_back({{"reason", f.reason}, {"rule", f.rule}, {"detail", f.detail}});
  // Feed text can hold invalid UTF-8: replace rather than throw.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace chipwire
