#pragma once
// The fuzz targets' assertion. A property that does not hold aborts, so libFuzzer reports it as
// a crash, saves the input and prints it with the condition, file and line. Unlike assert(), it
// holds in every build type.

#include <cstdio>
#include <cstdlib>
#include <string>

namespace cf::fuzz {

[[noreturn]] inline void CheckFailed(const char* condition, const char* file, int line,
                                     const std::string& detail) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n%s\n", file, line, condition, detail.c_str());
  std::abort();
}

}  // namespace cf::fuzz

#define CF_FUZZ_CHECK(condition) \
  ((condition) ? void(0) : cf::fuzz::CheckFailed(#condition, __FILE__, __LINE__, ""))
// `detail` (a std::string expression) is evaluated only when the check fails.
#define CF_FUZZ_CHECK_MSG(condition, detail) \
  ((condition) ? void(0) : cf::fuzz::CheckFailed(#condition, __FILE__, __LINE__, (detail)))
