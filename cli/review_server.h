// The review queue over HTTP for `chipwire review serve`: a small page (the
// embedded cli/web/ assets) and the JSON API it uses:
//   GET  /                             the page (carries this run's token)
//   GET  /review.js, /review.css       its script and style
//   GET  /api/items?state=&reason=&feed=&limit=   the queue, counts, reasons
//   GET  /api/items/ID                 one article: segments, actions, flags
//   POST /api/items/ID/decision        {"verdict", "action"?, "note"?, ...}
// Safety: every request must name this server in Host (an IP literal or
// localhost with our port: no DNS rebinding); a POST needs the per-run token in
// X-Chipwire-Token, a JSON body and, when the browser sends one, our own Origin.
// Pages get a Content-Security-Policy without inline script.
//
// Store access: reads go through one reader (a RocksDB secondary, refreshed per
// request); each decision opens the writer for that request only (the data
// directory lock, waited for up to lock_wait_seconds, then released), so an
// ingest from cron is never blocked for longer than one decision.
// Used by cli/cmd_review_serve.cc and tests; one thread starts and stops it.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"

namespace chipwire::cli {

struct ReviewServerOptions {
  std::string db_dir;              // the data directory (must hold a store)
  std::string bind = "127.0.0.1";  // address to listen on
  int port = 0;                    // 0 = any free port
  std::string reviewer;            // recorded as `by` of every decision
  int lock_wait_seconds = 10;      // how long a decision waits for a running ingest
  bool log_requests = false;       // one stderr line per request
};

class ReviewServer {
 public:
  // Opens the reader, binds and starts serving on a thread of its own.
  // not_found/corruption from the store, io_error when the address cannot be bound.
  static Result<std::unique_ptr<ReviewServer>> start(const ReviewServerOptions& options);
  ~ReviewServer();  // stops and joins
  ReviewServer(const ReviewServer&) = delete;
  ReviewServer& operator=(const ReviewServer&) = delete;

  int port() const;
  std::string url() const;  // "http://127.0.0.1:PORT/"
  bool running() const;
  void stop();

  struct Impl;

 private:
  explicit ReviewServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A fresh random token: 32 bytes from the kernel as 64 hex digits.
Result<std::string> random_token();

// True when `host_header` names a server on `port` by an IP literal or
// "localhost" ("127.0.0.1:8080", "[::1]:8080", "localhost:8080").
bool host_is_ours(const std::string& host_header, int port);

}  // namespace chipwire::cli
