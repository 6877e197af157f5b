#pragma once
// FUZZ_CHECK(condition, detail): the invariant check of the fuzz targets in this folder. When
// `condition` is false it prints the condition, its place and `detail` (anything convertible to
// std::string_view) to stderr and aborts, which libFuzzer reports as a crash, saving the input as
// crash-<sha1>. Not thread-safe (the fuzz targets are single-threaded).

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace skillbridge::fuzz {

[[noreturn]] inline void InvariantViolated(const char* condition, const char* file, int line, std::string_view detail) {
  std::fprintf(stderr, "invariant violated: %s\n  at %s:%d\n  %.*s\n", condition, file, line,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace skillbridge::fuzz

#define FUZZ_CHECK(condition, detail)                                                   \
  do {                                                                                  \
    if (!(condition)) {                                                                 \
      ::skillbridge::fuzz::InvariantViolated(#condition, __FILE__, __LINE__, (detail)); \
    }                                                                                   \
  } while (false)
