#pragma once
// SpecialtyStore: the schools' specialties in the education store's Redis (keys.h
// "Specialties"), over EducationStore's RedisClient; handlers make one per call from
// EducationStore::redis(). Thread-safe (the RedisClient is); holds no state of its own.

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/mutation.h"
#include "skillbridge/education/v1/education.pb.h"

namespace skillbridge::education {

class SpecialtyStore final {
 public:
  explicit SpecialtyStore(RedisClient& redis) : redis_(redis) {}

  // The specialty `code` of `school` as stored (enrolled_count not filled), or nullopt.
  absl::StatusOr<std::optional<Stored<v1::Specialty>>> GetSpecialty(std::string_view school, std::string_view code);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::education
