// The fetcher's driver: one thread, one curl multi handle, a queue per host,
// and a loop of perform/poll that starts queued transfers as slots free up.
#include "feeds/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "feeds/fetch_local.h"
#include "feeds/fetch_transfer.h"

namespace chipwire {

const char* fetch_error_name(FetchError e) {
  switch (e) {
    case FetchError::none: return "none";
    case FetchError::bad_url: return "bad_url";
    case FetchError::blocked_address: return "blocked_address";
    case FetchError::dns: return "dns";
    case FetchError::connect: return "connect";
    case FetchError::tls: return "tls";
    case FetchError::timeout: return "timeout";
    case FetchError::too_large: return "too_large";
    case FetchError::too_many_redirects: return "too_many_redirects";
    case FetchError::http_4xx: return "http_4xx";
    case FetchError::http_5xx: return "http_5xx";
    case FetchError::rate_limited: return "rate_limited";
    case FetchError::io: return "io";
    case FetchError::not_a_feed: return "not_a_feed";
    case FetchError::parse: return "parse";
    case FetchError::other: return "other";
  }
  return "other";
}

std::optional<FetchError> fetch_error_from_name(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(FetchError::other); ++i) {
    const auto e = static_cast<FetchError>(i);
    if (name == fetch_error_name(e)) return e;
  }
  return std::nullopt;
}

namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// "host:port" of an http(s) URL, lowercased; "" when curl cannot parse it.
std::string host_key_of(const std::string& url) {
  CURLU* u = curl_url();
  if (u == nullptr) return "";
  std::string key;
  char* host = nullptr;
  char* port = nullptr;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK && host != nullptr &&
      host[0] != '\0') {
    key = std::string(host) + ":" + (port != nullptr ? port : "");
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  }
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(u);
  return key;
}

FetchResult immediate_failure(const FetchRequest& request, FetchError error, const std::string& reason,
                              bool stopped = false) {
  FetchResult r;
  r.error = error;
  r.final_url = request.url;
  r.stopped = stopped;
  r.error_message = "fetch " + request.url + ": " + fetch_error_name(error) + ": " + reason;
  return r;
}

struct HostQueue {
  std::deque<std::size_t> waiting;  // request indexes, in request order
  int running = 0;
};

// A started transfer and the request it reads (which must outlive it: the
// transfer is declared last, so it is destroyed first).
struct Active {
  std::unique_ptr<FetchRequest> request;
  std::unique_ptr<FetchTransfer> transfer;
};

// One fetch run: the multi handle, the queues and the transfers in flight.
class Run {
 public:
  Run(const FetcherOptions& options, const std::function<FetchRequest(std::size_t)>& request_at,
      const std::function<void(std::size_t, FetchResult&&)>& on_done)
      : options_(options), request_at_(request_at), on_done_(on_done), multi_(curl_multi_init()) {
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(std::max(1, options_.max_parallel)));
    // Applies to redirect hops too, which may land on a host other than the one queued for.
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(std::max(1, options_.max_per_host)));
  }
  ~Run() {
    for (auto& [easy, active] : running_) curl_multi_remove_handle(multi_, easy);
    running_.clear();
    curl_multi_cleanup(multi_);
  }
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  void enqueue(std::size_t index, const std::string& host_key) {
    auto [it, inserted] = hosts_.try_emplace(host_key);
    if (inserted) host_order_.push_back(host_key);
    it->second.waiting.push_back(index);
    ++waiting_;
  }

  bool busy() const { return waiting_ > 0 || !running_.empty(); }

  // One turn of the loop: start what fits, let curl work, report what finished, wait a little.
  void step() {
    start_ready();
    int still_running = 0;
    curl_multi_perform(multi_, &still_running);
    collect_finished();
    start_ready();
    if (!running_.empty()) curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
  }

  // Aborts everything in flight and answers everything still waiting, all as stopped.
  void stop() {
    for (auto& [easy, active] : running_) {
      curl_multi_remove_handle(multi_, easy);
      FetchResult r = active.transfer->stopped();
      on_done_(active.transfer->index(), std::move(r));
    }
    running_.clear();
    for (const std::string& host : host_order_) {
      for (std::size_t index : hosts_[host].waiting)
        on_done_(index, immediate_failure(request_at_(index), FetchError::other, "stopped before it started", true));
      hosts_[host].waiting.clear();
    }
    waiting_ = 0;
  }

 private:
  void start_ready() {
    const std::size_t max_running = static_cast<std::size_t>(std::max(1, options_.max_parallel));
    const int per_host = std::max(1, options_.max_per_host);
    // Round robin over hosts, one transfer per host per pass, so no host's
    // backlog delays the others.
    bool started = true;
    while (started && waiting_ > 0 && running_.size() < max_running) {
      started = false;
      for (std::size_t n = 0; n < host_order_.size() && running_.size() < max_running; ++n) {
        const std::string& host = host_order_[(cursor_ + n) % host_order_.size()];
        HostQueue& q = hosts_[host];
        if (q.waiting.empty() || q.running >= per_host) continue;
        const std::size_t index = q.waiting.front();
        q.waiting.pop_front();
        --waiting_;
        start(index, host, q);
        started = true;
      }
      cursor_ = host_order_.empty() ? 0 : (cursor_ + 1) % host_order_.size();
    }
  }

  void start(std::size_t index, const std::string& host, HostQueue& q) {
    Active active;
    active.request = std::make_unique<FetchRequest>(request_at_(index));
    active.transfer = std::make_unique<FetchTransfer>(index, *active.request, host, options_.max_redirects);
    if (active.transfer->easy() == nullptr) {
      on_done_(index, immediate_failure(*active.request, FetchError::other, active.transfer->setup_error()));
      return;
    }
    const CURLMcode rc = curl_multi_add_handle(multi_, active.transfer->easy());
    if (rc != CURLM_OK) {
      on_done_(index, immediate_failure(*active.request, FetchError::other,
                                        std::string("curl_multi_add_handle: ") + curl_multi_strerror(rc)));
      return;
    }
    ++q.running;
    CURL* easy = active.transfer->easy();
    running_.emplace(easy, std::move(active));
  }

  void collect_finished() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;
      auto it = running_.find(easy);
      if (it == running_.end()) continue;
      Active active = std::move(it->second);
      running_.erase(it);
      curl_multi_remove_handle(multi_, easy);
      --hosts_[active.transfer->host_key()].running;
      FetchResult r = active.transfer->finish(code);
      const std::size_t index = active.transfer->index();
      active = Active();  // the transfer's buffers go before the result is handed on
      on_done_(index, std::move(r));
    }
  }

  const FetcherOptions& options_;
  const std::function<FetchRequest(std::size_t)>& request_at_;
  const std::function<void(std::size_t, FetchResult&&)>& on_done_;
  CURLM* multi_;
  std::map<std::string, HostQueue> hosts_;
  std::vector<std::string> host_order_;
  std::size_t cursor_ = 0;
  std::size_t waiting_ = 0;
  std::unordered_map<CURL*, Active> running_;
};

}  // namespace

Fetcher::Fetcher(FetcherOptions options) : options_(options) { global_init_once(); }

Fetcher::~Fetcher() = default;

void Fetcher::fetch_all(const std::vector<FetchRequest>& requests,
                        const std::function<void(std::size_t, FetchResult&&)>& on_done,
                        const std::function<bool()>& should_stop) {
  fetch_each(
      requests.size(), [&requests](std::size_t index) { return requests[index]; }, on_done, should_stop);
}

void Fetcher::fetch_each(std::size_t count, const std::function<FetchRequest(std::size_t)>& request_at,
                         const std::function<void(std::size_t, FetchResult&&)>& on_done,
                         const std::function<bool()>& should_stop) {
  auto stopping = [&should_stop] { return should_stop && should_stop(); };
  Run run(options_, request_at, on_done);

  // Local files and unusable URLs are answered at once; HTTP(S) waits in its host's queue.
  for (std::size_t i = 0; i < count; ++i) {
    const FetchRequest request = request_at(i);
    if (stopping()) {
      on_done(i, immediate_failure(request, FetchError::other, "stopped before it started", true));
      continue;
    }
    switch (classify_target(request.url)) {
      case TargetKind::local:
        on_done(i, fetch_local_file(request));
        break;
      case TargetKind::bad:
        on_done(i, immediate_failure(request, FetchError::bad_url, "only http, https and local files are fetched"));
        break;
      case TargetKind::http: {
        const std::string host = host_key_of(request.url);
        if (host.empty()) {
          on_done(i, immediate_failure(request, FetchError::bad_url, "not a valid http(s) URL"));
        } else {
          run.enqueue(i, host);
        }
        break;
      }
    }
  }

  while (run.busy()) {
    if (stopping()) {
      run.stop();
      break;
    }
    run.step();
  }
}

}  // namespace chipwire
