// Crash safety: an ingest killed with SIGKILL (or stopped with SIGTERM) at a
// random moment, followed by a normal run, leaves the same store as one
// uninterrupted run: no article lost, no event counted twice. Uses a slice of
// shared/corpora/replay-2022 served from 127.0.0.1.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "tests/test_http_server.h"
#include "tests/test_support.h"

using namespace chipwire::testing;
namespace fs = std::filesystem;

namespace {

// The store's contents that must not depend on interruptions: each event's id
// and counts, and the set of article ids. Times are left out (they are the
// run's clock).
std::string store_fingerprint(const std::string& db) {
  std::string out;
  const auto events = run_chipwire({"--db", db, "events", "--format", "jsonl", "--include-rejected"});
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < events.out.size()) {
    size_t eol = events.out.find('\n', pos);
    const auto e = nlohmann::json::parse(events.out.substr(pos, eol - pos));
    lines.push_back(e["id"].get<std::string>() + " " + e["type"].get<std::string>() + " a" +
                    std::to_string(e["articles"].get<int>()) + " s" + std::to_string(e["sources"].get<int>()) +
                    " m" + std::to_string(e["mentions"].get<int>()));
    pos = eol + 1;
  }
  const auto articles = run_chipwire({"--db", db, "articles", "--format", "csv"});
  pos = articles.out.find('\n') + 1;
  while (pos < articles.out.size()) {
    size_t eol = articles.out.find('\n', pos);
    lines.push_back("article " + articles.out.substr(pos, articles.out.find(',', pos) - pos));
    pos = eol + 1;
  }
  std::sort(lines.begin(), lines.end());
  for (const auto& l : lines) out += l + "\n";
  return out;
}

pid_t spawn_chipwire(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* devnull = std::fopen("/dev/null", "w");
    dup2(fileno(devnull), 1);
    dup2(fileno(devnull), 2);
    std::vector<char*> argv{const_cast<char*>(CHIPWIRE_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

struct Corpus {
  std::map<std::string, std::pair<std::string, std::string>> files;
  std::vector<std::string> paths;
};

Corpus replay_slice(const fs::path& replay, int days) {
  Corpus c;
  std::vector<fs::path> dirs;
  for (const auto& d : fs::directory_iterator(replay))
    if (d.is_directory()) dirs.push_back(d.path());
  std::sort(dirs.begin(), dirs.end());
  for (int i = 0; i < days && i < static_cast<int>(dirs.size()); ++i) {
    for (const auto& f : fs::directory_iterator(dirs[i])) {
      const std::string path = "/" + dirs[i].filename().string() + "/" + f.path().filename().string();
      c.files[path] = {"application/rss+xml", read_file(f.path())};
      c.paths.push_back(path);
    }
  }
  std::sort(c.paths.begin(), c.paths.end());
  return c;
}

}  // namespace

TEST_CASE("SIGKILL or SIGTERM at a random moment, then a normal run, equals one uninterrupted run",
          "[e2e][crash]") {
  const auto shared = shared_dir();
  if (!shared || !fs::is_directory(*shared / "corpora/replay-2022/replay")) {
    WARN("shared/corpora/replay-2022 absent: skipping the crash-safety loop");
    return;
  }
  const Corpus corpus = replay_slice(*shared / "corpora/replay-2022/replay", 3);
  REQUIRE(corpus.paths.size() > 50);
  TestHttpServer server(static_files(corpus.files));
  TempDir dir;
  std::string config = "allow_private_addresses = true\nmax_per_host = 4\n";
  for (const auto& p : corpus.paths) config += "[[feed]]\nurl = \"" + server.url(p) + "\"\n";
  write_file(dir.path() / "chipwire.toml", config);
  const std::string cfg = (dir.path() / "chipwire.toml").string();
  // An ingest writes no log: a kill keeps what its last flush wrote. This
  // slice is smaller than a flush, so with the default checkpoint every kill
  // loses the whole run; odd rounds flush after every feed instead, so that
  // a kill lands between flushes and the next run starts from their prefix.
  write_file(dir.path() / "every-feed.toml", "checkpoint_seconds = 0\n" + config);
  const std::string every_feed_cfg = (dir.path() / "every-feed.toml").string();

  const std::string reference_db = (dir.path() / "reference").string();
  const auto reference = run_chipwire({"--config", cfg, "--db", reference_db, "ingest"});
  REQUIRE(reference.exit_code == 0);
  const std::string expected = store_fingerprint(reference_db);
  REQUIRE(expected.find("article ") != std::string::npos);

  std::mt19937 rng(std::random_device{}());
  for (int round = 0; round < 10; ++round) {
    const int signal_to_send = round % 3 == 2 ? SIGTERM : SIGKILL;
    const int delay_ms = std::uniform_int_distribution<int>(5, 900)(rng);
    const std::string db = (dir.path() / ("run" + std::to_string(round))).string();
    const std::string& round_cfg = round % 2 == 1 ? every_feed_cfg : cfg;
    const pid_t pid = spawn_chipwire({"--config", round_cfg, "--db", db, "ingest"});
    REQUIRE(pid > 0);
    usleep(static_cast<useconds_t>(delay_ms) * 1000);
    kill(pid, signal_to_send);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("round " << round << ": signal " << signal_to_send << " after " << delay_ms << " ms, config "
                  << round_cfg);
    if (signal_to_send == SIGTERM && WIFEXITED(status)) {
      // Stopped cleanly (143) or had already finished (0).
      CHECK((WEXITSTATUS(status) == 143 || WEXITSTATUS(status) == 0));
    }
    const auto finish = run_chipwire({"--config", cfg, "--db", db, "ingest"});
    INFO(finish.err);
    REQUIRE(finish.exit_code == 0);
    CHECK(store_fingerprint(db) == expected);
  }
}
