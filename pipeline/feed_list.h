// The feed list lives in the config file: `feeds add`, `remove` and `import`
// edit it as text (appending or cutting [[feed]] blocks, keeping the user's
// comments and layout), and `feeds export` writes OPML. Called by cli/.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "pipeline/config.h"

namespace chipwire {

struct NewFeed {
  std::string url;
  std::string title;
};

// Appends [[feed]] blocks to `config_path` (created when missing). Feeds whose
// URL is already listed are skipped; returns how many were added.
Result<int> append_feeds(const std::string& config_path, const std::vector<NewFeed>& feeds);

// Removes the [[feed]] whose id (feed_id_for_url) or URL is `id_or_url`.
Status remove_feed(const std::string& config_path, const std::string& id_or_url);

// Feeds of an OPML file (any feed reader's export): every outline with an xmlUrl.
Result<std::vector<NewFeed>> read_opml(const std::string& path);

// An OPML 2.0 document of the configured feeds.
std::string write_opml(const Config& config);

}  // namespace chipwire
