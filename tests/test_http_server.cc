#include "tests/test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace chipwire::testing {

bool HttpConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    if (stopping_.load()) return false;
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string http_response(int status, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
  const char* reason = status == 200 ? "OK" : status == 304 ? "Not Modified" : status == 404 ? "Not Found"
                                            : status >= 500   ? "Server Error"
                                                              : "Status";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  out += body;
  return out;
}

TestHttpServer::TestHttpServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket");
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listen_fd_, 512) != 0)
    throw std::runtime_error("bind/listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TestHttpServer::~TestHttpServer() {
  stopping_.store(true);
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : workers_) t.join();
  ::close(listen_fd_);
}

std::string TestHttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void TestHttpServer::accept_loop() {
  while (!stopping_.load()) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

void TestHttpServer::serve(int fd) {
  std::string data;
  char buf[8192];
  while (data.find("\r\n\r\n") == std::string::npos && data.size() < (1 << 20) && !stopping_.load()) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  const size_t head_end = data.find("\r\n\r\n");
  if (head_end != std::string::npos) {
    HttpRequest req;
    size_t line_end = data.find("\r\n");
    const std::string first = data.substr(0, line_end);
    const size_t sp1 = first.find(' '), sp2 = first.rfind(' ');
    req.method = first.substr(0, sp1);
    req.target = sp2 > sp1 ? first.substr(sp1 + 1, sp2 - sp1 - 1) : "";
    req.path = req.target.substr(0, req.target.find('?'));
    size_t pos = line_end + 2;
    while (pos < head_end) {
      const size_t eol = data.find("\r\n", pos);
      const std::string line = data.substr(pos, eol - pos);
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        req.headers[name] = value;
      }
      pos = eol + 2;
    }
    requests_.fetch_add(1);
    HttpConnection conn(fd, stopping_);
    handler_(req, conn);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  }
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

TestHttpServer::Handler static_files(std::map<std::string, std::pair<std::string, std::string>> files) {
  return [files = std::move(files)](const HttpRequest& req, HttpConnection& conn) {
    auto it = files.find(req.path);
    if (it == files.end()) {
      conn.send(http_response(404, "not found", {{"Content-Type", "text/plain"}}));
      return;
    }
    conn.send(http_response(200, it->second.second, {{"Content-Type", it->second.first}}));
  };
}

}  // namespace chipwire::testing
