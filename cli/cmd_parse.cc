// `chipwire parse FILE [--content-type T] [--url URL] --format json`: one feed
// document to the feed contract's JSON (shared/docs/feed-contract.md).
#include <cstdio>

#include "cli/command_list.h"
#include "cli/io.h"
#include "feeds/feed_parser.h"

namespace chipwire::cli {

namespace {
int run_parse(Context& ctx) {
  if (ctx.args.positionals.size() != 1) return fail(kExitUsage, "parse: give one FILE (or - for stdin)");
  const std::string format = ctx.args.get_or("format", "json");
  if (format != "json") return fail(kExitUsage, "parse: --format must be json");
  auto bytes = read_input(ctx.args.positionals[0]);
  if (!bytes.ok()) return fail(kExitUsage, "parse: " + bytes.status().message());
  ParseOptions options;
  options.content_type = ctx.args.get_or("content-type", "");
  options.document_url = ctx.args.get_or("url", "");
  const ParsedFeed feed = parse_feed(*bytes, options);
  const std::string json = parsed_feed_to_json(feed, ctx.args.has("compact") ? -1 : 2);
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
  return kExitOk;
}
}  // namespace

Command make_parse_command() {
  return {"parse",
          "parse one feed document and print the feed contract's JSON",
          "FILE|- [--content-type TYPE] [--url URL] [--format json]",
          {{"content-type", true, "HTTP Content-Type the document came with", "TYPE"},
           {"url", true, "URL the document came from (resolves relative links)", "URL"},
           {"format", true, "output format: json", "FORMAT"},
           {"compact", false, "one line of JSON"}},
          run_parse};
}

}  // namespace chipwire::cli
