#include "common/util/files.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/util/concat.h"

namespace skillbridge {

absl::StatusOr<std::string> ReadFile(const std::string& path, std::string_view what) {
  if (path.empty()) {
    return absl::InvalidArgumentError(Concat("no ", what, " was given"));
  }
  // A directory opens and reads as empty; say what it is instead.
  std::error_code ignored;
  const int open_error = std::filesystem::is_directory(path, ignored) ? EISDIR : 0;
  errno = 0;
  std::ifstream in;
  if (open_error == 0) {
    in.open(path, std::ios::binary);
  }
  if (open_error != 0 || !in) {
    const int error = open_error != 0 ? open_error : errno;
    return absl::NotFoundError(
        Concat("cannot read the ", what, " ", path, error != 0 ? Concat(": ", std::strerror(error)) : std::string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(Concat("cannot read the ", what, " ", path, " to its end"));
  }
  return std::move(buffer).str();
}

absl::StatusOr<std::string> ReadFirstLine(const std::string& path, std::string_view what) {
  absl::StatusOr<std::string> text = ReadFile(path, what);
  if (!text.ok()) {
    return text.status();
  }
  std::string_view line(*text);
  line = line.substr(0, line.find('\n'));
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!line.empty() && is_space(line.front())) {
    line.remove_prefix(1);
  }
  while (!line.empty() && is_space(line.back())) {
    line.remove_suffix(1);
  }
  if (line.empty()) {
    return absl::InvalidArgumentError(Concat("the ", what, " ", path, " is empty"));
  }
  return std::string(line);
}

}  // namespace skillbridge
