// A real HTTP/1.1 server on 127.0.0.1 for tests: an ephemeral port, one thread
// per connection, and a handler that writes whatever bytes it likes (normal
// responses, or hostile ones: drips, endless bodies, bombs). Test code only.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace chipwire::testing {

struct HttpRequest {
  std::string method;
  std::string target;  // path with query, as sent
  std::string path;    // without query
  std::map<std::string, std::string> headers;  // names lowercased
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpConnection {
 public:
  explicit HttpConnection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}
  // False when the peer is gone or the server is stopping.
  bool send(std::string_view bytes);
  bool stopping() const { return stopping_.load(); }

 private:
  int fd_;
  const std::atomic<bool>& stopping_;
};

// "HTTP/1.1 <status> <reason>\r\n<headers>Content-Length: N\r\nConnection: close\r\n\r\n<body>"
std::string http_response(int status, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers = {});

class TestHttpServer {
 public:
  using Handler = std::function<void(const HttpRequest&, HttpConnection&)>;
  explicit TestHttpServer(Handler handler);
  ~TestHttpServer();  // stops accepting, tells handlers to stop, joins every thread
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path) const;  // "http://127.0.0.1:PORT" + path
  int requests_served() const { return requests_.load(); }

 private:
  void accept_loop();
  void serve(int fd);

  Handler handler_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
  std::vector<int> open_fds_;
};

// Serves files from a map path -> (content type, body); 404 for the rest.
TestHttpServer::Handler static_files(std::map<std::string, std::pair<std::string, std::string>> files);

}  // namespace chipwire::testing
