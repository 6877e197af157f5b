// SB_RETURN_IF_ERROR and SB_ASSIGN_OR_RETURN in functions returning absl::Status and
// absl::StatusOr: the error is returned unchanged (code, message, reason), the expression is
// evaluated once, values are moved (move-only types work), and several uses share a scope.

#include "common/status/macros.h"

#include <memory>
#include <string>
#include <utility>

#include "common/status/errors.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

// Counts its calls, so the tests can see each expression evaluated once.
class Source final {
 public:
  absl::Status Check(absl::Status result) {
    ++calls_;
    return result;
  }
  absl::StatusOr<int> Number(absl::StatusOr<int> result) {
    ++calls_;
    return result;
  }
  absl::StatusOr<std::unique_ptr<std::string>> Owned(const std::string& text) {
    ++calls_;
    return std::make_unique<std::string>(text);
  }
  int calls() const { return calls_; }

 private:
  int calls_ = 0;
};

absl::Status CheckThenMark(Source& source, absl::Status result, bool* reached_end) {
  SB_RETURN_IF_ERROR(source.Check(std::move(result)));
  *reached_end = true;
  return absl::OkStatus();
}

absl::StatusOr<int> CheckThenValue(Source& source, absl::Status result) {
  SB_RETURN_IF_ERROR(source.Check(std::move(result)));
  return 42;
}

absl::StatusOr<int> Doubled(Source& source, absl::StatusOr<int> input) {
  SB_ASSIGN_OR_RETURN(const int value, source.Number(std::move(input)));
  return 2 * value;
}

absl::Status AssignExisting(Source& source, absl::StatusOr<int> input, int* out) {
  int value = -1;
  SB_ASSIGN_OR_RETURN(value, source.Number(std::move(input)));
  *out = value;
  return absl::OkStatus();
}

absl::StatusOr<std::string> Sum(Source& source, absl::StatusOr<int> a, absl::StatusOr<int> b) {
  SB_ASSIGN_OR_RETURN(auto first, source.Number(std::move(a)));
  SB_ASSIGN_OR_RETURN(auto second, source.Number(std::move(b)));
  return std::to_string(first + second);
}

absl::StatusOr<std::unique_ptr<std::string>> MoveOnly(Source& source, const std::string& text) {
  SB_ASSIGN_OR_RETURN(std::unique_ptr<std::string> owned, source.Owned(text));
  owned->append("!");
  return owned;
}

TEST(ReturnIfErrorTest, OkContinuesOnce) {
  Source source;
  bool reached_end = false;
  EXPECT_TRUE(CheckThenMark(source, absl::OkStatus(), &reached_end).ok());
  EXPECT_TRUE(reached_end);
  EXPECT_EQ(source.calls(), 1);
}

TEST(ReturnIfErrorTest, AnErrorIsReturnedUnchanged) {
  Source source;
  bool reached_end = false;
  const absl::Status error = FailedPreconditionError("ORG_NOT_FILED", "organisation is not filed");
  const absl::Status returned = CheckThenMark(source, error, &reached_end);
  EXPECT_EQ(returned, error);
  EXPECT_EQ(ReasonOf(returned), "ORG_NOT_FILED");
  EXPECT_FALSE(reached_end);
  EXPECT_EQ(source.calls(), 1);
}

TEST(ReturnIfErrorTest, WorksInAFunctionReturningStatusOr) {
  Source source;
  EXPECT_EQ(*CheckThenValue(source, absl::OkStatus()), 42);
  const absl::StatusOr<int> failed = CheckThenValue(source, absl::NotFoundError("no such course"));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(failed.status().message(), "no such course");
  EXPECT_EQ(source.calls(), 2);
}

TEST(AssignOrReturnTest, DeclaresTheValue) {
  Source source;
  EXPECT_EQ(*Doubled(source, 21), 42);
  EXPECT_EQ(source.calls(), 1);
}

TEST(AssignOrReturnTest, AnErrorIsReturnedUnchanged) {
  Source source;
  const absl::Status error = ErrorWithReason(absl::StatusCode::kAborted, "VERSION_MISMATCH", "course is at version 3");
  const absl::StatusOr<int> returned = Doubled(source, error);
  EXPECT_EQ(returned.status(), error);
  EXPECT_EQ(ReasonOf(returned.status()), "VERSION_MISMATCH");
  EXPECT_EQ(source.calls(), 1);
}

TEST(AssignOrReturnTest, AssignsAnExistingVariableInAFunctionReturningStatus) {
  Source source;
  int out = 0;
  EXPECT_TRUE(AssignExisting(source, 7, &out).ok());
  EXPECT_EQ(out, 7);
  out = 0;
  EXPECT_EQ(AssignExisting(source, absl::InternalError("boom"), &out).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(out, 0);
  EXPECT_EQ(source.calls(), 2);
}

TEST(AssignOrReturnTest, SeveralInOneScopeStopAtTheFirstError) {
  Source source;
  EXPECT_EQ(*Sum(source, 2, 3), "5");
  EXPECT_EQ(source.calls(), 2);
  EXPECT_EQ(Sum(source, absl::UnavailableError("redis unavailable"), 3).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(source.calls(), 3);  // the second expression was not evaluated
}

TEST(AssignOrReturnTest, MoveOnlyValues) {
  Source source;
  absl::StatusOr<std::unique_ptr<std::string>> owned = MoveOnly(source, "moved");
  ASSERT_TRUE(owned.ok()) << owned.status();
  ASSERT_NE(*owned, nullptr);
  EXPECT_EQ(**owned, "moved!");
  EXPECT_EQ(source.calls(), 1);
}

}  // namespace
}  // namespace skillbridge
