#pragma once
// PartRunOptions: what every part of the simulator's run (the evaluation, training and
// competition drivers) is given — the plan's seed, scale and year, how many calls (batches) it
// keeps in flight, how it calls the services, and where progress bars and summaries go. A plain
// value.

#include <cstdint>
#include <ostream>

#include "tools/simulator/rpc.h"

namespace skillbridge::simulator {

struct PartRunOptions {
  uint64_t seed = 2021;
  double scale = 1.0;
  int year = 2026;
  int concurrency = 4;  // batches (and single calls) in flight
  RpcOptions rpc;
  std::ostream* progress = nullptr;  // progress bars and the summary; null = silent
};

}  // namespace skillbridge::simulator
