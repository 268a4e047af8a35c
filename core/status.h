// Status and Result<T>: errors as values at every module edge.
//
// Nothing in chipwire throws across a folder boundary; functions that can fail
// return a Status (no value) or a Result<T> (a value or a Status). Any thread
// may create and read them.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace chipwire {

enum class Code {
  ok = 0,
  invalid_argument,  // the caller passed something that cannot work (usage, config)
  not_found,         // a named thing does not exist
  io_error,          // the disk or a file said no
  corruption,        // stored or read data is damaged
  parse_error,       // a document or rule file could not be read
  unsupported,       // a valid request we do not handle (schema version, format)
  busy,              // another process holds a resource (the ingest lock)
  network,           // a fetch failed; details in the message
  interrupted,       // a signal asked us to stop
};

class Status {
 public:
  Status() = default;  // ok
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok_status() { return {}; }
  static Status invalid(std::string m) { return {Code::invalid_argument, std::move(m)}; }
  static Status not_found(std::string m) { return {Code::not_found, std::move(m)}; }
  static Status io(std::string m) { return {Code::io_error, std::move(m)}; }
  static Status corruption(std::string m) { return {Code::corruption, std::move(m)}; }
  static Status parse(std::string m) { return {Code::parse_error, std::move(m)}; }
  static Status unsupported(std::string m) { return {Code::unsupported, std::move(m)}; }
  static Status busy(std::string m) { return {Code::busy, std::move(m)}; }

  bool ok() const { return code_ == Code::ok; }
  explicit operator bool() const { return ok(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Code code_ = Code::ok;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an ok Status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  const Status& status() const { return std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace chipwire
