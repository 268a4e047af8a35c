// Helpers for tests: temp directories, fixture paths, the shared corpora, and
// running the chipwire binary. Test code only.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace chipwire::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

std::filesystem::path fixture(const std::string& relative);  // tests/fixtures/<relative>
std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);

// ../shared (or $CHIPWIRE_SHARED): nullopt when absent; tests then SKIP-like WARN and return.
std::optional<std::filesystem::path> shared_dir();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built chipwire binary with `args` (no shell), optional stdin text.
CommandResult run_chipwire(const std::vector<std::string>& args, const std::string& stdin_text = "",
                           const std::vector<std::string>& extra_env = {});
// Runs any program (argv[0] looked up in PATH), no shell.
CommandResult run_program(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          const std::vector<std::string>& extra_env = {});

// A data directory that `chipwire ingest` filled from one fixture feed read as
// a local file (tests/fixtures/<feed_fixture>); cli() runs chipwire on it.
struct IngestedStore {
  explicit IngestedStore(const std::string& feed_fixture);
  CommandResult cli(std::vector<std::string> args, const std::string& stdin_text = "") const;

  TempDir dir;
  std::string config;  // dir/chipwire.toml, listing the one feed
  std::string db;      // dir/data
  CommandResult ingest;  // the first ingest: callers check its exit code
};

// One JSON value per non-empty line (the CLI's jsonl output).
std::vector<nlohmann::json> parse_jsonl(const std::string& text);

}  // namespace chipwire::testing
