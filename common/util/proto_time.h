#pragma once
// absl::Time <-> google.protobuf.Timestamp, in one place. Times before 1970 keep a non-negative
// `nanos` (protobuf's rule: seconds is floored, nanos counts forward from it). Pure functions.

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace skillbridge {

google::protobuf::Timestamp ToTimestamp(absl::Time time);
inline void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out) { *out = ToTimestamp(time); }
absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace skillbridge
