// skillbridge-competition: the competition service. Flags: --help, docs/operations.md.

#include "common/server/standard_server.h"
#include "services/competition/competition_service_traits.h"

SKILLBRIDGE_DEFINE_PEER_FLAGS(evaluation, "127.0.0.1:50051", "current levels and promotion certificates")

int main(int argc, char** argv) {
  using skillbridge::competition::CompetitionServiceTraits;
  return skillbridge::RunStandardService<CompetitionServiceTraits>(argc, argv, [] {
    CompetitionServiceTraits::Options options;
    options.evaluation = evaluation_PeerOptionsFromFlags();
    return options;
  });
}
