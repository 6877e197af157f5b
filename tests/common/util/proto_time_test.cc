// absl::Time <-> google.protobuf.Timestamp: whole and fractional seconds, and instants before
// 1970 (floored seconds, non-negative nanos).

#include "common/util/proto_time.h"

#include <gtest/gtest.h>

namespace skillbridge {
namespace {

TEST(ProtoTimeTest, AfterTheEpoch) {
  const absl::Time time = absl::FromUnixSeconds(1781488800) + absl::Milliseconds(250);
  const google::protobuf::Timestamp stamp = ToTimestamp(time);
  EXPECT_EQ(stamp.seconds(), 1781488800);
  EXPECT_EQ(stamp.nanos(), 250000000);
  EXPECT_EQ(FromTimestamp(stamp), time);
}

TEST(ProtoTimeTest, BeforeTheEpochKeepsNanosNonNegative) {
  const absl::Time time = absl::FromUnixSeconds(-10) + absl::Milliseconds(250);  // -9.75 s
  const google::protobuf::Timestamp stamp = ToTimestamp(time);
  EXPECT_EQ(stamp.seconds(), -10);
  EXPECT_EQ(stamp.nanos(), 250000000);
  EXPECT_EQ(FromTimestamp(stamp), time);
}

TEST(ProtoTimeTest, SetTimestampWritesTheSameValue) {
  google::protobuf::Timestamp out;
  SetTimestamp(absl::FromUnixSeconds(-1) - absl::Nanoseconds(1), &out);
  EXPECT_EQ(out.seconds(), -2);
  EXPECT_EQ(out.nanos(), 999999999);
}

}  // namespace
}  // namespace skillbridge
