#pragma once
// The training exports: enrolments (报名) and subsidy claims (补贴申请), one row per record.
// Enrolments lead with what an enrolment import needs (课程编号, 姓名, 身份证号, 报名日期) after
// the enrolment's own id; claims lead with their id, enrolment and person. Enum cells are their
// Chinese labels (enum_labels.h), dates YYYY-MM-DD, amounts in yuan with two decimals. ID numbers
// are written as the service sent them (masked for callers it masks them for). Pure; thread-safe.

#include <string>
#include <vector>

#include "skillbridge/training/v1/training.pb.h"
#include "tools/cli/export/cell_format.h"

namespace skillbridge::cli {

const std::vector<std::string>& EnrollmentHeader();
std::vector<std::string> EnrollmentRow(const training::v1::Enrollment& enrollment);
// The header, then one row per enrolment in the order given.
SheetRows EnrollmentRows(const std::vector<training::v1::Enrollment>& enrollments);

const std::vector<std::string>& SubsidyClaimHeader();
std::vector<std::string> SubsidyClaimRow(const training::v1::SubsidyClaim& claim);
// The header, then one row per claim in the order given.
SheetRows SubsidyClaimRows(const std::vector<training::v1::SubsidyClaim>& claims);

}  // namespace skillbridge::cli
