#pragma once
// The talent profile (技能人才库) of one person as one sheet: a 项目/内容 block about the person
// (name, ID number, gender, birth date, highest level, high-skilled, which view, missing sources),
// then one section per kind of record — certificates, trainings, competition entries,
// nominations, career-bridging applications, student records, and the sources' answers — each a
// title row 【…】, its header and its rows ("（无）" when there are none). Everything is written
// as the service answered for the caller's role: a masked ID number, cut certificate numbers and
// missing names stay that way (nothing is unmasked or completed here). Enum values the service
// sends as names become their Chinese labels. Pure; thread-safe.

#include "skillbridge/aggregator/v1/aggregator.pb.h"
#include "tools/cli/export/cell_format.h"

namespace skillbridge::cli {

SheetRows ProfileRows(const aggregator::v1::GetTalentProfileResponse& profile);

}  // namespace skillbridge::cli
