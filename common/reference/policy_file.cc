#include "common/reference/policy_file.h"

#include <algorithm>
#include <string>

#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge {

namespace {

constexpr std::string_view kBadData = "BAD_REFERENCE_DATA";

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(Trim(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
    if (tab == std::string_view::npos) {
      return fields;
    }
    start = tab + 1;
  }
}

std::string Join(std::span<const std::string_view> names, std::string_view separator) {
  std::string out;
  for (std::string_view name : names) {
    out += out.empty() ? "" : std::string(separator);
    out += name;
  }
  return out;
}

}  // namespace

absl::Status PolicyFileFormat::LineError(int line, std::string_view what) const {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, kBadData, Concat(source_, ":", line, ": ", what));
}

absl::Status PolicyFileFormat::FieldError(int line, size_t column, std::string_view what) const {
  return LineError(line, Concat("column ", static_cast<int>(column) + 1, " (", columns_[column], "): ", what));
}

absl::StatusOr<std::vector<PolicyLine>> PolicyFileFormat::DataLines(std::string_view content) const {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") {
    content.remove_prefix(3);
  }
  const std::string header = Join(columns_, "<TAB>");
  std::vector<PolicyLine> lines;
  bool header_seen = false;
  int line_number = 0;
  size_t start = 0;
  while (start <= content.size()) {
    const size_t end = std::min(content.find('\n', start), content.size());
    const std::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') {
      continue;
    }
    std::vector<std::string_view> fields = SplitFields(line);
    if (!header_seen) {
      const std::string got = Join(fields, "<TAB>");
      if (got != header) {
        return LineError(line_number, Concat("header must be \"", header, "\", got \"", got, "\""));
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != columns_.size()) {
      return LineError(line_number, Concat("expected ", static_cast<int>(columns_.size()), " tab-separated columns (",
                                           Join(columns_, ", "), "), got ", static_cast<int>(fields.size())));
    }
    lines.push_back(PolicyLine{line_number, std::move(fields)});
  }
  if (!header_seen) {
    return LineError(line_number, Concat("file has no header line \"", header, "\""));
  }
  if (lines.empty()) {
    return LineError(line_number, "file has no rules");
  }
  return lines;
}

absl::StatusOr<int> PolicyFileFormat::EnumField(int line, size_t column, std::string_view token,
                                                const google::protobuf::EnumDescriptor& descriptor,
                                                std::string_view prefix, std::optional<int> excluded) const {
  std::string allowed;
  std::optional<int> found;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor& value = *descriptor.value(i);
    if (value.number() == 0 || value.number() == excluded) {
      continue;
    }
    const std::string_view name = std::string_view(value.name()).substr(prefix.size());
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
    if (name == token) {
      found = value.number();
    }
  }
  if (!found.has_value()) {
    return FieldError(line, column, Concat("unknown value \"", token, "\" (use one of ", allowed, ")"));
  }
  return *found;
}

absl::StatusOr<int> PolicyFileFormat::WholeNumberField(int line, size_t column, std::string_view token, int min,
                                                       int max) const {
  const std::string bad = Concat("\"", token, "\" is not a whole number from ", min, " to ", max);
  if (token.empty() || token.size() > 9 || token.find_first_not_of("0123456789") != std::string_view::npos) {
    return FieldError(line, column, bad);
  }
  int value = 0;
  for (char c : token) {
    value = value * 10 + (c - '0');
  }
  if (value < min || value > max) {
    return FieldError(line, column, bad);
  }
  return value;
}

}  // namespace skillbridge
