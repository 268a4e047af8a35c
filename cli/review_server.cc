// `chipwire review serve`'s HTTP server on cpp-httplib (see review_server.h).
#include "cli/review_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/review_json.h"
#include "cli/web/web_assets.h"
#include "pipeline/lock.h"
#include "storage/store.h"

namespace chipwire::cli {

namespace {

using nlohmann::json;

constexpr const char* kTokenHeader = "X-Chipwire-Token";
constexpr const char* kTokenPlaceholder = "@CHIPWIRE_TOKEN@";
constexpr std::size_t kMaxItems = 2000;

bool equal_in_constant_time(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(dump_json(body), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, json{{"error", message}});
}

int http_status_for(const Status& s) {
  switch (s.code()) {
    case Code::invalid_argument:
      return 400;
    case Code::not_found:
      return 404;
    case Code::busy:
      return 503;
    default:
      return 500;
  }
}

}  // namespace

// The reader shared by every request and the per-decision writer. One request
// at a time uses the reader (a Store is used from one thread at a time) and one
// decision at a time opens the writer; reads go on while a decision waits.
struct ReviewServer::Impl {
  ReviewServerOptions options;
  std::string token;
  std::string page;  // review.html with the token filled in
  int port = 0;
  httplib::Server http;
  std::thread thread;
  std::mutex store_mu;  // guards reader
  std::unique_ptr<Store> reader;
  std::mutex write_mu;  // one decision at a time

  Status open_reader() {
    auto store = Store::open(options.db_dir, StoreOptions{OpenMode::reader, "", {}});
    if (!store.ok()) return store.status();
    reader = std::move(store.value());
    return {};
  }

  // REQUIRES: store_mu held. The reader, caught up with the writer.
  Result<Store*> fresh_reader() {
    if (reader && reader->refresh().ok()) return reader.get();
    reader.reset();  // a failed catch-up: start over with a new secondary
    if (Status s = open_reader(); !s.ok()) return s;
    return reader.get();
  }

  // REQUIRES: write_mu held. Takes the lock, opens the writer, decides, closes.
  Status decide(const ReviewDecision& decision) {
    auto lock = DataDirLock::acquire_waiting(options.db_dir, options.lock_wait_seconds);
    if (!lock.ok()) {
      if (lock.status().code() == Code::busy)
        return Status::busy("an ingest holds the data directory; try again in a moment");
      return lock.status();
    }
    auto writer = Store::open(options.db_dir, StoreOptions{OpenMode::writer, "", {}});
    if (!writer.ok()) return writer.status();
    if (Status s = (*writer)->decide(decision); !s.ok()) return s;
    return (*writer)->flush();
  }

  void routes();
  bool allowed(const httplib::Request& req, httplib::Response& res) const;
  void list_items(const httplib::Request& req, httplib::Response& res);
  void show_item(const httplib::Request& req, httplib::Response& res);
  void post_decision(const httplib::Request& req, httplib::Response& res);
  void detail(Store& store, const std::string& id, httplib::Response& res);
};

Result<std::string> random_token() {
  unsigned char bytes[32];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::io("getrandom failed");
    }
    got += static_cast<std::size_t>(n);
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

bool host_is_ours(const std::string& host_header, int port) {
  std::string host;
  std::string port_text;
  if (!host_header.empty() && host_header[0] == '[') {
    const std::size_t close = host_header.find(']');
    if (close == std::string::npos || close + 1 >= host_header.size() || host_header[close + 1] != ':') return false;
    host = host_header.substr(1, close - 1);
    port_text = host_header.substr(close + 2);
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) != 1) return false;
  } else {
    const std::size_t colon = host_header.rfind(':');
    if (colon == std::string::npos) return false;
    host = host_header.substr(0, colon);
    port_text = host_header.substr(colon + 1);
    in_addr v4{};
    if (host != "localhost" && inet_pton(AF_INET, host.c_str(), &v4) != 1) return false;
  }
  return port_text == std::to_string(port);
}

// Host on every request; for writes also the token, a JSON body and our Origin;
// API reads refuse cross-site fetches.
bool ReviewServer::Impl::allowed(const httplib::Request& req, httplib::Response& res) const {
  const std::string host = req.get_header_value("Host");
  if (!host_is_ours(host, port)) {
    send_error(res, 403, "this server answers only to its own address (Host: 127.0.0.1:" + std::to_string(port) + ")");
    return false;
  }
  const std::string origin = req.get_header_value("Origin");
  const bool api = req.path.rfind("/api/", 0) == 0;
  const std::string fetch_site = req.get_header_value("Sec-Fetch-Site");
  if (api && (fetch_site == "cross-site" || fetch_site == "same-site")) {
    send_error(res, 403, "cross-site requests are refused");
    return false;
  }
  if (req.method == "GET" || req.method == "HEAD") {
    if (api && !origin.empty() && origin != "http://" + host) {
      send_error(res, 403, "cross-origin requests are refused");
      return false;
    }
    return true;
  }
  if (req.method != "POST") {
    send_error(res, 405, "method not allowed");
    return false;
  }
  if (!origin.empty() && origin != "http://" + host) {
    send_error(res, 403, "cross-origin requests are refused");
    return false;
  }
  if (!req.has_header(kTokenHeader) || !equal_in_constant_time(req.get_header_value(kTokenHeader), token)) {
    send_error(res, 403, "missing or wrong X-Chipwire-Token (reload the page)");
    return false;
  }
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    send_error(res, 415, "send JSON (Content-Type: application/json)");
    return false;
  }
  return true;
}

void ReviewServer::Impl::list_items(const httplib::Request& req, httplib::Response& res) {
  const std::string state = req.has_param("state") ? req.get_param_value("state") : "open";
  if (state != "open" && state != "accepted" && state != "rejected" && state != "all")
    return send_error(res, 400, "state must be open, accepted, rejected or all");
  const std::string reason = req.get_param_value("reason");
  std::size_t limit = kMaxItems;
  if (req.has_param("limit")) {
    limit = static_cast<std::size_t>(std::strtoul(req.get_param_value("limit").c_str(), nullptr, 10));
    if (limit == 0 || limit > kMaxItems) limit = kMaxItems;
  }
  std::lock_guard<std::mutex> hold(store_mu);
  auto store = fresh_reader();
  if (!store.ok()) return send_error(res, 500, store.status().message());
  ReviewQuery query;
  if (req.has_param("feed") && !req.get_param_value("feed").empty()) query.feed = req.get_param_value("feed");
  auto items = (*store)->review_items(query);
  if (!items.ok()) return send_error(res, 500, items.status().message());
  json counts = {{"open", 0}, {"accepted", 0}, {"rejected", 0}};
  std::vector<std::string> reasons;
  json rows = json::array();
  std::size_t matched = 0;
  for (const ReviewItem& item : *items) {
    if (counts.contains(item.state)) counts[item.state] = counts[item.state].get<int>() + 1;
    if (state != "all" && item.state != state) continue;
    bool has_reason = reason.empty();
    for (const Flag& f : item.reasons) {
      if (std::find(reasons.begin(), reasons.end(), f.reason) == reasons.end()) reasons.push_back(f.reason);
      if (f.reason == reason) has_reason = true;
    }
    if (!has_reason) continue;
    ++matched;
    if (rows.size() >= limit) continue;
    auto article = (*store)->article(item.article_id);
    const Article* a = article.ok() && article->has_value() ? &**article : nullptr;
    rows.push_back(review_item_json(item, a));
  }
  std::sort(reasons.begin(), reasons.end());
  send_json(res, 200,
            json{{"items", rows},
                 {"matched", matched},
                 {"counts", counts},
                 {"reasons", reasons},
                 {"reviewer", options.reviewer}});
}

void ReviewServer::Impl::detail(Store& store, const std::string& id, httplib::Response& res) {
  auto stored = store.stored_article(id);
  if (!stored.ok()) return send_error(res, 500, stored.status().message());
  if (!stored->has_value()) return send_error(res, 404, "no article " + id);
  auto item = store.review_item(id);
  auto decisions = store.decisions(id);
  if (!item.ok() || !decisions.ok()) return send_error(res, 500, "cannot read the review state of " + id);
  send_json(res, 200, review_detail_json(item->has_value() ? &**item : nullptr, **stored, *decisions));
}

void ReviewServer::Impl::show_item(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard<std::mutex> hold(store_mu);
  auto store = fresh_reader();
  if (!store.ok()) return send_error(res, 500, store.status().message());
  detail(**store, req.matches[1], res);
}

void ReviewServer::Impl::post_decision(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  std::lock_guard<std::mutex> one_writer(write_mu);
  std::optional<Result<ReviewDecision>> decision;
  {
    std::lock_guard<std::mutex> hold(store_mu);
    auto store = fresh_reader();
    if (!store.ok()) return send_error(res, 500, store.status().message());
    auto stored = (*store)->stored_article(id);
    if (!stored.ok()) return send_error(res, 500, stored.status().message());
    if (!stored->has_value()) return send_error(res, 404, "no article " + id);
    decision.emplace(decision_from_json(req.body, **stored));
  }
  if (!decision->ok()) return send_error(res, http_status_for(decision->status()), decision->status().message());
  ReviewDecision& d = decision->value();
  d.by = options.reviewer;
  // Reads go on while this waits for a running ingest's lock.
  if (Status s = decide(d); !s.ok()) return send_error(res, http_status_for(s), s.message());
  std::lock_guard<std::mutex> hold(store_mu);
  std::fprintf(stderr, "%s %s%s by %s\n", d.verdict.c_str(), id.c_str(),
               d.action ? (" action " + identity_key(*d.action)).c_str() : "", options.reviewer.c_str());
  auto caught_up = fresh_reader();
  if (!caught_up.ok()) return send_error(res, 500, caught_up.status().message());
  detail(**caught_up, id, res);
}

void ReviewServer::Impl::routes() {
  http.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  });
  http.set_payload_max_length(std::size_t{64} * 1024);
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return allowed(req, res) ? httplib::Server::HandlerResponse::Unhandled : httplib::Server::HandlerResponse::Handled;
  });
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (options.log_requests) std::fprintf(stderr, "%s %s -> %d\n", req.method.c_str(), req.path.c_str(), res.status);
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
    send_error(res, 500, "internal error");
  });
  http.Get("/", [this](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(page, "text/html; charset=utf-8");
  });
  http.Get(R"(/(review\.(?:js|css)))", [](const httplib::Request& req, httplib::Response& res) {
    const web::WebAsset* asset = web::find_web_asset(req.matches[1].str());
    if (!asset) return send_error(res, 404, "not found");
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::string(asset->body), std::string(asset->content_type));
  });
  http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
  http.Get("/api/items", [this](const httplib::Request& req, httplib::Response& res) { list_items(req, res); });
  http.Get(R"(/api/items/([0-9a-f]{1,64}))",
           [this](const httplib::Request& req, httplib::Response& res) { show_item(req, res); });
  http.Post(R"(/api/items/([0-9a-f]{1,64})/decision)",
            [this](const httplib::Request& req, httplib::Response& res) { post_decision(req, res); });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) send_error(res, res.status, res.status == 404 ? "not found" : "request refused");
  });
}

Result<std::unique_ptr<ReviewServer>> ReviewServer::start(const ReviewServerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto token = random_token();
  if (!token.ok()) return token.status();
  impl->token = *token;
  const web::WebAsset* html = web::find_web_asset("review.html");
  if (!html) return Status::corruption("the review page was not built into this binary");
  impl->page = std::string(html->body);
  const std::size_t at = impl->page.find(kTokenPlaceholder);
  if (at == std::string::npos) return Status::corruption("the review page has no token placeholder");
  impl->page.replace(at, std::string(kTokenPlaceholder).size(), impl->token);
  if (Status s = impl->open_reader(); !s.ok()) return s;
  impl->routes();
  if (options.port == 0) {
    impl->port = impl->http.bind_to_any_port(options.bind);
  } else {
    impl->port = impl->http.bind_to_port(options.bind, options.port) ? options.port : -1;
  }
  if (impl->port <= 0)
    return Status::io("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                      " (address in use, or not an address of this machine)");
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->http.listen_after_bind(); });
  // stop() only stops a server that runs: wait for the thread to get there.
  for (int i = 0; i < 500 && !impl->http.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return std::unique_ptr<ReviewServer>(new ReviewServer(std::move(impl)));
}

ReviewServer::ReviewServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ReviewServer::~ReviewServer() { stop(); }

void ReviewServer::stop() {
  if (!impl_) return;
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int ReviewServer::port() const { return impl_->port; }

bool ReviewServer::running() const { return impl_->http.is_running(); }

std::string ReviewServer::url() const {
  std::string host = impl_->options.bind;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(impl_->port) + "/";
}

}  // namespace chipwire::cli
