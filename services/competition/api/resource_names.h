#pragma once
// The resource names of the competition service (docs/api.md "Resource names"; listed in the
// header comment of protos/skillbridge/competition/v1/competition.proto), spelled once: what the
// audit trail records in `resource` for every mutation.
//   competitions/{id}   contests/{id}   entries/{id}
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/util/concat.h"

namespace skillbridge::competition::names {

inline std::string Competition(std::string_view id) { return Concat("competitions/", id); }
inline std::string Contest(std::string_view id) { return Concat("contests/", id); }
inline std::string Entry(std::string_view id) { return Concat("entries/", id); }

}  // namespace skillbridge::competition::names
