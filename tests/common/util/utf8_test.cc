// ToValidUtf8: well-formed text is kept byte for byte; every byte that does not start a
// well-formed sequence becomes U+FFFD.

#include "common/util/utf8.h"

#include <gtest/gtest.h>

namespace skillbridge {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

TEST(Utf8Test, WellFormedTextIsKept) {
  EXPECT_EQ(ToValidUtf8("plain"), "plain");
  EXPECT_EQ(ToValidUtf8("焊工 三级/高级工 \xF0\x9F\x98\x80"), "焊工 三级/高级工 \xF0\x9F\x98\x80");
}

TEST(Utf8Test, IllFormedBytesBecomeReplacementCharacters) {
  EXPECT_EQ(ToValidUtf8("\xff\xfe"), std::string(kReplacement) + kReplacement);
  EXPECT_EQ(ToValidUtf8("a\x80"
                        "b"),
            std::string("a") + kReplacement + "b");                              // stray continuation
  EXPECT_EQ(ToValidUtf8("\xE7\x84"), std::string(kReplacement) + kReplacement);  // truncated
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), std::string(kReplacement) + kReplacement);  // overlong '/'
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80").find(kReplacement), 0u);                 // surrogate
  EXPECT_EQ(ToValidUtf8("\xF4\x90\x80\x80").find(kReplacement), 0u);             // above U+10FFFF
}

TEST(Utf8Test, SequenceLength) {
  EXPECT_EQ(Utf8SequenceLength("a"), 1u);
  EXPECT_EQ(Utf8SequenceLength("焊"), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xff"), 0u);
}

}  // namespace
}  // namespace skillbridge
