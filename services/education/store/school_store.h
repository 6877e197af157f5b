#pragma once
// SchoolStore: the technical schools in the education store's Redis (keys.h "Schools"), over
// EducationStore's RedisClient; handlers make one per call from EducationStore::redis().
// Thread-safe (the RedisClient is); holds no state of its own.

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/mutation.h"
#include "skillbridge/education/v1/education.pb.h"

namespace skillbridge::education {

class SchoolStore final {
 public:
  explicit SchoolStore(RedisClient& redis) : redis_(redis) {}

  // The school with `credit_code` (canonical) as stored, or nullopt.
  absl::StatusOr<std::optional<Stored<v1::School>>> GetSchool(std::string_view credit_code);

 private:
  RedisClient& redis_;
};

}  // namespace skillbridge::education
