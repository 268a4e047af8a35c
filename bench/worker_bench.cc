// The worker pool's per-item work after parsing, stage by stage, on one thread:
// every replay-2022 file is read and parsed up front (parse_feed, from memory),
// then build_article, extraction_input and extract() are timed separately over
// each feed's entries, as pipeline/ingest.cc runs them. Best of N repeats per stage,
// in CPU seconds of the thread (the machine is shared: wall time would count
// other processes' turns too).
//
// Usage: worker_bench RULES_DIR REPLAY_DIR [--repeats N] [--dump FILE]
// --dump writes one line per article (id, content hash, SimHash, extraction
// JSON): diff two dumps to show a change left every result as it was.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/hash.h"
#include "extractors/extractor.h"
#include "feeds/feed_parser.h"
#include "pipeline/article_builder.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Document {
  std::string url;
  std::string bytes;
  chipwire::ParsedFeed feed;
};

std::vector<Document> read_corpus(const fs::path& replay) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(replay))
    if (e.is_regular_file() && e.path().extension() == ".xml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Document> docs;
  docs.reserve(files.size());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    docs.push_back({"file://" + fs::absolute(f).string(), ss.str(), {}});
  }
  return docs;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The best (least) CPU time of a stage over the repeats.
struct Stage {
  double seconds = 1e300;
  void take(double s) { seconds = std::min(seconds, s); }
};

void print_stage(const char* name, const Stage& st, std::size_t items) {
  const double n = static_cast<double>(items);
  std::printf("%-20s %9.3f s %12.0f items/s %9.2f us/item\n", name, st.seconds, n / st.seconds, 1e6 * st.seconds / n);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: worker_bench RULES_DIR REPLAY_DIR [--repeats N] [--dump FILE]\n");
    return 2;
  }
  const fs::path rules_dir = argv[1], replay = argv[2];
  int repeats = 5;
  std::string dump;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeats" && i + 1 < argc) repeats = std::max(1, std::stoi(argv[++i]));
    else if (a == "--dump" && i + 1 < argc) dump = argv[++i];
  }
  auto pack = chipwire::RulePack::load(rules_dir.string());
  if (!pack.ok()) {
    std::fprintf(stderr, "worker_bench: %s\n", pack.status().message().c_str());
    return 1;
  }
  const chipwire::RulePack& rules = **pack;

  std::vector<Document> docs = read_corpus(replay);
  std::size_t bytes = 0, entries = 0;
  const auto parse_start = Clock::now();
  for (auto& d : docs) {
    chipwire::ParseOptions options;
    options.document_url = d.url;
    d.feed = chipwire::parse_feed(d.bytes, options);
    bytes += d.bytes.size();
    entries += d.feed.entries.size();
  }
  const double parse_seconds = seconds_since(parse_start);
  std::printf("corpus: %zu files, %.1f MB, %zu entries (parse_feed once: %.3f s)\n", docs.size(), bytes / 1e6,
              entries, parse_seconds);

  // A fixed time of sight, so that dumps of two runs compare.
  constexpr chipwire::UnixSeconds kSeenAt = 1700000000;
  std::vector<chipwire::ArticleSource> sources;
  for (const auto& d : docs) sources.push_back({chipwire::feed_id_for_url(d.url), d.url, kSeenAt});

  // Feed by feed, as pipeline/ingest.cc's workers go: each stage over the
  // feed's entries, timed in thread CPU seconds, then everything the feed made
  // is freed. (One loop per stage over the whole corpus would measure how
  // glibc's malloc copes with a heap of 68k live articles instead.)
  Stage build, build_moved, input, extract_stage;
  double build_s = 0, moved_s = 0, input_s = 0, extract_s = 0;
  std::size_t n = 0, checksum = 0;
  std::ofstream out;
  if (!dump.empty()) out.open(dump, std::ios::binary);
  for (int round = 0; round < repeats; ++round) {
    build_s = moved_s = input_s = extract_s = 0;
    n = checksum = 0;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      std::vector<chipwire::Article> articles;
      std::vector<std::string> inputs;
      std::vector<chipwire::Extraction> extractions;
      double t = thread_cpu_seconds();
      for (const auto& entry : docs[i].feed.entries)
        if (auto a = chipwire::build_article(entry, sources[i])) articles.push_back(std::move(*a));
      double now = thread_cpu_seconds();
      build_s += now - t;

      // The overload that takes the entry's strings instead of copying them (the copies are not timed).
      std::vector<chipwire::FeedEntry> copies = docs[i].feed.entries;
      std::vector<chipwire::Article> moved;
      t = thread_cpu_seconds();
      for (auto& entry : copies)
        if (auto a = chipwire::build_article(std::move(entry), sources[i])) moved.push_back(std::move(*a));
      now = thread_cpu_seconds();
      moved_s += now - t;

      t = now;
      for (const auto& a : articles) inputs.push_back(chipwire::extraction_input(a));
      now = thread_cpu_seconds();
      input_s += now - t;

      t = now;
      for (const auto& in : inputs) extractions.push_back(chipwire::extract(rules, in));
      extract_s += thread_cpu_seconds() - t;

      bool same = moved.size() == articles.size();
      for (std::size_t k = 0; same && k < articles.size(); ++k) {
        const auto &a = articles[k], &b = moved[k];
        same = a.id == b.id && a.content_hash == b.content_hash && a.simhash == b.simhash && a.title == b.title &&
               a.text == b.text && a.guid == b.guid && a.url == b.url && a.source == b.source &&
               a.published == b.published;
      }
      if (!same) {
        std::fprintf(stderr, "worker_bench: build_article(FeedEntry&&) differs from build_article(const FeedEntry&)\n");
        return 1;
      }
      n += articles.size();
      for (const auto& e : extractions) checksum += e.actions.size() + e.flags.size();
      if (out.is_open() && round == 0)
        for (std::size_t k = 0; k < articles.size(); ++k) {
          const auto& a = articles[k];
          out << a.id << ' ' << a.content_hash << ' ' << chipwire::to_hex(a.simhash) << ' ' << a.source << ' '
              << chipwire::extraction_to_json(a.id, extractions[k]) << '\n';
        }
    }
    build.take(build_s);
    build_moved.take(moved_s);
    input.take(input_s);
    extract_stage.take(extract_s);
  }
  if (out.is_open() && !out.flush()) {
    std::fprintf(stderr, "worker_bench: cannot write %s\n", dump.c_str());
    return 1;
  }
  std::printf("%zu articles, best of %d runs, one thread, CPU seconds\n", n, repeats);
  print_stage("build_article", build, n);
  print_stage("  (moved entry)", build_moved, n);
  print_stage("extraction_input", input, n);
  print_stage("extract", extract_stage, n);
  Stage all;
  all.take(build.seconds + input.seconds + extract_stage.seconds);
  print_stage("all three", all, n);
  std::printf("(checksum %zu)\n", checksum);
  return 0;
}
