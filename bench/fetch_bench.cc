// Fetch benchmark: N feeds fetched from loopback HTTP servers by one Fetcher
// with the default caps (32 in flight, 2 per host). Prints seconds and feeds/s.
// Usage: fetch_bench [--feeds N] [--hosts H] [--body-bytes B] [--rounds R]
// Each "host" is its own listening port on 127.0.0.1, so the per-host cap applies
// to it as to a real site. The server is a single epoll thread with keep-alive.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "feeds/fetcher.h"

namespace {

// A minimal keep-alive HTTP/1.1 server on many ports, one thread, for this benchmark only.
class LoopbackServers {
 public:
  LoopbackServers(int count, std::string body) {
    response_ = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\nETag: \"bench\"\r\n\r\n" + body;
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < count; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 512) != 0) {
        std::perror("bind/listen");
        std::exit(2);
      }
      socklen_t len = sizeof addr;
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
      ports_.push_back(ntohs(addr.sin_port));
      listeners_[fd] = true;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }
    thread_ = std::thread([this] { loop(); });
  }
  ~LoopbackServers() {
    stop_ = true;
    thread_.join();
    for (auto& [fd, pending] : connections_) ::close(fd);
    for (auto& [fd, listening] : listeners_) ::close(fd);
    ::close(epoll_);
  }
  const std::vector<std::uint16_t>& ports() const { return ports_; }
  long requests() const { return requests_.load(); }

 private:
  void loop() {
    epoll_event events[256];
    char buf[16384];
    while (!stop_) {
      const int n = epoll_wait(epoll_, events, 256, 50);
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (listeners_.count(fd)) {
          for (;;) {
            const int c = accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (c < 0) break;
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = c;
            epoll_ctl(epoll_, EPOLL_CTL_ADD, c, &ev);
            connections_[c];
          }
          continue;
        }
        std::string& pending = connections_[fd];
        bool closed = false;
        for (;;) {
          const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
          if (r > 0) {
            pending.append(buf, static_cast<size_t>(r));
            continue;
          }
          closed = r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
          break;
        }
        size_t end;
        while ((end = pending.find("\r\n\r\n")) != std::string::npos) {
          pending.erase(0, end + 4);
          ++requests_;
          // Small responses fit the socket buffer; a short write just drops the connection.
          if (::send(fd, response_.data(), response_.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(response_.size()))
            closed = true;
        }
        if (closed) {
          epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
          ::close(fd);
          connections_.erase(fd);
        }
      }
    }
  }

  std::string response_;
  int epoll_ = -1;
  std::vector<std::uint16_t> ports_;
  std::map<int, bool> listeners_;
  std::map<int, std::string> connections_;
  std::atomic<bool> stop_{false};
  std::atomic<long> requests_{0};
  std::thread thread_;
};

std::string feed_body(std::size_t bytes) {
  std::string body = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>bench</title>";
  for (int i = 0; body.size() + 200 < bytes; ++i)
    body += "<item><title>Export controls item " + std::to_string(i) + "</title><link>https://example.org/" +
            std::to_string(i) + "</link><description>chips and policy</description></item>";
  return body + "</channel></rss>";
}

}  // namespace

int main(int argc, char** argv) {
  int feeds = 1000, hosts = 50, rounds = 1;
  std::size_t body_bytes = 4096;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const long value = std::strtol(argv[i + 1], nullptr, 10);
    if (flag == "--feeds") feeds = static_cast<int>(value);
    else if (flag == "--hosts") hosts = static_cast<int>(value);
    else if (flag == "--body-bytes") body_bytes = static_cast<std::size_t>(value);
    else if (flag == "--rounds") rounds = static_cast<int>(value);
    else {
      std::fprintf(stderr, "usage: fetch_bench [--feeds N] [--hosts H] [--body-bytes B] [--rounds R]\n");
      return 2;
    }
  }
  if (feeds < 1 || hosts < 1 || rounds < 1) return 2;
  LoopbackServers servers(hosts, feed_body(body_bytes));
  std::vector<chipwire::FetchRequest> requests;
  for (int i = 0; i < feeds; ++i) {
    chipwire::FetchRequest r;
    r.url = "http://127.0.0.1:" + std::to_string(servers.ports()[static_cast<size_t>(i % hosts)]) + "/feed/" +
            std::to_string(i) + ".xml";
    r.allow_private_addresses = true;  // loopback
    requests.push_back(std::move(r));
  }
  for (int round = 0; round < rounds; ++round) {
    long ok = 0, failed = 0;
    std::size_t bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    chipwire::Fetcher fetcher;  // default caps: 32 in flight, 2 per host
    fetcher.fetch_all(requests, [&](std::size_t i, chipwire::FetchResult&& r) {
      if (r.error == chipwire::FetchError::none) {
        ++ok;
        bytes += r.body.size();
      } else {
        if (failed++ < 5) std::fprintf(stderr, "feed %zu: %s\n", i, r.error_message.c_str());
      }
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("fetch_bench: %d feeds from %d loopback hosts, body %zu B: %.3f s, %.0f feeds/s, %ld ok, %ld failed, "
                "%.1f MB\n",
                feeds, hosts, body_bytes, seconds, feeds / seconds, ok, failed, static_cast<double>(bytes) / 1e6);
    if (failed > 0) return 1;
  }
  return 0;
}
