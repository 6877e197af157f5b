#include "common/auth/principal.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kCreditCode = "91350100M000100Y43";

config::v1::AuthConfig ParseConfig(const std::string& text) {
  config::v1::AuthConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config)) << text;
  return config;
}

std::string Entry(const std::string& name, const std::string& role, const std::string& token,
                  const std::string& extra = "") {
  return "principals { name: \"" + name + "\" role: " + role + " token_sha256: \"" + Sha256Hex(token) + "\" " + extra +
         " }\n";
}

std::string FullConfig() {
  return Entry("city-admin", "ROLE_ADMIN", "admin-token") +
         Entry("shinan-officer", "ROLE_DISTRICT_OFFICER", "officer-token", "district_code: \"370202\"") +
         Entry("training-centre", "ROLE_INSTITUTION", "institution-token",
               std::string("credit_code: \"") + kCreditCode + "\"") +
         Entry("provincial-verifier", "ROLE_VERIFIER", "verifier-token") +
         Entry("dashboard", "ROLE_VIEWER", "viewer-token") + Entry("evaluation", "ROLE_SERVICE", "service-token");
}

void ExpectConfigError(const std::string& text, const std::string& expected_substring) {
  absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> auth = TokenAuthenticator::FromConfig(ParseConfig(text));
  ASSERT_FALSE(auth.ok()) << text;
  EXPECT_EQ(auth.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(auth.status()), "BAD_AUTH_CONFIG");
  EXPECT_THAT(std::string(auth.status().message()), HasSubstr(expected_substring));
}

TEST(Sha256HexTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string_view("a\0b", 3)).size(), 64u);
}

TEST(RoleNameTest, AllRoles) {
  EXPECT_EQ(RoleName(common::v1::ROLE_ADMIN), "ADMIN");
  EXPECT_EQ(RoleName(common::v1::ROLE_DISTRICT_OFFICER), "DISTRICT_OFFICER");
  EXPECT_EQ(RoleName(common::v1::ROLE_INSTITUTION), "INSTITUTION");
  EXPECT_EQ(RoleName(common::v1::ROLE_VERIFIER), "VERIFIER");
  EXPECT_EQ(RoleName(common::v1::ROLE_VIEWER), "VIEWER");
  EXPECT_EQ(RoleName(common::v1::ROLE_SERVICE), "SERVICE");
  EXPECT_EQ(RoleName(common::v1::ROLE_UNSPECIFIED), "UNSPECIFIED");
}

TEST(TokenAuthenticatorTest, AuthenticatesEveryRole) {
  absl::StatusOr<std::shared_ptr<const TokenAuthenticator>> auth =
      TokenAuthenticator::FromConfig(ParseConfig(FullConfig()));
  ASSERT_TRUE(auth.ok()) << auth.status();

  absl::StatusOr<Principal> admin = (*auth)->Authenticate("Bearer admin-token");
  ASSERT_TRUE(admin.ok()) << admin.status();
  EXPECT_EQ(admin->name, "city-admin");
  EXPECT_EQ(admin->role, common::v1::ROLE_ADMIN);

  absl::StatusOr<Principal> officer = (*auth)->Authenticate("Bearer officer-token");
  ASSERT_TRUE(officer.ok());
  EXPECT_EQ(officer->role, common::v1::ROLE_DISTRICT_OFFICER);
  EXPECT_EQ(officer->district_code, "370202");

  absl::StatusOr<Principal> institution = (*auth)->Authenticate("Bearer institution-token");
  ASSERT_TRUE(institution.ok());
  EXPECT_EQ(institution->role, common::v1::ROLE_INSTITUTION);
  EXPECT_EQ(institution->credit_code, kCreditCode);

  EXPECT_EQ((*auth)->Authenticate("Bearer verifier-token")->role, common::v1::ROLE_VERIFIER);
  EXPECT_EQ((*auth)->Authenticate("Bearer viewer-token")->role, common::v1::ROLE_VIEWER);
  EXPECT_EQ((*auth)->Authenticate("Bearer service-token")->role, common::v1::ROLE_SERVICE);
}

TEST(TokenAuthenticatorTest, BearerSchemeIsCaseInsensitiveAndSpacesTolerated) {
  auto auth = TokenAuthenticator::FromConfig(ParseConfig(FullConfig()));
  ASSERT_TRUE(auth.ok());
  for (const char* header : {"bearer admin-token", "BEARER admin-token", "BeArEr admin-token",
                             "  Bearer   admin-token  ", "Bearer\tadmin-token"}) {
    absl::StatusOr<Principal> principal = (*auth)->Authenticate(header);
    ASSERT_TRUE(principal.ok()) << header << ": " << principal.status();
    EXPECT_EQ(principal->name, "city-admin");
  }
}

TEST(TokenAuthenticatorTest, MissingMalformedAndUnknownTokens) {
  auto auth = TokenAuthenticator::FromConfig(ParseConfig(FullConfig()));
  ASSERT_TRUE(auth.ok());
  struct Case {
    const char* header;
    const char* reason;
  };
  for (const Case& c :
       {Case{"", "MISSING_TOKEN"}, Case{"   ", "MISSING_TOKEN"}, Case{"admin-token", "MALFORMED_TOKEN"},
        Case{"Basic admin-token", "MALFORMED_TOKEN"}, Case{"Bearer", "MALFORMED_TOKEN"},
        Case{"Bearer ", "MALFORMED_TOKEN"}, Case{"Bearer admin-token extra", "MALFORMED_TOKEN"},
        Case{"Bearertoken admin-token", "MALFORMED_TOKEN"}, Case{"Bearer admin-token2", "UNKNOWN_TOKEN"},
        Case{"Bearer ADMIN-TOKEN", "UNKNOWN_TOKEN"}, Case{"Bearer secret-never-echoed", "UNKNOWN_TOKEN"}}) {
    absl::StatusOr<Principal> principal = (*auth)->Authenticate(c.header);
    ASSERT_FALSE(principal.ok()) << c.header;
    EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated) << c.header;
    EXPECT_EQ(ReasonOf(principal.status()), c.reason) << c.header;
    EXPECT_THAT(std::string(principal.status().message()), Not(HasSubstr("admin-token"))) << c.header;
    EXPECT_THAT(std::string(principal.status().message()), Not(HasSubstr("secret-never-echoed")));
  }
}

TEST(TokenAuthenticatorTest, UpperCaseHashIsAccepted) {
  std::string hash = Sha256Hex("tok");
  for (char& c : hash) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  auto auth = TokenAuthenticator::FromConfig(
      ParseConfig("principals { name: \"a\" role: ROLE_ADMIN token_sha256: \"" + hash + "\" }"));
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_TRUE((*auth)->Authenticate("Bearer tok").ok());
}

TEST(TokenAuthenticatorTest, SameNameMayHaveTwoTokens) {
  auto auth = TokenAuthenticator::FromConfig(
      ParseConfig(Entry("city-admin", "ROLE_ADMIN", "old-token") + Entry("city-admin", "ROLE_ADMIN", "new-token")));
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_EQ((*auth)->Authenticate("Bearer old-token")->name, "city-admin");
  EXPECT_EQ((*auth)->Authenticate("Bearer new-token")->name, "city-admin");
}

TEST(TokenAuthenticatorTest, BadEntries) {
  ExpectConfigError("", "lists no principals");
  ExpectConfigError("principals { role: ROLE_ADMIN token_sha256: \"" + Sha256Hex("t") + "\" }",
                    "principals[0]: name is required");
  ExpectConfigError(Entry("admin", "ROLE_ADMIN", "a") + Entry("nobody", "ROLE_UNSPECIFIED", "b"),
                    "principals[1] (\"nobody\"): role is required");
  ExpectConfigError("principals { name: \"x\" role: ROLE_ADMIN token_sha256: \"abc\" }",
                    "principals[0] (\"x\"): token_sha256 must be 64 hexadecimal characters");
  ExpectConfigError("principals { name: \"x\" role: ROLE_ADMIN token_sha256: \"" + std::string(64, 'g') + "\" }",
                    "token_sha256 must be 64 hexadecimal characters");
  ExpectConfigError(Entry("officer", "ROLE_DISTRICT_OFFICER", "a"),
                    "principals[0] (\"officer\"): district_code: "
                    "district code is required");
  ExpectConfigError(Entry("officer", "ROLE_DISTRICT_OFFICER", "a", "district_code: \"3702\""),
                    "district_code: district code must be 6 digits");
  ExpectConfigError(Entry("admin", "ROLE_ADMIN", "a", "district_code: \"370202\""),
                    "district_code is only for DISTRICT_OFFICER principals");
  ExpectConfigError(Entry("school", "ROLE_INSTITUTION", "a"), "credit_code: unified social credit code is required");
  ExpectConfigError(Entry("school", "ROLE_INSTITUTION", "a", "credit_code: \"91350100M000100Y44\""),
                    "credit_code: unified social credit code: check character");
  ExpectConfigError(Entry("viewer", "ROLE_VIEWER", "a", std::string("credit_code: \"") + kCreditCode + "\""),
                    "credit_code is only for INSTITUTION principals");
  ExpectConfigError(Entry("a", "ROLE_ADMIN", "same") + Entry("b", "ROLE_VIEWER", "same"),
                    "principals[1] (\"b\"): token_sha256 is the same as principals[0]");
}

class TokenFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::path(::testing::TempDir()) / (std::string("auth_") + info->name() + ".textproto");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void Write(const std::string& content) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << content;
  }
  std::filesystem::path path_;
};

TEST_F(TokenFileTest, LoadsTextFormatFile) {
  Write("# tokens of the evaluation service\n" + FullConfig());
  auto auth = TokenAuthenticator::LoadFromFile(path_.string());
  ASSERT_TRUE(auth.ok()) << auth.status();
  EXPECT_EQ((*auth)->Authenticate("Bearer officer-token")->district_code, "370202");
}

TEST_F(TokenFileTest, MissingFile) {
  auto auth = TokenAuthenticator::LoadFromFile(path_.string() + ".absent");
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(auth.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(auth.status()), "AUTH_CONFIG_MISSING");
}

TEST_F(TokenFileTest, SyntaxErrorNamesLineAndColumn) {
  Write(Entry("a", "ROLE_ADMIN", "t") + "principals { name: \"b\" role: ROLE_KING }\n");
  auto auth = TokenAuthenticator::LoadFromFile(path_.string());
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(ReasonOf(auth.status()), "BAD_AUTH_CONFIG");
  EXPECT_THAT(std::string(auth.status().message()), HasSubstr(path_.string() + ":2:"));
  EXPECT_THAT(std::string(auth.status().message()), HasSubstr("ROLE_KING"));
}

TEST_F(TokenFileTest, UnknownFieldIsAnError) {
  Write("principals { name: \"a\" role: ROLE_ADMIN token: \"plain-text-token\" }\n");
  auto auth = TokenAuthenticator::LoadFromFile(path_.string());
  ASSERT_FALSE(auth.ok());
  EXPECT_THAT(std::string(auth.status().message()), HasSubstr(path_.string() + ":1:"));
}

TEST_F(TokenFileTest, InvalidEntryNamesFile) {
  Write(Entry("officer", "ROLE_DISTRICT_OFFICER", "a"));
  auto auth = TokenAuthenticator::LoadFromFile(path_.string());
  ASSERT_FALSE(auth.ok());
  EXPECT_THAT(std::string(auth.status().message()), HasSubstr(path_.string() + ": principals[0]"));
}

}  // namespace
}  // namespace skillbridge
