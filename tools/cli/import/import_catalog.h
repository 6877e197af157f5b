#pragma once
// The kinds of import the `skillbridge` tool knows, each an ImportSpec (import_spec.h): the RPC,
// the columns with their Chinese and English headers, the values taken from flags, and the
// service's own checks for --dry-run. docs/cli.md lists the same columns; `skillbridge import
// <kind>` prints them. Immutable after the first call; thread-safe.

#include <string_view>
#include <vector>

#include "tools/cli/import/import_spec.h"

namespace skillbridge::cli {

// Every kind, in the order `skillbridge import list` shows them.
const std::vector<ImportSpec>& ImportSpecs();

// The spec of `kind`, or nullptr.
const ImportSpec* FindImportSpec(std::string_view kind);

}  // namespace skillbridge::cli
