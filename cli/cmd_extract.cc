// `chipwire extract [FILE|-] [--input-format text|jsonl] [--format json|jsonl]
// [--all-mentions]`: run the rule pack on text (shared/docs/extraction-contract.md).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/command_list.h"
#include "cli/io.h"
#include "extractors/extractor.h"
#include "pipeline/paths.h"

namespace chipwire::cli {

namespace {

void print_json(const std::string& one_line, bool pretty) {
  if (!pretty) {
    std::fwrite(one_line.data(), 1, one_line.size(), stdout);
    std::fputc('\n', stdout);
    return;
  }
  const std::string out = nlohmann::json::parse(one_line).dump(2);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fputc('\n', stdout);
}

int run_extract(Context& ctx) {
  if (ctx.args.positionals.size() > 1) return fail(kExitUsage, "extract: give at most one FILE (or -)");
  const std::string input = ctx.args.positionals.empty() ? "-" : ctx.args.positionals[0];
  const std::string input_format = ctx.args.get_or("input-format", "text");
  const std::string format = ctx.args.get_or("format", "json");
  if (input_format != "text" && input_format != "jsonl")
    return fail(kExitUsage, "extract: --input-format must be text or jsonl");
  if (format != "json" && format != "jsonl") return fail(kExitUsage, "extract: --format must be json or jsonl");

  auto pack = RulePack::load(resolve_rules_dir(ctx.args.get("rules")));
  if (!pack.ok()) return fail(kExitUsage, pack.status().message());
  ExtractOptions options;
  options.all_mentions = ctx.args.has("all-mentions");
  const bool pretty = format == "json";

  auto data = read_input(input);
  if (!data.ok()) return fail(kExitUsage, "extract: " + data.status().message());

  if (input_format == "text") {
    const Extraction e = extract(**pack, *data, options);
    print_json(extraction_to_json(input == "-" ? "stdin" : input, e), pretty);
    return kExitOk;
  }
  int bad_lines = 0;
  size_t line_no = 0, pos = 0;
  const std::string& text = *data;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    const std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json item = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (item.is_discarded() || !item.is_object()) {
      std::fprintf(stderr, "chipwire: extract: %s:%zu: not a JSON object, skipped\n", input.c_str(), line_no);
      ++bad_lines;
      continue;
    }
    auto field = [&](const char* key) -> std::string {
      auto it = item.find(key);
      if (it == item.end() || !it->is_string()) return "";
      return it->get<std::string>();
    };
    std::string id = field("id");
    if (id.empty() && item.contains("id") && item["id"].is_number()) id = item["id"].dump();
    const std::string article = field("title") + "\n" + field("text");
    print_json(extraction_to_json(id, extract(**pack, article, options)), pretty);
  }
  std::fflush(stdout);
  return bad_lines ? kExitPartial : kExitOk;
}

}  // namespace

Command make_extract_command() {
  return {"extract",
          "run the rule pack on text and print what it finds",
          "[FILE|-] [--input-format text|jsonl] [--format json|jsonl] [--all-mentions]",
          {{"input-format", true, "text (first line is the title) or jsonl ({id,title,text,published})", "FMT"},
           {"format", true, "json (pretty) or jsonl (one line per article)", "FMT"},
           {"all-mentions", false, "list every mention, not only the first of each entity"}},
          run_extract};
}

}  // namespace chipwire::cli
