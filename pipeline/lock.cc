#include "pipeline/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace chipwire {

Result<DataDirLock> DataDirLock::acquire(const std::string& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return Status::io(directory + ": cannot create data directory: " + ec.message());
  const std::string path = directory + "/ingest.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io(path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return Status::busy("another ingest holds " + directory + " (" + path + ")");
    return Status::io(path + ": " + std::strerror(err));
  }
  // Record who holds it, for people looking at the file.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0 && ::write(fd, pid.data(), pid.size()) < 0) {
    // informational only
  }
  return DataDirLock(fd);
}

Result<DataDirLock> DataDirLock::acquire_waiting(const std::string& directory, int timeout_seconds) {
  for (int waited_ms = 0;; waited_ms += 100) {
    auto lock = acquire(directory);
    if (lock.ok() || lock.status().code() != Code::busy || waited_ms >= timeout_seconds * 1000) return lock;
    ::usleep(100 * 1000);
  }
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace chipwire
