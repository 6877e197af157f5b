// SanitizeRequest: unknown fields and OUTPUT_ONLY fields are dropped at every depth; everything
// else is kept as it is.

#include "common/server/request_sanitizer.h"

#include <gtest/gtest.h>

#include "skillbridge/echo/v1/echo.pb.h"

namespace skillbridge {
namespace {

using echo::v1::EchoEnvelope;
using echo::v1::EchoRequest;

// `message` serialized with an extra length-delimited field `number` holding `value`.
std::string WithUnknownField(const google::protobuf::Message& message, int number, const std::string& value) {
  std::string bytes = message.SerializeAsString();
  bytes.push_back(static_cast<char>((number << 3) | 2));
  bytes.push_back(static_cast<char>(value.size()));
  bytes += value;
  return bytes;
}

TEST(RequestSanitizerTest, OutputOnlyFieldsAreClearedAtEveryDepth) {
  EchoRequest request;
  request.set_payload("p");
  request.set_request_id("r-1");
  EchoEnvelope* envelope = request.mutable_envelope();
  envelope->set_note("kept");
  envelope->set_server_stamp("client-set");
  EchoEnvelope* child = envelope->add_children();
  child->set_note("child kept");
  child->set_server_stamp("client-set too");
  child->add_children()->set_server_stamp("and here");

  SanitizeRequest(request);

  EXPECT_EQ(request.payload(), "p");
  EXPECT_EQ(request.request_id(), "r-1");
  EXPECT_EQ(request.envelope().note(), "kept");
  EXPECT_EQ(request.envelope().server_stamp(), "");
  ASSERT_EQ(request.envelope().children_size(), 1);
  EXPECT_EQ(request.envelope().children(0).note(), "child kept");
  EXPECT_EQ(request.envelope().children(0).server_stamp(), "");
  EXPECT_EQ(request.envelope().children(0).children(0).server_stamp(), "");
}

TEST(RequestSanitizerTest, UnknownFieldsAreDiscardedAtEveryDepth) {
  EchoEnvelope inner;
  inner.set_note("n");
  EchoRequest outer;
  outer.set_payload("p");
  ASSERT_TRUE(outer.mutable_envelope()->ParseFromString(WithUnknownField(inner, 15, "hidden-inner")));
  EchoRequest request;
  ASSERT_TRUE(request.ParseFromString(WithUnknownField(outer, 14, "hidden-outer")));
  ASSERT_NE(request.SerializeAsString().find("hidden-outer"), std::string::npos);
  ASSERT_NE(request.SerializeAsString().find("hidden-inner"), std::string::npos);

  SanitizeRequest(request);

  EXPECT_EQ(request.SerializeAsString().find("hidden-outer"), std::string::npos);
  EXPECT_EQ(request.SerializeAsString().find("hidden-inner"), std::string::npos);
  EXPECT_EQ(request.payload(), "p");
  EXPECT_EQ(request.envelope().note(), "n");
}

TEST(RequestSanitizerTest, OnlyAnnotatedFieldsAreOutputOnly) {
  const auto* envelope = EchoEnvelope::descriptor();
  EXPECT_TRUE(IsOutputOnly(*envelope->FindFieldByName("server_stamp")));
  EXPECT_FALSE(IsOutputOnly(*envelope->FindFieldByName("note")));
  EXPECT_FALSE(IsOutputOnly(*envelope->FindFieldByName("children")));
}

}  // namespace
}  // namespace skillbridge
