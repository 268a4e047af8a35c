// parse_bench DIR [ROUNDS]: feed parse throughput over every file in DIR,
// next to a pugixml-only load of the same bytes (the floor: no charset work,
// no repairs, no field extraction). Prints MB/s, items/s and the ratio.
#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.h"
#include "feeds/charset.h"
#include "feeds/feed_parser.h"
#include "feeds/xml_prepare.h"

namespace {

struct Doc {
  std::string name;
  std::string bytes;
};

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Best of `rounds` (least disturbed by the other work on the machine), in wall
// time; the best thread CPU time goes to `best_cpu`.
template <typename F>
double best_time(int rounds, F&& f, double& best_cpu) {
  double best = 1e30;
  best_cpu = 1e30;
  for (int r = 0; r < rounds; ++r) {
    double t0 = now_seconds(), c0 = chipwire::thread_cpu_seconds();
    f();
    best = std::min(best, now_seconds() - t0);
    best_cpu = std::min(best_cpu, chipwire::thread_cpu_seconds() - c0);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: parse_bench DIR [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<Doc> docs;
  std::size_t total_bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    docs.push_back({entry.path().filename().string(), ss.str()});
    total_bytes += docs.back().bytes.size();
  }
  std::sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) { return a.name < b.name; });

  std::size_t floor_nodes = 0;
  double floor_cpu = 0, ours_cpu = 0;
  double floor = best_time(rounds, [&] {
    floor_nodes = 0;
    for (const Doc& d : docs) {
      pugi::xml_document doc;
      doc.load_buffer(d.bytes.data(), d.bytes.size(), pugi::parse_default);
      floor_nodes += doc.document_element() ? 1 : 0;
    }
  }, floor_cpu);

  std::size_t items = 0, problems = 0, unknown = 0;
  double ours = best_time(rounds, [&] {
    items = problems = unknown = 0;
    for (const Doc& d : docs) {
      chipwire::ParsedFeed f = chipwire::parse_feed(d.bytes, {});
      items += f.entries.size();
      problems += f.problems.size();
      unknown += f.format == "unknown";
    }
  }, ours_cpu);

  // Stage by stage, as parse_feed runs them: the charset choice with the one
  // scan that validates UTF-8, checks the XML and writes pugixml's copy (long
  // text left out, as markers); the repair pass (documents the check refused,
  // or not UTF-8 as they came); pugixml on the copy.
  double t_decode = 1e30, t_prepare = 1e30, t_load = 1e30;
  std::size_t repaired = 0;
  std::string buffer, side;
  for (int r = 0; r < rounds; ++r) {
  double s_decode = 0, s_prepare = 0, s_load = 0;
  repaired = 0;
  for (const Doc& d : docs) {
    double t0 = now_seconds();
    chipwire::XmlUtf8Scan scan;
    std::string_view scanned;
    chipwire::DecodedDocument dec = chipwire::decode_document(d.bytes, "", [&](std::string_view body) {
      if (buffer.size() < body.size() + chipwire::kXmlCopySlack) buffer.resize(body.size() + chipwire::kXmlCopySlack);
      if (side.size() < body.size() + chipwire::kXmlCopySlack) side.resize(body.size() + chipwire::kXmlCopySlack);
      scan = chipwire::scan_xml_utf8(body, buffer.data(), side.data());
      scanned = body;
      return scan.utf8_valid;
    });
    const std::string_view text = dec.text(d.bytes);
    double t1 = now_seconds();
    chipwire::PreparedXml px;
    char* xml = buffer.data();
    std::size_t xml_size = scan.copy_size;
    if (!(text.data() == scanned.data() && text.size() == scanned.size() && scan.needs_no_repair)) {
      px = chipwire::prepare_xml(text);
      xml = px.xml.data();
      xml_size = px.xml.size();
      ++repaired;
    }
    double t2 = now_seconds();
    pugi::xml_document doc;
    doc.load_buffer_inplace(xml, xml_size, pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    double t3 = now_seconds();
    s_decode += t1 - t0;
    s_prepare += t2 - t1;
    s_load += t3 - t2;
  }
  t_decode = std::min(t_decode, s_decode);
  t_prepare = std::min(t_prepare, s_prepare);
  t_load = std::min(t_load, s_load);
  }

  const double mb = static_cast<double>(total_bytes) / 1e6;
  std::printf("files %zu, %.1f MB, %zu items (%zu problems, %zu unknown), best of %d rounds\n", docs.size(), mb, items,
              problems, unknown, rounds);
  std::printf("%-22s %8.3f s %9.1f MB/s %11.0f items/s\n", "pugixml load (floor)", floor, mb / floor, items / floor);
  std::printf("%-22s %8.3f s %9.1f MB/s %11.0f items/s\n", "chipwire parse_feed", ours, mb / ours, items / ours);
  std::printf("  stages: charset + check + copy (one scan) %.3f s, repair pass (%zu files) %.3f s, pugixml %.3f s,"
              " fields and text %.3f s\n",
              t_decode, repaired, t_prepare, t_load, ours - t_decode - t_prepare - t_load);
  std::printf("ratio to floor: %.2fx (target <= 3x)\n", ours / floor);
  std::printf("  in thread CPU time: floor %.3f s, parse_feed %.3f s, ratio %.2fx\n", floor_cpu, ours_cpu,
              ours_cpu / floor_cpu);
  (void)floor_nodes;
  return 0;
}
