// Binary encoding of stored values: little building blocks (varints,
// length-prefixed strings, fixed big-endian integers for keys) used by
// records.cc. Internal to storage/; pure functions, any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chipwire::store_detail {

// Appends values to a byte string. Every record starts with a format byte.
class Encoder {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void varint(std::uint64_t v);
  void i64(std::int64_t v);  // zig-zag varint
  void str(std::string_view s);
  void strs(const std::vector<std::string>& v);
  void opt_str(const std::optional<std::string>& s);
  void opt_i64(const std::optional<std::int64_t>& v);
  void f64(double v);
  void reserve(std::size_t bytes) { out_.reserve(bytes); }  // a record's size, known up front: no regrowth
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Encoder wrote. Any read past the end or malformed varint sets
// failed(); callers check once at the end and report corruption.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  std::uint8_t u8();
  std::uint64_t varint();
  std::int64_t i64();
  std::string str();
  std::vector<std::string> strs();
  std::optional<std::string> opt_str();
  std::optional<std::int64_t> opt_i64();
  double f64();
  bool failed() const { return failed_; }
  bool at_end() const { return in_.empty(); }

 private:
  std::string_view in_;
  bool failed_ = false;
};

// Fixed-width big-endian integers: they sort as bytes the way they sort as numbers.
void put_be32(std::string& out, std::uint32_t v);
void put_be64(std::string& out, std::uint64_t v);
std::uint64_t get_be64(std::string_view in);  // REQUIRES: in.size() >= 8
// 8 bytes that sort newest first: larger t gives a smaller key.
void put_time_desc(std::string& out, std::int64_t t);
std::int64_t get_time_desc(std::string_view in);  // REQUIRES: in.size() >= 8

}  // namespace chipwire::store_detail
