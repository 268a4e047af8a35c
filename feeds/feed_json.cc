// parsed_feed_to_json: the JSON of `chipwire parse` (shared/docs/feed-contract.md),
// keys in contract order, missing fields null.
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "feeds/feed_parser.h"

namespace chipwire {
namespace {

using Json = nlohmann::ordered_json;

Json opt(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }
Json opt_time(const std::optional<UnixSeconds>& t) { return t ? Json(format_iso8601(*t)) : Json(nullptr); }

}  // namespace

std::string parsed_feed_to_json(const ParsedFeed& p, int indent) {
  Json j;
  j["format"] = p.format;
  j["wellformed"] = p.wellformed;
  j["problems"] = p.problems;
  j["encoding"] = p.encoding;
  j["feed"] = Json{{"title", opt(p.feed.title)},       {"link", opt(p.feed.link)},
                   {"subtitle", opt(p.feed.subtitle)}, {"language", opt(p.feed.language)},
                   {"id", opt(p.feed.id)},             {"updated", opt_time(p.feed.updated)}};
  Json entries = Json::array();
  for (const FeedEntry& e : p.entries) {
    Json enclosures = Json::array();
    for (const Enclosure& x : e.enclosures)
      enclosures.push_back(Json{{"url", x.url},
                                {"type", opt(x.type)},
                                {"length", x.length ? Json(*x.length) : Json(nullptr)}});
    entries.push_back(Json{{"id", opt(e.id)},
                           {"title", opt(e.title)},
                           {"link", opt(e.link)},
                           {"summary", opt(e.summary)},
                           {"content", opt(e.content)},
                           {"published", opt_time(e.published)},
                           {"updated", opt_time(e.updated)},
                           {"author", opt(e.author)},
                           {"categories", e.categories},
                           {"enclosures", enclosures}});
  }
  j["entries"] = std::move(entries);
  // Text came from the internet: invalid UTF-8 must never reach the printer.
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace chipwire
