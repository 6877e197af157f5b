#pragma once
// The flags of `skillbridge export` and `skillbridge dashboard`, defined once (export_flags.cc)
// and declared here for the subcommands that read them. `--encoding` and `--issuer_credit_code`
// are shared with `skillbridge import`, which declares them rather than defining its own. Filters left at
// their defaults (empty, 0) do not filter. Reading a flag is thread-safe (absl flags).

#include <string>

#include "absl/flags/declare.h"

// Where an export goes: a file ending in .csv or .xlsx, or "-" for CSV on stdout.
ABSL_DECLARE_FLAG(std::string, out);
// CSV text encoding: "" (export: UTF-8 with BOM; import: detected), utf-8, gbk (written as
// GB18030, which every GBK reader reads).
ABSL_DECLARE_FLAG(std::string, encoding);
// Year (issue year, course year, claim year; the indicator year). 0 = any for records, the
// current year (UTC+8) for indicator tables and the dashboard.
ABSL_DECLARE_FLAG(int, year);
// GB/T 2260 district code; empty = every district (the whole city for indicators).
ABSL_DECLARE_FLAG(std::string, district);
// Indicator id of the district circular.
ABSL_DECLARE_FLAG(std::string, indicator);
// `export indicators --by=district`: one block of rows per district.
ABSL_DECLARE_FLAG(std::string, by);
// `export chains --chain=IC07`: that industry chain only.
ABSL_DECLARE_FLAG(std::string, chain);
// Record filters: skill level, certificate type, status/state (as the spreadsheet words them,
// e.g. 三级, 职业技能等级, 有效, 已结业), issuing organisation, training institution. The course of
// `export enrolments` is import's --course_id (import_command.cc).
ABSL_DECLARE_FLAG(std::string, level);
ABSL_DECLARE_FLAG(std::string, type);
ABSL_DECLARE_FLAG(std::string, status);
ABSL_DECLARE_FLAG(std::string, issuer_credit_code);
ABSL_DECLARE_FLAG(std::string, institution);
