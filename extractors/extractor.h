// The rule engine: a compiled rule pack and the pure function that applies it.
//
// RulePack::load reads every *.rules file of a folder, validates all of it and
// compiles it; errors name file, line and problem, and nothing half-loaded is
// returned. A loaded pack is immutable: share it across threads freely.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/extraction.h"
#include "core/status.h"

namespace chipwire {

class CompiledRules;  // internal

class RulePack {
 public:
  static Result<std::shared_ptr<const RulePack>> load(const std::string& directory);
  ~RulePack();

  // Hash of the pack's files: stored with articles to know what produced them.
  const std::string& version() const;
  const CompiledRules& compiled() const { return *compiled_; }

 private:
  explicit RulePack(std::unique_ptr<CompiledRules> compiled);
  std::unique_ptr<CompiledRules> compiled_;
};

struct ExtractOptions {
  bool all_mentions = false;  // list every mention of an entity, not only the first
};

// `text` is the article as the contract has it: title, '\n', body text.
Extraction extract(const RulePack& pack, std::string_view text, const ExtractOptions& options = {});

// The contract JSON object of one article (one line). `id` is echoed as given.
std::string extraction_to_json(std::string_view id, const Extraction& extraction);

}  // namespace chipwire
