#pragma once
// The evaluation service's permission table: which roles may call each RPC, and which RPCs
// mutate (and are therefore audited). Scope (district, organisation) is checked per record by
// the handlers. Tests iterate this table for every RPC × role.

#include "common/auth/permissions.h"

namespace skillbridge::evaluation {

PermissionTable EvaluationPermissionTable();

}  // namespace skillbridge::evaluation
