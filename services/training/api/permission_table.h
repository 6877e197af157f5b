#pragma once
// The training service's permission table: which roles may call each RPC, and which RPCs
// mutate (and are therefore audited). Scope (district, institution) is checked per record by
// the handlers. Tests iterate this table for every RPC × role.

#include "common/auth/permissions.h"

namespace skillbridge::training {

PermissionTable TrainingPermissionTable();

}  // namespace skillbridge::training
