// `chipwire review serve`: the review queue as a small local web page. Prints
// the URL as the first line on stdout, serves until SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>

#include "cli/command_list.h"
#include "cli/review_server.h"
#include "cli/review_view.h"
#include "cli/store_access.h"

namespace chipwire::cli {

namespace {

std::optional<int> int_flag(const Context& ctx, const std::string& name, int fallback, int min, int max) {
  auto v = ctx.args.get(name);
  if (!v) return fallback;
  char* end = nullptr;
  const long n = std::strtol(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || n < min || n > max) return std::nullopt;
  return static_cast<int>(n);
}

int run_review_serve(Context& ctx) {
  ReviewServerOptions options;
  auto port = int_flag(ctx, "port", 0, 0, 65535);
  if (!port) return fail(kExitUsage, "review serve: --port must be 0..65535 (0 picks a free port)");
  options.port = *port;
  auto wait = int_flag(ctx, "lock-wait", 10, 0, 3600);
  if (!wait) return fail(kExitUsage, "review serve: --lock-wait must be 0..3600 seconds");
  options.lock_wait_seconds = *wait;
  options.bind = ctx.args.get_or("bind", "127.0.0.1");
  options.reviewer = reviewer_name(ctx.args.get_or("by", ""));
  options.log_requests = ctx.verbose;
  int code = kExitOk;
  auto config = load_config_for(ctx, code);
  if (!config) return code;
  options.db_dir = db_dir_for(ctx, *config);

  // Signals go to the loop below, not to the server's threads (they inherit this mask).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto server = ReviewServer::start(options);
  if (!server.ok()) {
    const Status& s = server.status();
    if (s.code() == Code::io_error && s.message().rfind("cannot listen", 0) == 0)
      return fail(kExitUsage, "review serve: " + s.message());
    std::string message = s.message();
    if (message.find(options.db_dir) == std::string::npos) message = options.db_dir + ": " + message;
    return fail(kExitData, message);
  }
  std::printf("%s\n", (*server)->url().c_str());
  std::fflush(stdout);
  if (options.bind != "127.0.0.1" && options.bind != "::1" && options.bind != "localhost")
    std::fprintf(stderr, "chipwire: warning: listening on %s: other machines can read the queue\n",
                 options.bind.c_str());
  std::fprintf(stderr, "serving the review queue of %s as %s; Ctrl-C stops\n", options.db_dir.c_str(),
               options.reviewer.c_str());
  int signal_number = 0;
  while ((*server)->running()) {
    const timespec tick{0, 200'000'000L};
    const int got = sigtimedwait(&stop_signals, nullptr, &tick);
    if (got > 0) {
      signal_number = got;
      break;
    }
  }
  (*server)->stop();
  std::fprintf(stderr, "review server stopped\n");
  return signal_number == 0 ? kExitData : kExitOk;
}

}  // namespace

Command make_review_serve_command() {
  return {"review serve",
          "the review queue as a local web page (list, article view, accept/reject/correct, keys)",
          "[--port N] [--bind ADDR] [--by NAME] [--lock-wait SECONDS]\n\n"
          "Prints the page's URL as the first line on stdout and serves until Ctrl-C or SIGTERM.\n"
          "Listens on 127.0.0.1 unless --bind says otherwise. Requests that change data need the\n"
          "per-run token the page carries. Reads use a read-only view of the store; each decision\n"
          "takes the data directory lock for that decision only (waiting up to --lock-wait seconds\n"
          "for a running ingest), so the server never holds the lock while idle and ingest keeps\n"
          "running from cron beside it.",
          {{"port", true, "port to listen on (default 0: any free port)", "N"},
           {"bind", true, "address to listen on (default 127.0.0.1)", "ADDR"},
           {"by", true, "reviewer name recorded with each decision (default: your login name)", "NAME"},
           {"lock-wait", true, "seconds a decision waits for a running ingest (default 10)", "SECONDS"}},
          run_review_serve};
}

}  // namespace chipwire::cli
