// One HTTP(S) transfer of the fetcher: its curl easy handle, the callbacks that
// keep per-response headers, the post-decompression body cap and the
// private-address guard, and the mapping of the outcome to a FetchResult.
// Internal to the fetcher; used only on the fetcher's thread.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "feeds/fetch_headers.h"
#include "feeds/fetcher.h"

namespace chipwire {

class FetchTransfer {
 public:
  // Header lines of a whole redirect chain are capped too (a header bomb is too_large).
  static constexpr std::size_t kMaxHeaderBytes = 256u << 10;  // under curl's own 300 KB limit

  // `request` must outlive the transfer. `host_key` is the queueing key.
  FetchTransfer(std::size_t index, const FetchRequest& request, std::string host_key, int max_redirects);
  ~FetchTransfer();
  FetchTransfer(const FetchTransfer&) = delete;
  FetchTransfer& operator=(const FetchTransfer&) = delete;

  // The configured easy handle, or nullptr when curl refused an option (see setup_error()).
  CURL* easy() const { return easy_; }
  const std::string& setup_error() const { return setup_error_; }
  std::size_t index() const { return index_; }
  const std::string& host_key() const { return host_key_; }

  // The result for a transfer that curl finished with `code`.
  FetchResult finish(CURLcode code);
  // The result for a transfer aborted because the caller asked to stop.
  FetchResult stopped();

 private:
  static size_t on_write(char* data, size_t size, size_t count, void* self);
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  static int on_prereq(void* self, char* primary_ip, char* local_ip, int primary_port, int local_port);

  FetchResult base_result() const;
  FetchResult fail(FetchResult r, FetchError error, const std::string& reason) const;
  void configure(int max_redirects);

  std::size_t index_;
  const FetchRequest& request_;
  std::string host_key_;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  std::string setup_error_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started_;

  ResponseHeaders headers_;     // of the response being read
  std::string body_;            // decoded body of the response being read
  bool body_over_cap_ = false;  // the write callback refused data
  std::size_t header_bytes_ = 0;   // all header lines of the chain so far
  bool headers_over_cap_ = false;  // the header callback refused a line
  bool saw_permanent_ = false;  // some hop was 301/308
  bool leading_permanent_ = true;  // every hop so far was 301/308
  std::string permanent_url_;
  int blocked_connects_ = 0;    // connection attempts refused by the address guard
  std::string blocked_ip_;
};

}  // namespace chipwire
