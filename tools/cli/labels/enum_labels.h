#pragma once
// The words bureau staff use for the API's enum values in spreadsheets: 三级/高级工 for
// SKILL_LEVEL_3_SENIOR, 职业技能等级 for CERTIFICATE_TYPE_SKILL_LEVEL, 男 for GENDER_MALE...
//  - EnumCellText: what an export writes for a value (the Chinese label; the value's own name for
//    a value without one, e.g. one added to a proto later; empty for 0 / UNSPECIFIED);
//  - ParseEnumCell: what an import accepts for a value: the Chinese label or either of its halves
//    (三级/高级工, 三级, 高级工), the full value name (SKILL_LEVEL_3_SENIOR), the name without the
//    enum's prefix (3_SENIOR), or the number; ASCII case and surrounding spaces are ignored, and
//    levels may also be written as the digit of the new eight levels ("3", "3级").
// Pure; thread-safe (the tables are built once).

#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>

#include "absl/status/statusor.h"

namespace skillbridge::cli {

// The label of `value` of `type` (see above). A number the enum does not define gives the number.
std::string EnumCellText(const google::protobuf::EnumDescriptor& type, int value);

// The value `cell` names; 0 for an empty cell. INVALID_ARGUMENT listing the accepted labels (at
// most 12) for a cell that names no value of `type`.
absl::StatusOr<int> ParseEnumCell(const google::protobuf::EnumDescriptor& type, std::string_view cell);

// The Chinese label of the value named `full_name` (e.g. "GENDER_MALE"), or empty.
std::string_view ChineseLabel(std::string_view full_name);

}  // namespace skillbridge::cli
