#pragma once
// PolicyFileFormat: the shape every policy file of reference/ shares (competition_promotion.tsv,
// career_bridging.tsv; reference/README.md), so that each parser only says what its columns mean.
// UTF-8, tab-separated, one rule per line; '#' starts a comment line; blank lines are ignored;
// fields are trimmed; a byte order mark and CRLF line ends are accepted. The first non-comment
// line is the header and names the columns exactly, in order; every later line has exactly that
// many fields; the file has at least one data line.
//
// Errors: INVALID_ARGUMENT, reason BAD_REFERENCE_DATA, message "<source>:<line>: <what>", with
// "column <n> (<name>): " before <what> when one field is wrong, e.g.
//   reference/career_bridging.tsv:7: column 5 (min_years_held): "x" is not a whole number from 0 to 30
// The first error found is reported. Pure; thread-safe (the format holds views of its arguments,
// which must outlive it).

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"

namespace skillbridge {

// One data line: its number (1-based, counting every line) and its fields, trimmed.
struct PolicyLine {
  int line = 0;
  std::vector<std::string_view> fields;
};

class PolicyFileFormat final {
 public:
  // `source` names the file in messages (a path); `columns` are the header's names, in order.
  PolicyFileFormat(std::string_view source, std::span<const std::string_view> columns)
      : source_(source), columns_(columns) {}

  // The data lines of `content` (views into it), each with exactly columns().size() fields.
  absl::StatusOr<std::vector<PolicyLine>> DataLines(std::string_view content) const;

  absl::Status LineError(int line, std::string_view what) const;
  absl::Status FieldError(int line, size_t column, std::string_view what) const;

  // The value of enum `descriptor` named `prefix` + `token` (case-sensitive), leaving out
  // UNSPECIFIED (0) and `excluded`; otherwise a field error listing the accepted tokens.
  absl::StatusOr<int> EnumField(int line, size_t column, std::string_view token,
                                const google::protobuf::EnumDescriptor& descriptor, std::string_view prefix,
                                std::optional<int> excluded = std::nullopt) const;

  // A whole number from `min` to `max` (digits only: no sign, point or spaces inside); otherwise a
  // field error "\"<token>\" is not a whole number from <min> to <max>".
  absl::StatusOr<int> WholeNumberField(int line, size_t column, std::string_view token, int min, int max) const;

  std::span<const std::string_view> columns() const { return columns_; }

 private:
  std::string_view source_;
  std::span<const std::string_view> columns_;
};

}  // namespace skillbridge
