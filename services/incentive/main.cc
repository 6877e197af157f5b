// skillbridge-incentive: the incentive service. Flags: --help, docs/operations.md.

#include "common/server/standard_server.h"
#include "services/incentive/incentive_service_traits.h"

SKILLBRIDGE_DEFINE_PEER_FLAGS(evaluation, "127.0.0.1:50051", "persons' levels and the enterprise register")

int main(int argc, char** argv) {
  using skillbridge::incentive::IncentiveServiceTraits;
  return skillbridge::RunStandardService<IncentiveServiceTraits>(argc, argv, [] {
    IncentiveServiceTraits::Options options;
    options.evaluation = evaluation_PeerOptionsFromFlags();
    return options;
  });
}
