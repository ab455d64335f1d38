#pragma once
// Writing files so that a full disk or a failed device is an error, never an empty or short
// file that looks written: every write, the flush, fsync and close are checked, and a file
// appears under its name only when all of its bytes are safely on disk.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cf::core {

// Writes `bytes` to `path`, creating or truncating it; flushed, synced and closed, each
// checked. The error names the path and the system's reason ("No space left on device").
Status WriteWholeFile(const std::string& path, std::string_view bytes);

// Writes to a hidden partial file beside `path` (WriteWholeFile), then renames it over
// `path`, so that `path` holds either its old content or all of the new. A `path` that exists
// and is not a regular file (a device such as /dev/stdout or /dev/full, a pipe) is written
// directly. On error the partial file is removed.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

// Writes to standard output and flushes it, checked (a closed pipe, a full disk behind a
// redirection).
Status WriteStdout(std::string_view bytes);

}  // namespace cf::core
