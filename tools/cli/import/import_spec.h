#pragma once
// What one kind of import is (`skillbridge import certificates`, `... students`...): the RPC it
// sends, how its rows go into the request, the columns a spreadsheet may have and the field each
// fills, and the local check a --dry-run applies. The specs themselves are in import_catalog.h;
// the engine that runs them (import_runner.h) knows nothing of any one service.
//
// Field paths are proto field names joined by dots, relative to the row message
// ("person.id_number"). One step may pick the element of a repeated field by an enum field's value,
// "levels[level=SKILL_LEVEL_3_SENIOR].headcount": the element whose `level` is that value, added
// when absent (a wage survey's pay per level, one column pair per level).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "skillbridge/common/v1/common.pb.h"
#include "tools/cli/table/cell_values.h"

namespace skillbridge::cli {

// How a cell becomes a field's value.
enum class CellKind {
  kText,      // as written, surrounding spaces removed
  kIdNumber,  // text; refused when Excel turned it into scientific notation (cell_values.h)
  kCode,      // text, upper-cased (credit codes, certificate numbers)
  kDate,      // a common.v1.Date from any form cell_values.h reads
  kEnum,      // an enum value by its Chinese label or name (labels/enum_labels.h)
  kInteger,   // a whole number (thousands separators "," allowed)
  kYuan,      // money in yuan with at most two decimals, stored in fen (分)
  kBool,      // 是/否, Y/N, yes/no, true/false, 1/0
};

struct ImportColumn {
  ColumnSpec column;  // its accepted headers and whether it must be there
  std::string path;   // the field it fills, relative to the row message
  CellKind kind = CellKind::kText;
  std::string note;  // for the documentation of the columns (zh / en)
};

// A value every row gets from a flag (the school of a batch of students, the course of a file of
// enrolments, the survey year): `flag` names it; `path` is relative to the request when
// `on_request`, else to each row (a column of the same path, when present, wins).
struct FlagValue {
  std::string flag;  // e.g. "school"
  std::string path;  // e.g. "school_credit_code"
  CellKind kind = CellKind::kText;
  bool on_request = false;
  bool required = false;
};

// The context of the local checks: the reference data and the bureau's today.
struct LocalCheckContext {
  const ReferenceData* reference = nullptr;
  common::v1::Date today;
};

// The service's own validation of one row, run locally: OK, or the INVALID_ARGUMENT the service
// would answer, its field paths under `prefix` (the row's path in the request, "certificates[3]").
using LocalCheck = std::function<absl::Status(const google::protobuf::Message& row, std::string_view prefix,
                                              const LocalCheckContext& context)>;

struct ImportSpec {
  std::string kind;      // the subcommand word, e.g. "certificates"
  std::string title_zh;  // e.g. "证书批量发放"
  std::string title_en;  // e.g. "bulk certificate issue"
  std::string service;   // short name, e.g. "evaluation"
  std::string method;    // e.g. "BatchIssueCertificates"
  // Where the rows go in the request:
  //  - a batch method: the repeated field ("certificates"); results come back in `results_field`
  //    (one per row, in order, each with a google.rpc.Status `status`);
  //  - a one-row method: empty `rows_field`, and `row_field` names the request's message field the
  //    row fills ("introduction"), or is empty when the row is the request itself.
  std::string rows_field;
  std::string results_field = "results";
  std::string row_field;
  // Largest batch the method takes (1 for a one-row method), and whether the file must go in one
  // call whatever its size (results of a contest are published once).
  int max_batch = 1;
  bool whole_file_in_one_call = false;
  std::vector<ImportColumn> columns;
  std::vector<FlagValue> flag_values;
  LocalCheck check;   // may be empty: the service checks alone
  std::string roles;  // who may run it, for the documentation (e.g. "INSTITUTION (own), ADMIN")
};

}  // namespace skillbridge::cli
