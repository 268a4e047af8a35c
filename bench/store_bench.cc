// store_bench: builds stores of synthetic events over 10 years through
// Store::write_article (the ingest path: one WriteBatch per article), one store
// per size, and measures write throughput and the latency of a
// company+type+date-range query at each size, from a reader (secondary
// instance) as `chipwire events` does.
//
//   store_bench [--db DIR] [--events 1000000] [--checkpoints 10000,100000,1000000]
//               [--queries 2000] [--seed 1] [--order date|random]
//   store_bench --db DIR --query-only [--shape A|B|C]   (queries an existing store again)
// With several sizes the stores are DIR-SIZE. Prints one line per size and a
// final summary; bench/store_bench.sh runs it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <ctime>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "core/hash.h"
#include "core/time.h"
#include "storage/store.h"

using namespace chipwire;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// Popularity falls off like 1/rank (Zipf, s=1): a few companies and chips take
// most of the news, as in real coverage.
class Zipf {
 public:
  Zipf(std::size_t n, double s) {
    double sum = 0;
    for (std::size_t i = 1; i <= n; ++i) cdf_.push_back(sum += 1.0 / std::pow(double(i), s));
    for (auto& c : cdf_) c /= sum;
  }
  std::size_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return std::size_t(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

struct World {
  std::vector<std::string> companies, chips, types, actors, targets, sources;
  Zipf company_pick{60, 1.0}, chip_pick{80, 1.0}, type_pick{12, 0.8}, actor_pick{15, 1.2}, source_pick{200, 0.9};
  World() {
    const char* known_companies[] = {"nvidia", "amd", "intel", "tsmc", "huawei", "smic", "asml", "samsung",
                                     "micron", "sk-hynix", "qualcomm", "applied-materials", "lam-research",
                                     "tokyo-electron", "ymtc", "cxmt", "arm", "broadcom", "mediatek", "infineon"};
    for (const char* c : known_companies) companies.push_back(c);
    while (companies.size() < 60) companies.push_back("company-" + std::to_string(companies.size()));
    const char* known_chips[] = {"h100", "h20", "h200", "b200", "b30a", "a100", "mi300x", "mi308", "ascend910b",
                                 "gaudi3"};
    for (const char* c : known_chips) chips.push_back(c);
    while (chips.size() < 80) chips.push_back("chip-" + std::to_string(chips.size()));
    types = {"export_control", "import_approval", "ban", "tariff", "sanction", "license_grant", "investigation",
             "subsidy", "investment", "restriction_lifted", "entity_list", "antitrust"};
    actors = {"US", "CN", "EU", "NL", "JP", "KR", "TW", "DE", "GB", "IN", "FR", "SG", "MY", "VN", "IL"};
    targets = {"CN", "RU", "IR", "US", "TW"};
    for (int i = 0; i < 200; ++i) sources.push_back("outlet" + std::to_string(i) + ".example");
  }
};

const UnixSeconds kStart = to_unix(2016, 1, 1, 0, 0, 0);
const UnixSeconds kSpan = to_unix(2026, 1, 1, 0, 0, 0) - kStart;

Action random_action(const World& w, std::mt19937_64& rng) {
  Action a;
  a.type = w.types[w.type_pick(rng)];
  if (rng() % 10) a.actor = w.actors[w.actor_pick(rng)];
  a.companies.push_back(w.companies[w.company_pick(rng)]);
  if (rng() % 4 == 0) a.companies.push_back(w.companies[w.company_pick(rng)]);
  std::sort(a.companies.begin(), a.companies.end());
  a.companies.erase(std::unique(a.companies.begin(), a.companies.end()), a.companies.end());
  if (rng() % 2) a.chips.push_back(w.chips[w.chip_pick(rng)]);
  if (rng() % 3 == 0) a.target_country = w.targets[rng() % w.targets.size()];
  a.modality = rng() % 4 == 0 ? "planned" : "asserted";
  a.evidence = {0, 80};
  a.rule = "bench/" + a.type;
  a.confidence = 0.8;
  return a;
}

struct Recent {
  Action action;
  UnixSeconds date;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, std::size_t(p * double(v.size())));
  return v[i];
}

struct QueryFigures {
  double median_ms = 0, p99_ms = 0, cpu_median_ms = 0, cpu_p99_ms = 0, mean_results = 0;
};

// CPU time of this thread: the query's own cost, whatever else the machine runs.
double thread_cpu_ms() { return chipwire::thread_cpu_seconds() * 1e3; }

enum class Shape {
  page_1y,    // A: any company+type (Zipf), 1-year range, newest 100
  all_30d,    // B: any company+type (Zipf), 30-day range, every match
  fixed_20,   // C: a top-5 company + top-3 type, 5-year range, newest 20: the same result count at every size
};

QueryFigures run_queries(Store& reader, const World& w, int count, Shape shape, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> ms, cpu;
  double results = 0;
  for (int i = 0; i < count + 50; ++i) {
    EventQuery q;
    q.company = w.companies[shape == Shape::fixed_20 ? rng() % 5 : w.company_pick(rng)];
    q.type = w.types[shape == Shape::fixed_20 ? rng() % 3 : w.type_pick(rng)];
    const UnixSeconds year = 365 * 86400;
    const UnixSeconds range = shape == Shape::all_30d ? 30 * 86400 : shape == Shape::page_1y ? year : 5 * year;
    q.since = kStart + UnixSeconds(rng() % std::uint64_t(kSpan - range));
    q.until = *q.since + range;
    q.limit = shape == Shape::all_30d ? 0 : shape == Shape::page_1y ? 100 : 20;
    const double c0 = thread_cpu_ms();
    const auto t0 = Clock::now();
    auto r = reader.events(q);
    const double took = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    const double cpu_took = thread_cpu_ms() - c0;
    if (!r.ok()) {
      std::fprintf(stderr, "query failed: %s\n", r.status().message().c_str());
      std::exit(1);
    }
    if (i < 50) continue;  // warm-up
    ms.push_back(took);
    cpu.push_back(cpu_took);
    results += double(r->size());
  }
  return {percentile(ms, 0.5), percentile(ms, 0.99), percentile(cpu, 0.5), percentile(cpu, 0.99), results / count};
}

std::uint64_t dir_bytes(const fs::path& p) {
  std::uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(p, ec))
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  return n;
}

// How articles are dated as the store is written.
enum class Order {
  by_date,  // in date order, as a running ingest writes them (the default)
  random,   // dates drawn at random over the ten years: a backfill of an archive, the worst case
};

void print_header(Order order = Order::by_date) {
  std::printf("# store_bench: synthetic events 2016-2025, 60 companies / 80 chips / 12 types (Zipf), "
              "~15%% of articles re-report an event from another outlet; one store per size, written %s\n",
              order == Order::by_date ? "in date order (as an ingest does)" : "in random date order (--order random)");
  std::printf("# query A: company+type (Zipf), 1-year range, newest 100 (--limit 100); B: company+type (Zipf),\n"
              "# 30-day range, every match; C: top-5 company + top-3 type, 5-year range, newest 20 (same result\n"
              "# count at every size). Wall-clock and thread-CPU ms, median/p99; n = mean results per query.\n");
  std::printf("%-8s %-8s %-8s %-10s %-7s | %-36s | %-36s | %-36s\n", "events", "articles", "write_s", "articles/s",
              "db_MB", "A wall med/p99  cpu med/p99   n", "B wall med/p99  cpu med/p99   n",
              "C wall med/p99  cpu med/p99   n");
}

struct Shapes {
  QueryFigures page, all, fixed;
};

// The three query shapes from a fresh reader (a secondary instance, as `chipwire events` opens).
// `only` (A, B or C) runs that shape alone, for profiling; the others stay zero.
std::optional<Shapes> query_shapes(const std::string& db, const World& world, int queries, std::uint64_t seed,
                                   char only = 0) {
  auto reader_r = Store::open(db, StoreOptions{});
  if (!reader_r.ok()) {
    std::fprintf(stderr, "reader: %s\n", reader_r.status().message().c_str());
    return std::nullopt;
  }
  auto& reader = *reader_r.value();
  Shapes out;
  if (only == 0 || only == 'A') out.page = run_queries(reader, world, queries, Shape::page_1y, seed);
  if (only == 0 || only == 'B') out.all = run_queries(reader, world, queries, Shape::all_30d, seed + 1);
  if (only == 0 || only == 'C') out.fixed = run_queries(reader, world, queries, Shape::fixed_20, seed + 2);
  return out;
}

void print_row(std::uint64_t events, std::uint64_t articles, double write_seconds, double articles_per_s,
               const std::string& db, const Shapes& q) {
  std::printf("%-8llu %-8llu %-8.1f %-10.0f %-7.0f | %6.3f/%6.3f %6.3f/%6.3f %5.1f | %6.3f/%6.3f %6.3f/%6.3f %5.1f"
              " | %6.3f/%6.3f %6.3f/%6.3f %5.1f\n",
              (unsigned long long)events, (unsigned long long)articles, write_seconds, articles_per_s,
              double(dir_bytes(db)) / 1e6, q.page.median_ms, q.page.p99_ms, q.page.cpu_median_ms, q.page.cpu_p99_ms,
              q.page.mean_results, q.all.median_ms, q.all.p99_ms, q.all.cpu_median_ms, q.all.cpu_p99_ms,
              q.all.mean_results, q.fixed.median_ms, q.fixed.p99_ms, q.fixed.cpu_median_ms, q.fixed.cpu_p99_ms,
              q.fixed.mean_results);
  std::fflush(stdout);
}


struct Totals {
  std::uint64_t events = 0, articles = 0, mentions = 0;
  double write_seconds = 0;  // in write_article (and the final flush)
};

// Writes a store of `size` events spanning the ten years through write_article,
// one batch per article as an ingest does, and closes it.
std::optional<Totals> build_store(const std::string& dir, std::uint64_t size, Order order, std::uint64_t seed) {
  StoreOptions wo;
  wo.mode = OpenMode::writer;
  auto opened = Store::open(dir, wo);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().message().c_str());
    return std::nullopt;
  }
  std::unique_ptr<Store> store = std::move(opened.value());
  World world;
  std::mt19937_64 rng(seed);
  std::deque<Recent> recent;  // events a later article may report again
  Totals t;
  while (t.events < size) {
    // In date order the clock runs through the ten years as the events accrue.
    const UnixSeconds clock = kStart + UnixSeconds(double(kSpan) * double(t.events) / double(size));
    if (order == Order::by_date)
      while (!recent.empty() && recent.front().date < clock - 2 * 86400) recent.pop_front();
    ArticleWrite w;
    Action action;
    UnixSeconds date;
    if (!recent.empty() && rng() % 100 < 15) {
      // Another outlet reports a recent event within two days.
      const Recent& r = recent[rng() % recent.size()];
      action = r.action;
      date = r.date + UnixSeconds(rng() % (2 * 86400));
    } else {
      action = random_action(world, rng);
      date = order == Order::by_date ? clock + UnixSeconds(rng() % 3600)
                                     : kStart + UnixSeconds(rng() % std::uint64_t(kSpan));
    }
    const std::uint64_t n = t.articles++;
    const std::string url = "https://bench.example/" + std::to_string(n);
    w.article.id = hash_hex128(url);
    w.article.url = url;
    w.article.feed_id = "feed" + std::to_string(n % 60);
    w.article.feeds = {w.article.feed_id};
    w.article.title = action.type + " " + action.companies.front() + " " + std::to_string(n);
    w.article.text = "Synthetic article " + std::to_string(n) + " about " + action.type + " by " +
                     action.actor.value_or("someone") + " concerning " + action.companies.front() +
                     (action.chips.empty() ? std::string() : " and the " + action.chips.front()) + ".";
    w.article.published = date;
    w.article.first_seen = date + 1800;
    w.article.last_seen = date + 1800;
    w.article.content_hash = hash_hex128(w.article.title + "\n" + w.article.text);
    w.article.source = world.sources[world.source_pick(rng)];
    w.extraction.actions = {action};
    w.rule_pack_version = "bench";
    const auto t0 = Clock::now();
    auto out = store->write_article(std::move(w));
    t.write_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    if (!out.ok()) {
      std::fprintf(stderr, "write failed: %s\n", out.status().message().c_str());
      return std::nullopt;
    }
    t.events += std::uint64_t(out->new_events);
    t.mentions += std::uint64_t(out->new_mentions);
    if (out->new_events > 0) {
      if (recent.size() >= 5000) recent.pop_front();
      recent.push_back({action, date});
    }
  }
  // The store as an ingest leaves it: flushed and closed, so no compaction of
  // the writer competes with the queries for the cores.
  const auto t0 = Clock::now();
  if (!store->flush().ok()) return std::nullopt;
  store.reset();
  t.write_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  std::uint64_t target = 1000000;
  std::vector<std::uint64_t> checkpoints;
  int queries = 2000;
  std::uint64_t seed = 1;
  bool query_only = false;
  char only_shape = 0;
  Order order = Order::by_date;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--query-only") {
      query_only = true;
      --i;
      continue;
    }
    if (i + 1 == argc) {
      std::fprintf(stderr, "%s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[i + 1];
    if (flag == "--db") {
      db = value;
    } else if (flag == "--events") {
      target = std::stoull(value);
    } else if (flag == "--queries") {
      queries = std::stoi(value);
    } else if (flag == "--order") {
      if (value != "date" && value != "random") {
        std::fprintf(stderr, "--order is date or random\n");
        return 2;
      }
      order = value == "date" ? Order::by_date : Order::random;
    } else if (flag == "--shape") {
      only_shape = value.empty() ? 0 : value[0];
    } else if (flag == "--seed") {
      seed = std::stoull(value);
    } else if (flag == "--checkpoints") {
      std::size_t at = 0;
      while (at < value.size()) {
        const std::size_t comma = value.find(',', at);
        checkpoints.push_back(std::stoull(value.substr(at, comma - at)));
        at = comma == std::string::npos ? value.size() : comma + 1;
      }
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (checkpoints.empty()) checkpoints = {10000, 100000, 1000000};
  checkpoints.erase(std::remove_if(checkpoints.begin(), checkpoints.end(), [&](auto c) { return c > target; }),
                    checkpoints.end());
  if (checkpoints.empty() || checkpoints.back() != target) checkpoints.push_back(target);
  const bool temp_db = db.empty();
  if (temp_db) db = (fs::temp_directory_path() / ("chipwire-store-bench-" + std::to_string(::getpid()))).string();
  if (query_only) {
    auto shapes = query_shapes(db, World{}, queries, seed + target, only_shape);
    if (!shapes) return 3;
    print_header();
    print_row(0, 0, 0, 0, db, *shapes);
    return 0;
  }
  if (fs::exists(db)) {
    std::fprintf(stderr, "%s exists; give a new --db\n", db.c_str());
    return 2;
  }
  print_header(order);
  Totals total;
  for (const std::uint64_t size : checkpoints) {
    // One store per size, each spanning the ten years.
    const std::string dir = checkpoints.size() == 1 ? db : db + "-" + std::to_string(size);
    if (fs::exists(dir)) {
      std::fprintf(stderr, "%s exists; give a new --db\n", dir.c_str());
      return 2;
    }
    auto built = build_store(dir, size, order, seed);
    if (!built) return 3;
    auto shapes = query_shapes(dir, World{}, queries, seed + size);
    if (!shapes) return 3;
    print_row(built->events, built->articles, built->write_seconds,
              double(built->articles) / built->write_seconds, dir, *shapes);
    total.events += built->events;
    total.articles += built->articles;
    total.mentions += built->mentions;
    total.write_seconds += built->write_seconds;
    if (temp_db) fs::remove_all(dir);
  }
  std::printf("# total: %llu events from %llu articles (%llu mentions) in %.1f s of writes: %.0f articles/s\n",
              (unsigned long long)total.events, (unsigned long long)total.articles,
              (unsigned long long)total.mentions, total.write_seconds, double(total.articles) / total.write_seconds);
  return 0;
}
