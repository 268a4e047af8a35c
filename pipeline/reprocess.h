// Re-running the current rules over stored articles (after a rule change),
// from the stored title and text: nothing is fetched again. Review decisions
// survive because storage keys them by action identity, not position.
// Called by `chipwire reprocess`; REQUIRES a writer store (the caller holds the lock).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "extractors/extractor.h"
#include "storage/store.h"

namespace chipwire {

struct ReprocessOptions {
  std::optional<UnixSeconds> since;  // only articles first seen on or after this
  // Called for each article whose extraction changed: id, title, what changed.
  std::function<void(const std::string&, const std::string&, const std::string&)> on_change;
};

struct ReprocessSummary {
  std::uint64_t articles = 0;       // looked at
  std::uint64_t changed = 0;        // extraction differs from the stored one
  std::uint64_t events_added = 0;   // event ids an article maps to now and did not before
  std::uint64_t events_removed = 0; // ... did before and does not now
  std::uint64_t actions_changed = 0;
  std::uint64_t flags_raised = 0;
  std::uint64_t flags_cleared = 0;
};

Result<ReprocessSummary> reprocess(Store& store, const RulePack& rules, const ReprocessOptions& options);

}  // namespace chipwire
