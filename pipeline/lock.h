// The ingest lock on a data directory: one writer at a time. A second ingest
// finds it held and exits at once with code 75. Released when the object dies
// or the process does (flock), so a killed run never leaves a stale lock.
#pragma once

#include <string>

#include "core/status.h"

namespace chipwire {

class DataDirLock {
 public:
  // Creates the directory if needed. busy when another process holds it.
  static Result<DataDirLock> acquire(const std::string& directory);
  // Like acquire, but waits up to `timeout_seconds` for a running ingest to finish
  // (for short writers such as review decisions).
  static Result<DataDirLock> acquire_waiting(const std::string& directory, int timeout_seconds);
  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(const DataDirLock&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace chipwire
