// Replays kept fuzz inputs through the libFuzzer entry functions (fuzz/*_fuzz.cc, renamed
// chipwire_fuzz_<target> by this folder's CMakeLists.txt). A crash the fuzzer found gets
// its own TEST_CASE named after its input file; the sweep below replays everything kept.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_support.h"

extern "C" int chipwire_fuzz_feed_parser(const std::uint8_t* data, std::size_t size);
extern "C" int chipwire_fuzz_date_parser(const std::uint8_t* data, std::size_t size);
extern "C" int chipwire_fuzz_html_text(const std::uint8_t* data, std::size_t size);
extern "C" int chipwire_fuzz_url_canonical(const std::uint8_t* data, std::size_t size);
extern "C" int chipwire_fuzz_rule_loader(const std::uint8_t* data, std::size_t size);
extern "C" int chipwire_fuzz_extractor(const std::uint8_t* data, std::size_t size);

namespace {

using FuzzEntry = int (*)(const std::uint8_t*, std::size_t);

struct Target {
  const char* name;
  FuzzEntry entry;
};

const Target kTargets[] = {
    {"feed_parser", chipwire_fuzz_feed_parser}, {"date_parser", chipwire_fuzz_date_parser},
    {"html_text", chipwire_fuzz_html_text},     {"url_canonical", chipwire_fuzz_url_canonical},
    {"rule_loader", chipwire_fuzz_rule_loader}, {"extractor", chipwire_fuzz_extractor},
};

int replay(FuzzEntry entry, const std::filesystem::path& input) {
  const std::string bytes = chipwire::testing::read_file(input);
  return entry(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

// Every regular file of `dir`, sorted; none when it does not exist.
std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("every kept fuzz input and seed replays through its target", "[fuzz]") {
  std::size_t replayed = 0;
  for (const auto& target : kTargets) {
    for (const auto& root : {chipwire::testing::fixture("fuzz"), std::filesystem::path(CHIPWIRE_FUZZ_SEEDS_DIR)}) {
      for (const auto& input : files_in(root / target.name)) {
        INFO(target.name << ": " << input.string());
        CHECK(replay(target.entry, input) == 0);
        ++replayed;
      }
    }
  }
  CHECK(replayed > 0);
}
