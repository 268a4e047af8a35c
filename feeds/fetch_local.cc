// Reads local feed files (plain paths and file:// URLs) with a size cap.
#include "feeds/fetch_local.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace chipwire {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The scheme of "scheme://..." lowercased, or "" when there is none.
std::string scheme_of(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return "";
  for (char c : url.substr(0, sep))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return "";
  return lower(url.substr(0, sep));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

FetchResult failure(const FetchRequest& request, FetchError error, const std::string& reason) {
  FetchResult r;
  r.error = error;
  r.final_url = request.url;
  r.error_message = std::string("fetch ") + request.url + ": " + fetch_error_name(error) + ": " + reason;
  return r;
}

}  // namespace

TargetKind classify_target(std::string_view url) {
  if (url.empty()) return TargetKind::bad;
  const std::string scheme = scheme_of(url);
  if (scheme == "http" || scheme == "https") return TargetKind::http;
  if (scheme == "file") return TargetKind::local;
  if (!scheme.empty()) return TargetKind::bad;
  // "host:port/x" or "mailto:x" style strings are not paths we were meant to read.
  if (url.find("://") != std::string_view::npos) return TargetKind::bad;
  return TargetKind::local;
}

std::optional<std::string> local_path_of(std::string_view url) {
  if (scheme_of(url) != "file") return std::string(url);
  std::string_view rest = url.substr(url.find("://") + 3);
  const size_t slash = rest.find('/');
  const std::string host = lower(rest.substr(0, slash));
  if (!host.empty() && host != "localhost") return std::nullopt;
  if (slash == std::string_view::npos) return std::nullopt;
  rest = rest.substr(slash);
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != '%') {
      path += rest[i];
      continue;
    }
    if (i + 2 >= rest.size()) return std::nullopt;
    const int hi = hex_value(rest[i + 1]), lo = hex_value(rest[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    const char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '\0') return std::nullopt;
    path += decoded;
    i += 2;
  }
  return path;
}

FetchResult fetch_local_file(const FetchRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  if (!request.allow_local_files) return failure(request, FetchError::bad_url, "local files are not allowed");
  const std::optional<std::string> path = local_path_of(request.url);
  if (!path || path->empty()) return failure(request, FetchError::bad_url, "not a readable local file URL");

  // O_NONBLOCK so a FIFO cannot hang the fetcher thread; regular files ignore it.
  const int fd = ::open(path->c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return failure(request, FetchError::io, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return failure(request, FetchError::io, "not a regular file");
  }
  if (static_cast<unsigned long long>(st.st_size) > request.max_body_bytes) {
    ::close(fd);
    return failure(request, FetchError::too_large,
                   "file is " + std::to_string(st.st_size) + " bytes, over the cap of " +
                       std::to_string(request.max_body_bytes));
  }
  FetchResult r;
  r.final_url = request.url;
  // Straight into the body: sized from fstat, plus one byte so that the read
  // that returns 0 needs no second buffer; grown if the file grows meanwhile.
  std::size_t used = 0;
  r.body.resize(static_cast<size_t>(st.st_size) + 1);
  for (;;) {
    if (used == r.body.size()) r.body.resize(r.body.size() * 2);
    const ssize_t n = ::read(fd, r.body.data() + used, r.body.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return failure(request, FetchError::io, std::string("read failed: ") + std::strerror(err));
    }
    used += static_cast<size_t>(n);
    if (used > request.max_body_bytes) {  // the file grew while we read it
      ::close(fd);
      return failure(request, FetchError::too_large,
                     "file is over the cap of " + std::to_string(request.max_body_bytes) + " bytes");
    }
  }
  r.body.resize(used);
  ::close(fd);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return r;
}

}  // namespace chipwire
