#pragma once
// FeedSource: one source service's change feed as the aggregator sees it — fetch the events after
// a cursor and translate them into feed commands. Adding a source = one small adapter:
// GrpcFeedSource<Stub, Request, Response, Event> over the service's ListEvents plus a pure
// translation function (domain/<source>_commands.h), named in the sources table (sources.h).
// Fetch errors are the source's (FromGrpcStatus: code, message, reason). Implementations are
// thread-safe.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/grpc_status.h"
#include "common/server/peer_client.h"
#include "common/util/proto_time.h"
#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

struct FeedBatch {
  std::vector<FeedCommand> commands;
  std::string last_id;  // the new cursor (the old one when there were no events)
  int events = 0;
  absl::Time last_event_time = absl::InfinitePast();
};

class FeedSource {
 public:
  virtual ~FeedSource() = default;
  virtual v1::Source source() const = 0;
  virtual absl::StatusOr<FeedBatch> Fetch(const std::string& after_id, int max_events,
                                          std::chrono::milliseconds wait) = 0;
};

// A feed over a gRPC ListEvents {after_id, max_events, wait_ms} -> {events, last_id}, called with
// a SERVICE bearer token and a deadline of wait + `rpc_margin` (PrepareOutgoingCall).
template <typename Stub, typename Request, typename Response, typename Event>
class GrpcFeedSource final : public FeedSource {
 public:
  using Translate = std::function<std::vector<FeedCommand>(const Event&)>;

  GrpcFeedSource(v1::Source source, std::unique_ptr<Stub> stub, std::string token, Translate translate,
                 std::chrono::milliseconds rpc_margin = std::chrono::milliseconds(5000))
      : source_(source),
        stub_(std::move(stub)),
        token_(std::move(token)),
        translate_(std::move(translate)),
        rpc_margin_(rpc_margin) {}

  v1::Source source() const override { return source_; }

  absl::StatusOr<FeedBatch> Fetch(const std::string& after_id, int max_events,
                                  std::chrono::milliseconds wait) override {
    grpc::ClientContext context;
    if (absl::Status prepared =
            PrepareOutgoingCall(context, token_, absl::FromChrono(wait + rpc_margin_), absl::InfiniteFuture());
        !prepared.ok()) {
      return prepared;
    }
    Request request;
    request.set_after_id(after_id);
    request.set_max_events(max_events);
    request.set_wait_ms(static_cast<int>(wait.count()));
    Response response;
    if (absl::Status status = FromGrpcStatus(stub_->ListEvents(&context, request, &response)); !status.ok()) {
      return status;
    }
    FeedBatch batch;
    batch.last_id = response.last_id().empty() ? after_id : response.last_id();
    batch.events = response.events_size();
    for (const Event& event : response.events()) {
      std::vector<FeedCommand> commands = translate_(event);
      for (FeedCommand& c : commands) {
        batch.commands.push_back(std::move(c));
      }
      if (event.has_time()) {
        batch.last_event_time = FromTimestamp(event.time());
      }
    }
    return batch;
  }

 private:
  v1::Source source_;
  std::unique_ptr<Stub> stub_;
  std::string token_;
  Translate translate_;
  std::chrono::milliseconds rpc_margin_;
};

// The feeds of the sources, over `channel` with the SERVICE `token` (one per source service;
// feed/<source>_source.cc).
std::unique_ptr<FeedSource> MakeEvaluationFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token);
std::unique_ptr<FeedSource> MakeTrainingFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token);
std::unique_ptr<FeedSource> MakeCompetitionFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token);
std::unique_ptr<FeedSource> MakeIncentiveFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token);
std::unique_ptr<FeedSource> MakeEducationFeedSource(std::shared_ptr<grpc::Channel> channel, std::string token);

}  // namespace skillbridge::aggregator
