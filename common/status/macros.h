#pragma once
// Early-return macros for absl::Status / absl::StatusOr, so a handler reads like its contract:
//
//   SB_ASSIGN_OR_RETURN(auto stored, LoadEnrollment(store_, request.enrollment_id()));
//   SB_RETURN_IF_ERROR(CheckEnrollmentScope(call.principal, stored.record));
//
// SB_RETURN_IF_ERROR(expr): evaluates `expr` (an absl::Status) once; returns it when not OK.
// SB_ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>) once; returns its status
// when not OK, otherwise move-assigns the value to `lhs` (a declaration such as `auto x` or an
// existing lvalue). Both work in functions returning absl::Status or absl::StatusOr<U>.
// Header-only; no state.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SB_STATUS_MACROS_CONCAT_INNER(a, b) a##b
#define SB_STATUS_MACROS_CONCAT(a, b) SB_STATUS_MACROS_CONCAT_INNER(a, b)

#define SB_RETURN_IF_ERROR(expr)                                                          \
  do {                                                                                    \
    if (::absl::Status sb_status_macros_status = (expr); !sb_status_macros_status.ok()) { \
      return sb_status_macros_status;                                                     \
    }                                                                                     \
  } while (false)

#define SB_ASSIGN_OR_RETURN(lhs, expr) \
  SB_ASSIGN_OR_RETURN_IMPL(SB_STATUS_MACROS_CONCAT(sb_status_macros_or_, __LINE__), lhs, expr)

#define SB_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                             \
  if (!statusor.ok()) {                               \
    return std::move(statusor).status();              \
  }                                                   \
  lhs = std::move(statusor).value()
