// `chipwire backup DIR` and `chipwire prune --before DATE`: keeping a store.
#include <cstdio>

#include "cli/command_list.h"
#include "cli/store_access.h"
#include "core/time.h"

namespace chipwire::cli {

namespace {

int run_backup(Context& ctx) {
  if (ctx.args.positionals.size() != 1) return fail(kExitUsage, "backup: give the folder to write (must not exist)");
  int code = kExitOk;
  // A reader's checkpoint would miss what the writer has not flushed; a checkpoint
  // needs the primary, so take the lock (waiting for a running ingest).
  auto session = open_writer_session(ctx, 600, code);
  if (!session) return code;
  if (Status s = session->store->backup(ctx.args.positionals[0]); !s.ok()) return fail(kExitData, s.message());
  std::fprintf(stderr, "backup written to %s\n", ctx.args.positionals[0].c_str());
  return kExitOk;
}

int run_prune(Context& ctx) {
  auto before_text = ctx.args.get("before");
  if (!before_text) return fail(kExitUsage, "prune: --before DATE is required");
  auto before = parse_iso_date(*before_text);
  if (!before) return fail(kExitUsage, "prune: --before wants an ISO date like 2025-01-01");
  int code = kExitOk;
  auto session = open_writer_session(ctx, 600, code);
  if (!session) return code;
  auto out = session->store->prune(*before);
  if (!out.ok()) return fail(kExitData, out.status().message());
  std::printf("pruned %llu articles, %llu earlier revisions, %llu kept bodies; events and counts kept\n",
              static_cast<unsigned long long>(out->articles_removed),
              static_cast<unsigned long long>(out->revisions_removed),
              static_cast<unsigned long long>(out->raw_removed));
  return kExitOk;
}

}  // namespace

Command make_backup_command() {
  return {"backup", "write a consistent copy of the store (RocksDB checkpoint) to a new folder", "DIR", {}, run_backup};
}

Command make_prune_command() {
  return {"prune", "drop raw bodies and articles last seen before DATE; events and their counts stay",
          "--before DATE", {{"before", true, "cut-off date (ISO)", "DATE"}}, run_prune};
}

}  // namespace chipwire::cli
