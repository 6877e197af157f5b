#pragma once
// The resource names of the training service (docs/api.md "Resource names"; listed in the header
// comment of protos/skillbridge/training/v1/training.proto), spelled once: what the audit trail
// records in `resource` for every mutation.
//   institutions/{credit_code}
//   catalog/{year}/{occupation_code}/{level}     level: the SkillLevel enum name
//   courses/{id}
//   enrollments/{id}
//   subsidyClaims/{id}
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/util/concat.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge::training::names {

inline std::string Institution(std::string_view credit_code) { return Concat("institutions/", credit_code); }

inline std::string CatalogEntry(int year, std::string_view occupation_code, common::v1::SkillLevel level) {
  return Concat("catalog/", year, "/", occupation_code, "/", common::v1::SkillLevel_Name(level));
}

inline std::string Course(std::string_view id) { return Concat("courses/", id); }

inline std::string Enrollment(std::string_view id) { return Concat("enrollments/", id); }

inline std::string SubsidyClaim(std::string_view id) { return Concat("subsidyClaims/", id); }

}  // namespace skillbridge::training::names
