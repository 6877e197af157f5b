#pragma once
// What one `skillbridge export` asks for (the flags, as given) and what it produces (the sheet),
// shared by the exporters of each kind. Plain data.

#include <cstddef>
#include <string>

#include "tools/cli/export/cell_format.h"

namespace skillbridge::cli {

// The filters of an export; empty / 0 = not given.
struct ExportFilters {
  int year = 0;                    // --year
  std::string district;            // --district
  std::string indicator;           // --indicator
  std::string by;                  // --by
  std::string chain;               // --chain
  std::string id_number;           // --id_number
  std::string level;               // --level
  std::string type;                // --type
  std::string status;              // --status
  std::string issuer_credit_code;  // --issuer_credit_code
  std::string course;              // --course_id
  std::string institution;         // --institution
};

// An export's result, ready to write.
struct ExportSheet {
  SheetRows rows;           // header (or title) first
  size_t record_count = 0;  // records exported (certificates, districts, indicators...), for the summary
  std::string sheet_name;   // the .xlsx sheet's name
};

}  // namespace skillbridge::cli
