#pragma once
// SetProgramUsage: a binary's one-line description, and `--help` that lists the project's own
// flags (every flag defined outside Abseil: the binary's main.cc and the shared server flags).
// Abseil's default `--help` only shows flags of a file named like the binary, which matches none
// of ours. Call it first in main(), before absl::ParseCommandLine. Not thread-safe (start-up only).

#include <string>
#include <string_view>

#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"

namespace skillbridge {

inline void SetProgramUsage(std::string_view description) {
  absl::SetProgramUsageMessage(absl::string_view(description.data(), description.size()));
  absl::FlagsUsageConfig config;
  config.contains_help_flags = [](absl::string_view path) { return !absl::StrContains(path, "absl/"); };
  config.contains_helpshort_flags = config.contains_help_flags;
  // "…/skillbridge/services/evaluation/main.cc" → "services/evaluation/main.cc".
  config.normalize_filename = [](absl::string_view path) {
    for (absl::string_view top : {"/common/", "/services/", "/tools/"}) {
      if (const size_t at = path.rfind(top); at != absl::string_view::npos) {
        return std::string(path.substr(at + 1));
      }
    }
    return std::string(path);
  };
  absl::SetFlagsUsageConfig(config);
}

}  // namespace skillbridge
