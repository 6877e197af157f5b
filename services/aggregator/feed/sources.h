#pragma once
// The aggregator's sources as one table: a row per source service it can consume — the
// v1::Source (its name, "evaluation", "training", "competition", "incentive", "education", is
// SourceName(source) from the catalogue), the factory of its change feed (feed_source.h) and the
// factory of its part of the talent profile (api/profile_sources.h). The assembly, the --sources
// flag and the source status all follow the table: adding a source is one row, its feed adapter,
// its commands (domain/<source>_commands.h) and its catalogue entries.
//
// --sources: which sources are connected and where, as one comma-separated list of items
//   <name>=<address>             a source and its gRPC address (host:port, unix:/path, dns:///...)
//   tls_server_name=<name>       the name expected in the preceding source's TLS certificate
//                                (default: the host of its address)
// e.g. --sources=evaluation=127.0.0.1:50051,training=127.0.0.1:50052,competition=127.0.0.1:50053,
//                incentive=127.0.0.1:50054,education=127.0.0.1:50055
//      --sources=evaluation=10.0.0.5:50051,tls_server_name=evaluation.skillbridge.internal
// A source not listed is not connected. The flag is one list: given twice, the last one counts.
// ParseSourcesFlag refuses with INVALID_ARGUMENT naming --sources: an item that is not
// key=value, an unknown source name (the message lists the known ones), a source given twice, an
// empty address, a tls_server_name before any source or twice for one source.
// Pure; the table is immutable (thread-safe).

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "services/aggregator/api/profile_sources.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/feed/feed_source.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

struct SourceSpec {
  v1::Source source;
  std::unique_ptr<FeedSource> (*make_feed)(std::shared_ptr<grpc::Channel> channel, std::string token);
  ProfileSource (*make_profile)(std::shared_ptr<grpc::Channel> channel, std::string token);

  std::string_view name() const { return SourceName(source); }
};

// Every source the aggregator can consume, in the order their status and profile parts are shown.
const std::vector<SourceSpec>& Sources();
// The row named `name`, or null.
const SourceSpec* FindSource(std::string_view name);

// Where one connected source is.
struct SourceEndpoint {
  std::string address;
  std::string tls_server_name;  // empty = the host of `address`
};
// Keyed by source name.
using SourceEndpoints = std::map<std::string, SourceEndpoint>;

inline constexpr char kSourcesFlag[] = "--sources";

// The items of --sources (absl splits the list at commas) → the endpoints.
absl::StatusOr<SourceEndpoints> ParseSourcesFlag(const std::vector<std::string>& items);

// "evaluation, training, competition, incentive, education": the known names, for messages.
std::string KnownSourceNames();

}  // namespace skillbridge::aggregator
