#include "services/education/store/specialty_store.h"

#include "common/store/record_io.h"
#include "services/education/store/keys.h"

namespace skillbridge::education {

absl::StatusOr<std::optional<Stored<v1::Specialty>>> SpecialtyStore::GetSpecialty(std::string_view school,
                                                                                  std::string_view code) {
  return GetStoredRecord<v1::Specialty>(redis_, keys::Specialty(school, code));
}

}  // namespace skillbridge::education
