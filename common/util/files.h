#pragma once
// Reading small local files the services are configured with (tokens, passwords, TLS material,
// reference tables, the auth config, static web assets): the one place that opens them.
//  - ReadFile: the whole file, bytes as they are;
//  - ReadFirstLine: the first line without its line end and surrounding spaces/tabs (secrets kept
//    one per file: a token, a password); INVALID_ARGUMENT when that line is empty.
// Errors name the file and `what` it was meant to be, e.g. "cannot read the service token file
// /run/token (--service_token_file): No such file or directory" (NOT_FOUND). Thread-safe.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge {

// `what` describes the file for error messages, e.g. "service token file (--service_token_file)".
absl::StatusOr<std::string> ReadFile(const std::string& path, std::string_view what);

absl::StatusOr<std::string> ReadFirstLine(const std::string& path, std::string_view what);

}  // namespace skillbridge
