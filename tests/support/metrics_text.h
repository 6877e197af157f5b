#pragma once
// Reading the Prometheus text exposition in tests: MetricValue(text, name, labels) is the value of
// the first line that starts with `name{` and contains every one of `labels` (e.g.
// "grpc_code=\"OK\""), "" when there is none. Header-only, pure.

#include <string>
#include <vector>

namespace skillbridge::testing {

inline std::string MetricValue(const std::string& text, const std::string& name,
                               const std::vector<std::string>& labels) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    bool all = line.rfind(name + "{", 0) == 0;
    for (const std::string& label : labels) {
      all = all && line.find(label) != std::string::npos;
    }
    if (all) {
      return line.substr(line.rfind(' ') + 1);
    }
  }
  return "";
}

}  // namespace skillbridge::testing
