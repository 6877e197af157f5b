// ReadFile and ReadFirstLine against real files in a temporary directory: contents as they are,
// the first line trimmed, and errors that name the file and what it was for.

#include "common/util/files.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/process.h"

namespace skillbridge {
namespace {

using ::testing::HasSubstr;

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> dir = skillbridge::testing::MakeTempDir("files");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = *dir;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::string dir_;
};

TEST_F(FilesTest, ReadFileReturnsTheBytesAsTheyAre) {
  static constexpr char kBytes[] = "line one\r\n\0binary\xFF\n  trailing  ";
  const std::string bytes(kBytes, sizeof(kBytes) - 1);
  const std::string path = Write("data.bin", bytes);
  absl::StatusOr<std::string> read = ReadFile(path, "test file");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, bytes);
}

TEST_F(FilesTest, ReadFileOfAnEmptyFileIsEmpty) {
  absl::StatusOr<std::string> read = ReadFile(Write("empty", ""), "test file");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, "");
}

TEST_F(FilesTest, AMissingFileIsNotFoundNamingTheFileAndWhatItIsFor) {
  const std::string missing = dir_ + "/no-such-token";
  for (const auto& read : {ReadFile(missing, "service token file (--evaluation_token_file)"),
                           ReadFirstLine(missing, "service token file (--evaluation_token_file)")}) {
    ASSERT_EQ(read.status().code(), absl::StatusCode::kNotFound);
    const std::string message(read.status().message());
    EXPECT_THAT(message, HasSubstr(missing));
    EXPECT_THAT(message, HasSubstr("service token file (--evaluation_token_file)"));
    EXPECT_THAT(message, HasSubstr("No such file or directory"));
  }
}

TEST_F(FilesTest, ADirectoryIsNotFoundRatherThanAnEmptyFile) {
  for (const auto& read : {ReadFile(dir_, "CA file (--ca_file)"), ReadFirstLine(dir_, "CA file (--ca_file)")}) {
    ASSERT_EQ(read.status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(read.status().message(), "cannot read the CA file (--ca_file) " + dir_ + ": Is a directory");
  }
}

TEST_F(FilesTest, AnEmptyPathIsInvalidArgument) {
  for (const auto& read : {ReadFile("", "CA file (--ca_file)"), ReadFirstLine("", "CA file (--ca_file)")}) {
    ASSERT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(read.status().message(), "no CA file (--ca_file) was given");
  }
}

TEST_F(FilesTest, ReadFirstLineTrimsTheLineEndAndSurroundingSpaces) {
  struct Case {
    std::string bytes;
    std::string line;
  };
  for (const Case& c : {Case{"token", "token"}, Case{"token\n", "token"}, Case{"token\r\n", "token"},
                        Case{"  token \t\r\nsecond line\n", "token"}, Case{"\ts3cret pass\t\n", "s3cret pass"},
                        Case{"first\nsecond\n", "first"}}) {
    absl::StatusOr<std::string> read = ReadFirstLine(Write("secret", c.bytes), "password file");
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(*read, c.line);
  }
}

TEST_F(FilesTest, AnEmptyFirstLineIsInvalidArgument) {
  for (const std::string& bytes :
       {std::string(""), std::string("\n"), std::string("  \t\r\n"), std::string("\nsecond line\n")}) {
    const std::string path = Write("blank", bytes);
    absl::StatusOr<std::string> read = ReadFirstLine(path, "redis password file");
    ASSERT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument) << "[" << bytes << "]";
    EXPECT_EQ(read.status().message(), "the redis password file " + path + " is empty");
  }
}

}  // namespace
}  // namespace skillbridge
