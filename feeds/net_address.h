// Address policy for outgoing connections: which resolved IP addresses count as
// private, loopback, link-local or otherwise not on the public internet. Used by
// the fetcher after DNS resolution (and for every hop of a redirect chain).
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

struct sockaddr;

namespace chipwire {

// True for addresses a fetch must not reach unless the config allows private
// addresses. IPv4: 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12,
// 192.0.0/24, 192.168/16, 198.18/15, 224/4 (multicast), 240/4 and broadcast.
// IPv6: ::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8, and any IPv4 address
// embedded by ::ffff:0:0/96 (mapped), ::/96 (compatible), 64:ff9b::/96 (NAT64)
// or 2002::/16 (6to4), judged by the IPv4 rules. Unknown families are blocked.
bool is_blocked_address(const sockaddr* addr);

// The same rule for a numeric address in text ("10.1.2.3", "::ffff:127.0.0.1").
// Text that is not a numeric IPv4 or IPv6 address returns false.
bool is_blocked_address_text(std::string_view numeric_ip);

// "203.0.113.5" or "2001:db8::1" for logs and error messages; "?" when unknown.
std::string address_to_text(const sockaddr* addr);

}  // namespace chipwire
