// Binary encoding of stored values (see codec.h).
#include "storage/codec.h"

#include <cstring>

namespace chipwire::store_detail {

void Encoder::varint(std::uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void Encoder::i64(std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  varint((u << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

void Encoder::str(std::string_view s) {
  varint(s.size());
  out_.append(s);
}

void Encoder::strs(const std::vector<std::string>& v) {
  varint(v.size());
  for (const auto& s : v) str(s);
}

void Encoder::opt_str(const std::optional<std::string>& s) {
  u8(s ? 1 : 0);
  if (s) str(*s);
}

void Encoder::opt_i64(const std::optional<std::int64_t>& v) {
  u8(v ? 1 : 0);
  if (v) i64(*v);
}

void Encoder::f64(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  put_be64(out_, bits);
}

std::uint8_t Decoder::u8() {
  if (in_.empty()) {
    failed_ = true;
    return 0;
  }
  const auto v = static_cast<std::uint8_t>(in_[0]);
  in_.remove_prefix(1);
  return v;
}

std::uint64_t Decoder::varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in_.empty()) break;
    const auto b = static_cast<std::uint8_t>(in_[0]);
    in_.remove_prefix(1);
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  failed_ = true;
  return 0;
}

std::int64_t Decoder::i64() {
  const std::uint64_t u = varint();
  return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

std::string Decoder::str() {
  const std::uint64_t n = varint();
  if (failed_ || n > in_.size()) {
    failed_ = true;
    return {};
  }
  std::string s(in_.substr(0, n));
  in_.remove_prefix(n);
  return s;
}

std::vector<std::string> Decoder::strs() {
  const std::uint64_t n = varint();
  std::vector<std::string> v;
  if (failed_ || n > in_.size()) {  // each string takes at least one byte
    failed_ = true;
    return v;
  }
  v.reserve(n);
  for (std::uint64_t i = 0; i < n && !failed_; ++i) v.push_back(str());
  return v;
}

std::optional<std::string> Decoder::opt_str() {
  if (u8() == 0) return std::nullopt;
  return str();
}

std::optional<std::int64_t> Decoder::opt_i64() {
  if (u8() == 0) return std::nullopt;
  return i64();
}

double Decoder::f64() {
  if (in_.size() < 8) {
    failed_ = true;
    return 0;
  }
  const std::uint64_t bits = get_be64(in_);
  in_.remove_prefix(8);
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

void put_be32(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void put_be64(std::string& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_be64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<std::uint8_t>(in[i]);
  return v;
}

void put_time_desc(std::string& out, std::int64_t t) {
  const std::uint64_t ascending = static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63);
  put_be64(out, ~ascending);
}

std::int64_t get_time_desc(std::string_view in) {
  const std::uint64_t ascending = ~get_be64(in);
  return static_cast<std::int64_t>(ascending ^ (std::uint64_t{1} << 63));
}

}  // namespace chipwire::store_detail
