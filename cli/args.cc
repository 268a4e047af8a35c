#include "cli/args.h"

#include <algorithm>

namespace chipwire::cli {

std::optional<std::string> ParsedArgs::get(const std::string& flag) const {
  auto it = values.find(flag);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string ParsedArgs::get_or(const std::string& flag, const std::string& fallback) const {
  return get(flag).value_or(fallback);
}

const std::vector<FlagSpec>& global_flags() {
  static const std::vector<FlagSpec> flags{
      {"db", true, "data directory (default $CHIPWIRE_DB, else ./chipwire-data)", "DIR"},
      {"config", true, "TOML config (default ./chipwire.toml, else $XDG_CONFIG_HOME/chipwire/config.toml)", "FILE"},
      {"rules", true, "rule pack folder (default: the installed pack)", "DIR"},
      {"verbose", false, "say more on stderr"},
      {"help", false, "show help for the command"},
  };
  return flags;
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const size_t d = c.rfind(word, 0) == 0 ? 1 : edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

Result<ParsedArgs> parse_args(const std::vector<std::string>& argv, const std::vector<FlagSpec>& specs) {
  std::vector<const FlagSpec*> all;
  for (const auto& s : specs) all.push_back(&s);
  for (const auto& s : global_flags()) all.push_back(&s);
  auto find = [&](const std::string& name) -> const FlagSpec* {
    for (const auto* s : all)
      if (s->name == name) return s;
    return nullptr;
  };

  ParsedArgs out;
  bool only_positionals = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (only_positionals || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      out.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    std::optional<std::string> inline_value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (name == "h") name = "help";
    if (name == "v") name = "verbose";
    const FlagSpec* spec = find(name);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto* s : all) names.push_back(s->name);
      const std::string guess = did_you_mean(name, names);
      return Status::invalid("unknown flag --" + name + (guess.empty() ? "" : "; did you mean --" + guess + "?"));
    }
    if (spec->takes_value) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) return Status::invalid("--" + name + " needs a value (" + spec->value_name + ")");
        inline_value = argv[++i];
      }
      out.values[name].push_back(*inline_value);
    } else {
      if (inline_value) return Status::invalid("--" + name + " takes no value");
      out.values[name].push_back("");
    }
  }
  return out;
}

}  // namespace chipwire::cli
