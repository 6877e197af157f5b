#pragma once
// The aggregator's permission table (one entry per RPC; the HTTP API checks the same entries).

#include "common/auth/permissions.h"

namespace skillbridge::aggregator {

PermissionTable AggregatorPermissionTable();

}  // namespace skillbridge::aggregator
