#include "core/file_io.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

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

// Writes to an open descriptor, then syncs and closes it, each checked.
Status WriteAndClose(int fd, std::string_view bytes, const std::string& path) {
  Status written = WriteAll(fd, bytes, path);
  // fsync fails with EINVAL on a pipe or a terminal, which hold nothing to sync.
  if (written && ::fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    written = Failed(path, "sync", errno);
  if (::close(fd) != 0 && written) written = Failed(path, "close", errno);
  return written;
}

// A name no other writer uses and nobody can have planted (".<name>.<random>.partial").
std::string PartialName(const std::string& name) {
  std::random_device random;
  std::string out = ".";
  out += name;
  out += fmt::format(".{:08x}{:08x}.partial", random(), random());
  return out;
}

}  // namespace

Status WriteWholeFile(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Failed(path, "open", errno);
  return WriteAndClose(fd, bytes, path);
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return WriteWholeFile(path, bytes);
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const fs::path partial = dir / PartialName(target.filename().string());
  // O_EXCL | O_NOFOLLOW: a file or link already there (planted, or another writer's) is never
  // written through.
  const int fd =
      ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
  if (fd < 0) return Failed(path, "create a file beside it", errno);
  std::error_code ignored;
  if (auto written = WriteAndClose(fd, bytes, partial.string()); !written) {
    fs::remove(partial, ignored);
    return written;
  }
  std::error_code ec;
  fs::rename(partial, target, ec);
  if (ec) {
    fs::remove(partial, ignored);
    return InvalidArgument(fmt::format("{}: cannot rename into place: {}", path, ec.message()));
  }
  // The rename is on disk only once the directory is synced: before that, a power cut could
  // leave no file under the name though the caller goes on to record it written.
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return Failed(dir.string(), "open the folder to sync it", errno);
  const bool synced = ::fsync(dir_fd) == 0;
  const int sync_error = errno;
  ::close(dir_fd);
  if (!synced) return Failed(dir.string(), "sync the folder", sync_error);
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
