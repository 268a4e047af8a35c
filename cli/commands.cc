#include "cli/commands.h"

#include <cstdio>
#include <set>

#include "cli/command.h"
#include "cli/command_list.h"

namespace chipwire::cli {

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "chipwire: %s\n", message.c_str());
  return code;
}

bool read_date_flag(const ParsedArgs& args, const char* key, std::optional<UnixSeconds>& out, int& code) {
  const auto v = args.get(key);
  if (!v) return true;
  out = parse_iso_date(*v);
  if (out) return true;
  code = fail(kExitUsage, std::string("--") + key + " wants an ISO date like 2026-01-14, not '" + *v + "'");
  return false;
}

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = [] {
    std::vector<Command> c;
    for (auto make : {make_ingest_command, make_events_command, make_event_command, make_articles_command,
                      make_stats_command, make_feeds_list_command, make_feeds_add_command,
                      make_feeds_remove_command, make_feeds_import_command, make_feeds_export_command,
                      make_parse_command, make_extract_command, make_rules_check_command,
                      make_rules_test_command, make_review_list_command, make_review_show_command,
                      make_review_accept_command, make_review_reject_command, make_review_correct_command,
                      make_review_next_command, make_review_log_command, make_review_serve_command,
                      make_backup_command, make_prune_command, make_rules_stats_command,
                      make_reprocess_command})
      c.push_back(make());
    return c;
  }();
  return commands;
}

namespace {

void print_overview() {
  std::printf(
      "chipwire: news feeds in, deduplicated chip-policy events out.\n\n"
      "usage: chipwire [--db DIR] [--config FILE] [--rules DIR] COMMAND [flags]\n\ncommands:\n");
  for (const auto& c : all_commands()) std::printf("  %-16s %s\n", c.name.c_str(), c.summary.c_str());
  std::printf("\n`chipwire COMMAND --help` shows a command's flags.\n");
}

void print_command_help(const Command& c) {
  std::printf("usage: chipwire %s %s\n\n%s\n\nflags:\n", c.name.c_str(), c.usage.c_str(), c.summary.c_str());
  auto print = [](const FlagSpec& f) {
    const std::string left = "--" + f.name + (f.takes_value ? " " + f.value_name : "");
    std::printf("  %-24s %s\n", left.c_str(), f.help.c_str());
  };
  for (const auto& f : c.flags) print(f);
  for (const auto& f : global_flags()) print(f);
}

bool global_takes_value(const std::string& arg) {
  for (const auto& f : global_flags())
    if (arg == "--" + f.name) return f.takes_value;
  return false;
}

}  // namespace

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Find the command words: the first one or two words that are not flags or
  // values of global flags.
  std::vector<size_t> word_positions;
  for (size_t i = 0; i < args.size() && word_positions.size() < 2; ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.size() > 1 && a[0] == '-') {
      if (global_takes_value(a)) ++i;
      else if (word_positions.empty() && a != "--help" && a != "-h" && a != "--verbose" && a != "-v" &&
               a.find('=') == std::string::npos)
        break;  // a command flag before any command: reported below
      continue;
    }
    word_positions.push_back(i);
  }
  if (word_positions.empty()) {
    for (const auto& a : args)
      if (a == "--help" || a == "-h") {
        print_overview();
        return kExitOk;
      }
    if (!args.empty() && args[0] == "--version") {
      std::printf("chipwire 0.1.0\n");
      return kExitOk;
    }
    print_overview();
    return kExitUsage;
  }
  const std::string first = args[word_positions[0]];
  const Command* command = nullptr;
  size_t words_used = 1;
  std::set<std::string> groups;
  std::vector<std::string> names;
  for (const auto& c : all_commands()) {
    names.push_back(c.name);
    if (const size_t sp = c.name.find(' '); sp != std::string::npos) groups.insert(c.name.substr(0, sp));
  }
  if (groups.count(first)) {
    std::vector<std::string> subs;
    for (const auto& c : all_commands())
      if (c.name.rfind(first + " ", 0) == 0) subs.push_back(c.name.substr(first.size() + 1));
    if (word_positions.size() < 2) {
      std::string list;
      for (const auto& s : subs) list += (list.empty() ? "" : "|") + s;
      return fail(kExitUsage, first + " needs a subcommand: " + first + " " + list);
    }
    const std::string second = args[word_positions[1]];
    for (const auto& c : all_commands())
      if (c.name == first + " " + second) command = &c;
    if (!command) {
      const std::string guess = did_you_mean(second, subs);
      return fail(kExitUsage, "unknown command '" + first + " " + second + "'" +
                                  (guess.empty() ? "" : "; did you mean '" + first + " " + guess + "'?"));
    }
    words_used = 2;
  } else {
    for (const auto& c : all_commands())
      if (c.name == first) command = &c;
    if (!command) {
      std::vector<std::string> candidates(names);
      candidates.insert(candidates.end(), groups.begin(), groups.end());
      const std::string guess = did_you_mean(first, candidates);
      return fail(kExitUsage, "unknown command '" + first + "'" +
                                  (guess.empty() ? "" : "; did you mean '" + guess + "'?") +
                                  " (chipwire --help lists them)");
    }
  }
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i == word_positions[0] || (words_used == 2 && i == word_positions[1])) continue;
    rest.push_back(args[i]);
  }
  auto parsed = parse_args(rest, command->flags);
  if (!parsed.ok()) return fail(kExitUsage, command->name + ": " + parsed.status().message());
  Context ctx;
  ctx.args = std::move(parsed.value());
  if (ctx.args.has("help")) {
    print_command_help(*command);
    return kExitOk;
  }
  ctx.verbose = ctx.args.has("verbose");
  return command->run(ctx);
}

}  // namespace chipwire::cli
