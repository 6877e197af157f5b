#pragma once
// ApplyFeedBatch: the views tests' way of feeding the store — `events` of one source translated by
// `translate` (the pure domain translation) and applied as one batch through the real
// AggregatorStore::ApplyBatch, from `cursor` to the next stream id ("<++batches>-0"), which becomes
// the new `cursor`. Fails the test (gtest assertions) when the batch is not applied. Not
// thread-safe.

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/aggregator/domain/feed_commands.h"
#include "services/aggregator/store/aggregator_store.h"

namespace skillbridge::aggregator {

template <typename Event, typename Translate>
void ApplyFeedBatch(AggregatorStore& store, const std::string& source, const std::vector<Event>& events,
                    Translate translate, std::string& cursor, int& batches) {
  std::vector<FeedCommand> commands;
  for (const auto& e : events) {
    for (auto& c : translate(e)) {
      commands.push_back(std::move(c));
    }
  }
  const std::string next = std::to_string(++batches) + "-0";
  auto outcome = store.ApplyBatch(source, cursor, next, 0, static_cast<int>(events.size()), commands);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  ASSERT_TRUE(outcome->applied);
  cursor = next;
}

}  // namespace skillbridge::aggregator
