#include "services/education/store/school_store.h"

#include "common/store/record_io.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

absl::StatusOr<std::optional<Stored<v1::School>>> SchoolStore::GetSchool(std::string_view credit_code) {
  return GetStoredRecord<v1::School>(redis_, keys::School(credit_code));
}

}  // namespace skillbridge::education
