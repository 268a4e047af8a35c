#include "pipeline/metrics.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace chipwire {

std::string format_metrics(const IngestSummary& s) {
  std::string out;
  auto metric = [&](const char* name, const char* type, const char* help, const std::string& samples) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + samples;
  };
  auto line = [](const std::string& name, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " %.6g\n", v);
    return name + buf;
  };
  metric("chipwire_ingest_feeds", "gauge", "Feeds by outcome in the last ingest run.",
         line("chipwire_ingest_feeds{outcome=\"polled\"}", s.feeds_polled) +
             line("chipwire_ingest_feeds{outcome=\"unchanged\"}", s.feeds_unchanged) +
             line("chipwire_ingest_feeds{outcome=\"failed\"}", s.feeds_failed) +
             line("chipwire_ingest_feeds{outcome=\"not_due\"}", s.feeds_skipped));
  std::string errors;
  for (const auto& [type, n] : s.errors_by_type) errors += line("chipwire_ingest_feed_errors{type=\"" + type + "\"}", n);
  metric("chipwire_ingest_feed_errors", "gauge", "Failed feeds by error type in the last ingest run.", errors);
  metric("chipwire_ingest_items", "gauge", "Items read in the last ingest run.", line("chipwire_ingest_items", static_cast<double>(s.items)));
  metric("chipwire_ingest_new_articles", "gauge", "New articles stored by the last ingest run.",
         line("chipwire_ingest_new_articles", static_cast<double>(s.new_articles)));
  metric("chipwire_ingest_new_events", "gauge", "New events stored by the last ingest run.",
         line("chipwire_ingest_new_events", static_cast<double>(s.new_events)));
  metric("chipwire_ingest_flags", "gauge", "Articles flagged for review by the last ingest run.",
         line("chipwire_ingest_flags", static_cast<double>(s.flags)));
  metric("chipwire_ingest_stage_seconds", "gauge", "Seconds spent per stage in the last ingest run.",
         line("chipwire_ingest_stage_seconds{stage=\"setup\"}", s.stages.setup) +
             line("chipwire_ingest_stage_seconds{stage=\"fetch\"}", s.stages.fetch) +
             line("chipwire_ingest_stage_seconds{stage=\"parse\"}", s.stages.parse) +
             line("chipwire_ingest_stage_seconds{stage=\"extract\"}", s.stages.extract) +
             line("chipwire_ingest_stage_seconds{stage=\"store\"}", s.stages.store) +
             line("chipwire_ingest_stage_seconds{stage=\"commit\"}", s.stages.commit) +
             line("chipwire_ingest_stage_seconds{stage=\"flush\"}", s.stages.final_flush) +
             line("chipwire_ingest_stage_seconds{stage=\"close\"}", s.stages.close));
  metric("chipwire_ingest_stage_cpu_seconds", "gauge", "CPU seconds per thread group in the last ingest run.",
         line("chipwire_ingest_stage_cpu_seconds{stage=\"fetch\"}", s.stages.fetch_cpu) +
             line("chipwire_ingest_stage_cpu_seconds{stage=\"workers\"}", s.stages.workers_cpu) +
             line("chipwire_ingest_stage_cpu_seconds{stage=\"store\"}", s.stages.store_cpu) +
             line("chipwire_ingest_stage_cpu_seconds{stage=\"total\"}", s.stages.total_cpu));
  metric("chipwire_ingest_duration_seconds", "gauge", "Wall time of the last ingest run.",
         line("chipwire_ingest_duration_seconds", s.seconds));
  metric("chipwire_ingest_interrupted", "gauge", "1 when the last run was stopped by a signal.",
         line("chipwire_ingest_interrupted", s.interrupted ? 1 : 0));
  return out;
}

Status write_metrics_file(const std::string& path, const IngestSummary& summary) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return Status::io(tmp + ": cannot write metrics");
    out << format_metrics(summary);
    out.flush();
    if (!out) return Status::io(tmp + ": cannot write metrics");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Status::io(path + ": cannot replace metrics file");
  }
  return {};
}

std::string format_stage_times(const IngestSummary& s) {
  const StageTimes& t = s.stages;
  char buf[1600];
  std::snprintf(buf, sizeof buf,
                "stage     wall s    cpu s\n"
                "setup    %7.3f        -  (config, rule pack, opening the store)\n"
                "fetch    %7.3f  %7.3f  (one thread driving all transfers; wall includes waiting on full queues)\n"
                "parse    %7.3f        -  (summed over workers)\n"
                "extract  %7.3f        -  (summed over workers)\n"
                "workers        -  %7.3f  (the pool: parse, extract, articles)\n"
                "store    %7.3f  %7.3f  (writer thread)\n"
                "commit   %7.3f        -  (of which in RocksDB's writes: memtables, waits for flushes)\n"
                "flush    %7.3f        -  (after the writer: the last flush, which makes the run's writes durable)\n"
                "total    %7.3f  %7.3f  (wall; CPU of the process, RocksDB's threads included)\n"
                "close    %7.3f        -  (closing the store)\n",
                t.setup, t.fetch, t.fetch_cpu, t.parse, t.extract, t.workers_cpu, t.store, t.store_cpu, t.commit,
                t.final_flush, s.seconds, t.total_cpu, t.close);
  return buf;
}

}  // namespace chipwire
