// One fetcher transfer: curl easy-handle options, callbacks, and how curl's
// outcome and the final HTTP status become a typed FetchResult.
#include "feeds/fetch_transfer.h"

#include <sys/socket.h>

#include <cstring>

#include "core/time.h"
#include "feeds/net_address.h"

namespace chipwire {
namespace {

// What feed readers ask for: feeds first, anything else still accepted (the
// parser sniffs the content, not the declared type).
constexpr const char* kAccept =
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

bool is_redirect(long status) { return status >= 300 && status < 400 && status != 304; }

}  // namespace

FetchTransfer::FetchTransfer(std::size_t index, const FetchRequest& request, std::string host_key,
                             int max_redirects)
    : index_(index), request_(request), host_key_(std::move(host_key)),
      started_(std::chrono::steady_clock::now()) {
  easy_ = curl_easy_init();
  if (easy_ == nullptr) {
    setup_error_ = "curl_easy_init failed";
    return;
  }
  configure(max_redirects);
  if (!setup_error_.empty()) {
    curl_easy_cleanup(easy_);
    easy_ = nullptr;
  }
}

FetchTransfer::~FetchTransfer() {
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
  curl_slist_free_all(header_list_);
}

void FetchTransfer::configure(int max_redirects) {
  auto set = [this](CURLoption option, auto value, const char* name) {
    if (!setup_error_.empty()) return;
    const CURLcode rc = curl_easy_setopt(easy_, option, value);
    if (rc != CURLE_OK) setup_error_ = std::string("curl option ") + name + ": " + curl_easy_strerror(rc);
  };
  const FetchRequest& r = request_;
  set(CURLOPT_URL, r.url.c_str(), "URL");
  set(CURLOPT_PRIVATE, static_cast<void*>(this), "PRIVATE");
  set(CURLOPT_ERRORBUFFER, error_buffer_, "ERRORBUFFER");
  set(CURLOPT_NOSIGNAL, 1L, "NOSIGNAL");
  // Only the web: no ftp://, gopher:// or file:// here, also not via a redirect.
  set(CURLOPT_PROTOCOLS_STR, "http,https", "PROTOCOLS_STR");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https", "REDIR_PROTOCOLS_STR");
  set(CURLOPT_FOLLOWLOCATION, 1L, "FOLLOWLOCATION");
  set(CURLOPT_MAXREDIRS, static_cast<long>(max_redirects), "MAXREDIRS");
  // No proxy from the environment: the address guard must see the real peer.
  set(CURLOPT_PROXY, "", "PROXY");
  set(CURLOPT_ACCEPT_ENCODING, "", "ACCEPT_ENCODING");  // every encoding this curl decodes
  set(CURLOPT_USERAGENT, r.user_agent.c_str(), "USERAGENT");
  set(CURLOPT_CONNECTTIMEOUT_MS, r.connect_timeout_ms, "CONNECTTIMEOUT_MS");
  set(CURLOPT_TIMEOUT_MS, r.total_timeout_ms, "TIMEOUT_MS");
  if (r.low_speed_bytes_per_s > 0 && r.low_speed_seconds > 0) {
    set(CURLOPT_LOW_SPEED_LIMIT, r.low_speed_bytes_per_s, "LOW_SPEED_LIMIT");
    set(CURLOPT_LOW_SPEED_TIME, r.low_speed_seconds, "LOW_SPEED_TIME");
  }
  // An early refusal from Content-Length; the real cap is the write callback's.
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_body_bytes), "MAXFILESIZE_LARGE");
  set(CURLOPT_WRITEFUNCTION, &FetchTransfer::on_write, "WRITEFUNCTION");
  set(CURLOPT_WRITEDATA, static_cast<void*>(this), "WRITEDATA");
  set(CURLOPT_HEADERFUNCTION, &FetchTransfer::on_header, "HEADERFUNCTION");
  set(CURLOPT_HEADERDATA, static_cast<void*>(this), "HEADERDATA");
  // The guard runs after DNS, on every connection attempt (every redirect hop
  // to a new host too), and again before each request on reused connections.
  set(CURLOPT_OPENSOCKETFUNCTION, &FetchTransfer::on_open_socket, "OPENSOCKETFUNCTION");
  set(CURLOPT_OPENSOCKETDATA, static_cast<void*>(this), "OPENSOCKETDATA");
  set(CURLOPT_PREREQFUNCTION, &FetchTransfer::on_prereq, "PREREQFUNCTION");
  set(CURLOPT_PREREQDATA, static_cast<void*>(this), "PREREQDATA");

  header_list_ = curl_slist_append(header_list_, (std::string("Accept: ") + kAccept).c_str());
  if (!r.etag.empty()) header_list_ = curl_slist_append(header_list_, ("If-None-Match: " + r.etag).c_str());
  if (!r.last_modified.empty())
    header_list_ = curl_slist_append(header_list_, ("If-Modified-Since: " + r.last_modified).c_str());
  set(CURLOPT_HTTPHEADER, header_list_, "HTTPHEADER");
}

size_t FetchTransfer::on_write(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<FetchTransfer*>(self);
  const size_t n = size * count;
  // Counted after decompression: curl hands us decoded bytes in small pieces,
  // so a bomb stops here with at most the cap in memory.
  if (t->body_.size() + n > t->request_.max_body_bytes) {
    t->body_over_cap_ = true;
    return 0;  // anything but n aborts with CURLE_WRITE_ERROR
  }
  t->body_.append(data, n);
  return n;
}

size_t FetchTransfer::on_header(char* data, size_t size, size_t count, void* self) {
  auto* t = static_cast<FetchTransfer*>(self);
  const size_t n = size * count;
  t->header_bytes_ += n;
  if (t->header_bytes_ > kMaxHeaderBytes) {
    t->headers_over_cap_ = true;
    return 0;  // aborts with CURLE_WRITE_ERROR
  }
  const long previous_status = t->headers_.status;
  if (read_header_line(std::string_view(data, n), now_unix(), t->headers_)) {
    // A new response of the chain: the previous one, if a redirect, was followed.
    t->body_.clear();
    if (is_redirect(previous_status)) {
      const bool permanent = previous_status == 301 || previous_status == 308;
      t->saw_permanent_ = t->saw_permanent_ || permanent;
      t->leading_permanent_ = t->leading_permanent_ && permanent;
      if (t->leading_permanent_) {
        char* url = nullptr;
        if (curl_easy_getinfo(t->easy_, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url != nullptr)
          t->permanent_url_ = url;
      }
    }
  }
  return n;
}

curl_socket_t FetchTransfer::on_open_socket(void* self, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* t = static_cast<FetchTransfer*>(self);
  if (!t->request_.allow_private_addresses && is_blocked_address(&address->addr)) {
    ++t->blocked_connects_;
    t->blocked_ip_ = address_to_text(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int FetchTransfer::on_prereq(void* self, char* primary_ip, char* /*local_ip*/, int /*primary_port*/,
                             int /*local_port*/) {
  auto* t = static_cast<FetchTransfer*>(self);
  if (!t->request_.allow_private_addresses && primary_ip != nullptr && is_blocked_address_text(primary_ip)) {
    ++t->blocked_connects_;
    t->blocked_ip_ = primary_ip;
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

FetchResult FetchTransfer::base_result() const {
  FetchResult r;
  r.final_url = request_.url;
  if (easy_ != nullptr) {
    char* url = nullptr;
    if (curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url != nullptr) r.final_url = url;
    long status = 0;
    if (curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) r.http_status = status;
  }
  r.permanent_redirect = saw_permanent_;
  if (saw_permanent_) r.permanent_url = permanent_url_;
  r.content_type = headers_.content_type;
  r.etag = headers_.etag;
  r.last_modified = headers_.last_modified;
  r.retry_after_seconds = headers_.retry_after_seconds;
  r.max_age_seconds = headers_.max_age_seconds;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return r;
}

FetchResult FetchTransfer::fail(FetchResult r, FetchError error, const std::string& reason) const {
  r.error = error;
  r.error_message = "fetch " + request_.url + ": " + fetch_error_name(error) + ": " + reason;
  return r;
}

FetchResult FetchTransfer::stopped() {
  FetchResult r = base_result();
  r.stopped = true;
  return fail(std::move(r), FetchError::other, "stopped before it finished");
}

FetchResult FetchTransfer::finish(CURLcode code) {
  FetchResult r = base_result();
  const std::string detail = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  if (code != CURLE_OK) {
    if (headers_over_cap_)
      return fail(std::move(r), FetchError::too_large,
                  "response headers over " + std::to_string(kMaxHeaderBytes) + " bytes");
    if (body_over_cap_ || code == CURLE_FILESIZE_EXCEEDED)
      return fail(std::move(r), FetchError::too_large,
                  "body over the cap of " + std::to_string(request_.max_body_bytes) + " bytes (after decompression)");
    if (blocked_connects_ > 0 && (code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK))
      return fail(std::move(r), FetchError::blocked_address,
                  "address " + blocked_ip_ + " is private, loopback or link-local and not allowed");
    switch (code) {
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_URL_MALFORMAT:
        return fail(std::move(r), FetchError::bad_url, detail);
      case CURLE_COULDNT_RESOLVE_HOST:
        return fail(std::move(r), FetchError::dns, detail);
      case CURLE_COULDNT_CONNECT:
        return fail(std::move(r), FetchError::connect, detail);
      case CURLE_OPERATION_TIMEDOUT:
        return fail(std::move(r), FetchError::timeout, detail);
      case CURLE_TOO_MANY_REDIRECTS:
        return fail(std::move(r), FetchError::too_many_redirects, detail);
      case CURLE_SSL_CONNECT_ERROR:
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CERTPROBLEM:
      case CURLE_SSL_CIPHER:
      case CURLE_SSL_CACERT_BADFILE:
      case CURLE_SSL_ISSUER_ERROR:
      case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      case CURLE_SSL_INVALIDCERTSTATUS:
      case CURLE_SSL_CRL_BADFILE:
      case CURLE_SSL_ENGINE_NOTFOUND:
      case CURLE_SSL_ENGINE_SETFAILED:
      case CURLE_SSL_ENGINE_INITFAILED:
      case CURLE_SSL_SHUTDOWN_FAILED:
      case CURLE_USE_SSL_FAILED:
        return fail(std::move(r), FetchError::tls, detail);
      default:
        return fail(std::move(r), FetchError::other, detail);
    }
  }

  const long status = r.http_status;
  if (status == 304) {
    r.not_modified = true;
    return r;
  }
  if (status >= 200 && status < 300) {
    r.body = std::move(body_);
    return r;
  }
  r.body = std::move(body_);  // kept for error pages: the caller may recognise a bot wall
  const std::string said = "HTTP " + std::to_string(status) + " from " + r.final_url;
  if (status == 429 || (status == 503 && r.retry_after_seconds))
    return fail(std::move(r), FetchError::rate_limited,
                said + (r.retry_after_seconds ? ", Retry-After " + std::to_string(*r.retry_after_seconds) + " s"
                                              : std::string()));
  if (status >= 400 && status < 500) return fail(std::move(r), FetchError::http_4xx, said);
  if (status >= 500 && status < 600) return fail(std::move(r), FetchError::http_5xx, said);
  if (is_redirect(status)) return fail(std::move(r), FetchError::other, said + " without a usable Location");
  return fail(std::move(r), FetchError::other, "unexpected " + said);
}

}  // namespace chipwire
