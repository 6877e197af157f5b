#pragma once
// The resource names of the aggregator (docs/api.md "Resource names"; listed in the header comment
// of protos/skillbridge/aggregator/v1/aggregator.proto), spelled once: what the audit trail
// records in `resource` for its mutations.
//   targets/{indicator}/{year}/{district_code}   a district target; "city" for the city-wide one
//   views                                        the derived views (RebuildViews)
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/util/concat.h"

namespace skillbridge::aggregator::names {

inline std::string Target(std::string_view indicator_id, int year, std::string_view district_code) {
  return Concat("targets/", indicator_id, "/", year, "/", district_code.empty() ? "city" : district_code);
}

inline constexpr char kViews[] = "views";

}  // namespace skillbridge::aggregator::names
