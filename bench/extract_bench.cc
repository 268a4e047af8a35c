// Extraction throughput: the full rule pack over the text of the replay-2022
// corpus (item titles and descriptions, markup stripped), on one core; then the
// same text with packs of growing size to show how cost grows with the rules.
//
// Usage: extract_bench RULES_DIR REPLAY_DIR [--min-seconds S] [--scaling]
// Prints one line per pack: rules, entities/aliases/patterns, MB/s, articles/s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "extractors/extractor.h"
#include "extractors/rule_model.h"

namespace fs = std::filesystem;

namespace {

// Tags out, a few entities decoded, white space folded: close to what `chipwire parse` gives.
std::string plain(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag) out.push_back(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
  }
  std::string folded;
  for (char c : out)
    if (!(c == ' ' && !folded.empty() && folded.back() == ' ')) folded.push_back(c);
  return folded;
}

std::vector<std::string> load_articles(const fs::path& replay) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(replay))
    if (e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> articles;
  for (const auto& f : files) {
    pugi::xml_document doc;
    if (!doc.load_file(f.c_str())) continue;
    for (auto item : doc.child("rss").child("channel").children("item"))
      articles.push_back(plain(item.child_value("title")) + "\n" + plain(item.child_value("description")));
  }
  return articles;
}

struct Figures {
  double mb_per_s = 0;
  double articles_per_s = 0;
  std::size_t actions = 0;
};

Figures measure(const chipwire::RulePack& pack, const std::vector<std::string>& articles, std::size_t bytes,
                double min_seconds) {
  using clock = std::chrono::steady_clock;
  Figures f;
  std::size_t rounds = 0;
  const auto start = clock::now();
  double elapsed = 0;
  do {
    for (const auto& a : articles) f.actions += chipwire::extract(pack, a).actions.size();
    ++rounds;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < min_seconds);
  f.mb_per_s = static_cast<double>(bytes * rounds) / 1e6 / elapsed;
  f.articles_per_s = static_cast<double>(articles.size() * rounds) / elapsed;
  f.actions /= rounds;
  return f;
}

void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }
std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A pack folder made of some of the shipped files, plus `extra_companies` synthetic
// companies and `action_copies` renamed copies of actions.rules.
fs::path make_pack(const fs::path& rules, const fs::path& tmp, const std::string& name,
                   const std::vector<std::string>& files, int extra_companies, int action_copies) {
  const fs::path dir = tmp / name;
  fs::create_directories(dir);
  for (const auto& f : files) fs::copy_file(rules / f, dir / f, fs::copy_options::overwrite_existing);
  if (extra_companies > 0) {
    std::string s;
    for (int i = 0; i < extra_companies; ++i)
      s += "company synth-" + std::to_string(i) + "\n  name: Synthco" + std::to_string(i) + " Devices\n  aliases: SX" +
           std::to_string(i) + " Semiconductor, Synth" + std::to_string(i) + "\n";
    write(dir / "synthetic.rules", s);
  }
  const std::string actions = read(rules / "actions.rules");
  for (int c = 0; c < action_copies; ++c) {
    std::string copy;
    std::istringstream in(actions);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("action ", 0) == 0) line += "-copy" + std::to_string(c);
      if (line.find("example:") != std::string::npos || line.find("counter:") != std::string::npos) continue;
      copy += line + "\n";
    }
    write(dir / ("actions-copy" + std::to_string(c) + ".rules"), copy);
  }
  return dir;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: extract_bench RULES_DIR REPLAY_DIR [--min-seconds S] [--scaling]\n");
    return 2;
  }
  const fs::path rules = argv[1], replay = argv[2];
  double min_seconds = 3;
  bool scaling = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--min-seconds" && i + 1 < argc) min_seconds = std::stod(argv[++i]);
    else if (a == "--scaling") scaling = true;
  }
  const auto articles = load_articles(replay);
  std::size_t bytes = 0;
  for (const auto& a : articles) bytes += a.size();
  std::printf("corpus: %zu articles, %.1f MB of title+description text\n", articles.size(), bytes / 1e6);

  struct Variant {
    std::string name;
    std::vector<std::string> files;
    int extra_companies;
    int action_copies;
  };
  std::vector<Variant> variants = {{"full", {}, 0, 0}};
  if (scaling) {
    variants = {{"companies", {"companies.rules"}, 0, 0},
                {"companies+chips", {"companies.rules", "chips.rules"}, 0, 0},
                {"+actors+modality", {"companies.rules", "chips.rules", "actors.rules", "modality.rules"}, 0, 0},
                {"full", {}, 0, 0},
                {"full+2000 companies", {}, 2000, 0},
                {"full+10000 companies", {}, 10000, 0},
                {"full x2 actions", {}, 0, 1},
                {"full x4 actions", {}, 0, 3}};
  }
  const fs::path tmp = fs::temp_directory_path() / ("extract_bench_" + std::to_string(::getpid()));
  std::printf("%-22s %8s %8s %9s %8s %9s %12s %8s\n", "pack", "entities", "aliases", "patterns", "rules", "MB/s",
              "articles/s", "actions");
  for (const auto& v : variants) {
    fs::path dir = rules;
    if (!v.files.empty() || v.extra_companies || v.action_copies) {
      std::vector<std::string> files = v.files;
      if (files.empty()) files = {"actions.rules", "actors.rules", "chips.rules", "companies.rules", "modality.rules"};
      dir = make_pack(rules, tmp, std::to_string(&v - variants.data()), files, v.extra_companies, v.action_copies);
    }
    auto pack = chipwire::RulePack::load(dir.string());
    if (!pack.ok()) {
      std::fprintf(stderr, "%s: %s\n", v.name.c_str(), pack.status().message().c_str());
      return 1;
    }
    const auto& c = (*pack)->compiled();
    const Figures f = measure(**pack, articles, bytes, min_seconds);
    std::printf("%-22s %8zu %8zu %9zu %8zu %9.1f %12.0f %8zu\n", v.name.c_str(), c.entities.size(), c.aliases.size(),
                c.patterns.size(), c.rules.size(), f.mb_per_s, f.articles_per_s, f.actions);
    std::fflush(stdout);
  }
  std::error_code ec;
  fs::remove_all(tmp, ec);
  return 0;
}
