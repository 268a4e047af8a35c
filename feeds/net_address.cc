// Classifies resolved IP addresses for the fetcher's private-address guard.
#include "feeds/net_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

namespace chipwire {
namespace {

bool in_v4_range(std::uint32_t ip, std::uint32_t net, int prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (ip & mask) == (net & mask);
}

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// `ip` in host byte order.
bool blocked_v4(std::uint32_t ip) {
  struct Range {
    std::uint32_t net;
    int prefix;
  };
  static constexpr Range kBlocked[] = {
      {v4(0, 0, 0, 0), 8},        // "this network"
      {v4(10, 0, 0, 0), 8},       // private
      {v4(100, 64, 0, 0), 10},    // carrier-grade NAT
      {v4(127, 0, 0, 0), 8},      // loopback
      {v4(169, 254, 0, 0), 16},   // link-local (cloud metadata lives here)
      {v4(172, 16, 0, 0), 12},    // private
      {v4(192, 0, 0, 0), 24},     // IETF protocol assignments
      {v4(192, 168, 0, 0), 16},   // private
      {v4(198, 18, 0, 0), 15},    // benchmarking
      {v4(224, 0, 0, 0), 4},      // multicast
      {v4(240, 0, 0, 0), 4},      // reserved and broadcast
  };
  for (const Range& r : kBlocked)
    if (in_v4_range(ip, r.net, r.prefix)) return true;
  return false;
}

std::uint32_t v4_from_bytes(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

bool blocked_v6(const unsigned char* b) {
  static constexpr unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return true;                  // ::
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return true;    // ::1
  if ((b[0] & 0xfe) == 0xfc) return true;                           // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;           // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;           // fec0::/10 site-local
  if (b[0] == 0xff) return true;                                    // multicast
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0) return blocked_v4(v4_from_bytes(b + 12));  // ::ffff:a.b.c.d
  if (std::memcmp(b, kZero, 12) == 0) return blocked_v4(v4_from_bytes(b + 12));    // ::a.b.c.d
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kNat64, 12) == 0) return blocked_v4(v4_from_bytes(b + 12));    // 64:ff9b::a.b.c.d
  if (b[0] == 0x20 && b[1] == 0x02) return blocked_v4(v4_from_bytes(b + 2));        // 2002:AABB:CCDD::
  return false;
}

}  // namespace

bool is_blocked_address(const sockaddr* addr) {
  if (addr == nullptr) return true;
  if (addr->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    return blocked_v4(ntohl(in->sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
    return blocked_v6(in6->sin6_addr.s6_addr);
  }
  return true;
}

bool is_blocked_address_text(std::string_view numeric_ip) {
  const std::string text(numeric_ip);
  in_addr a4{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) return blocked_v4(ntohl(a4.s_addr));
  in6_addr a6{};
  if (inet_pton(AF_INET6, text.c_str(), &a6) == 1) return blocked_v6(a6.s6_addr);
  return false;
}

std::string address_to_text(const sockaddr* addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr == nullptr) return buf;
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, buf, sizeof buf);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

}  // namespace chipwire
