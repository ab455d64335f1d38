#include "core/file_io.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace cf::core {
namespace {

Error Failed(const std::string& path, const char* what, int error) {
  return InvalidArgument(fmt::format("{}: cannot {}: {}", path, what, std::strerror(error)));
}

// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Failed(path, "write", errno);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

Status WriteWholeFile(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Failed(path, "open", errno);
  Status written = WriteAll(fd, bytes, path);
  // fsync fails with EINVAL on a pipe or a terminal, which hold nothing to sync.
  if (written && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    written = Failed(path, "sync", errno);
  if (::close(fd) != 0 && written) written = Failed(path, "close", errno);
  return written;
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return WriteWholeFile(path, bytes);
  const fs::path target(path);
  // Appended, not "." + name: GCC 12 -O3 warns wrongly (-Wrestrict) on the latter.
  std::string hidden = ".";
  hidden += target.filename().string();
  hidden += ".partial";
  const fs::path partial = target.parent_path() / hidden;
  if (auto written = WriteWholeFile(partial.string(), bytes); !written) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    return written;
  }
  std::error_code ec;
  fs::rename(partial, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    return InvalidArgument(fmt::format("{}: cannot rename into place: {}", path, ec.message()));
  }
  return {};
}

Status WriteStdout(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size() ||
      std::fflush(stdout) != 0) {
    return Failed("standard output", "write", errno);
  }
  return {};
}

}  // namespace cf::core
