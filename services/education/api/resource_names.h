#pragma once
// The resource names of the education service (docs/api.md "Resource names"; listed in the
// header comment of protos/skillbridge/education/v1/education.proto), spelled once: what the audit
// trail records in `resource` for every mutation.
//   schools/{credit_code}   schools/{credit_code}/specialties/{code}   students/{id}
//   partnerships/{id}
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/util/concat.h"

namespace skillbridge::education::names {

inline std::string School(std::string_view credit_code) { return Concat("schools/", credit_code); }
inline std::string Specialty(std::string_view school, std::string_view code) {
  return Concat("schools/", school, "/specialties/", code);
}
inline std::string Student(std::string_view id) { return Concat("students/", id); }
inline std::string Partnership(std::string_view id) { return Concat("partnerships/", id); }

}  // namespace skillbridge::education::names
