// What an ingest run reports beyond its summary line: Prometheus text metrics
// for node_exporter's textfile collector, and stage times for --stats.
#pragma once

#include <string>

#include "core/status.h"
#include "pipeline/ingest.h"

namespace chipwire {

// Prometheus text exposition format of one run.
std::string format_metrics(const IngestSummary& summary);

// Writes format_metrics() to `path` atomically (temp file in the same folder, then rename).
Status write_metrics_file(const std::string& path, const IngestSummary& summary);

// A few lines: seconds per stage and their share.
std::string format_stage_times(const IngestSummary& summary);

}  // namespace chipwire
