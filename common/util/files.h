#pragma once
// Reading small local files the services are configured with (tokens, passwords, TLS material,
// reference tables, the auth config, static web assets): the one place that opens them.
//  - ReadFile: the whole file, bytes as they are;
//  - ReadFirstLine: the first line without its line end and surrounding spaces/tabs (secrets kept
//    one per file: a token, a password); INVALID_ARGUMENT when that line is empty.
// Errors name `what` the file was meant to be and its path, e.g. "cannot read the service token
// file (--evaluation_token_file) /run/token: No such file or directory" (NOT_FOUND, whatever the
// reason the file could not be opened, a directory included); an empty path is INVALID_ARGUMENT
// ("no <what> was given"); a read cut short is DATA_LOSS. Thread-safe.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge {

// `what` describes the file for error messages, e.g. "service token file (--service_token_file)".
absl::StatusOr<std::string> ReadFile(const std::string& path, std::string_view what);

absl::StatusOr<std::string> ReadFirstLine(const std::string& path, std::string_view what);

}  // namespace skillbridge
