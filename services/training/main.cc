// skillbridge-training: the training service. Flags: --help, docs/operations.md.

#include "common/server/standard_server.h"
#include "services/training/training_service_traits.h"

SKILLBRIDGE_DEFINE_PEER_FLAGS(evaluation, "127.0.0.1:50051", "certificate checks of subsidy claims")

int main(int argc, char** argv) {
  using skillbridge::training::TrainingServiceTraits;
  return skillbridge::RunStandardService<TrainingServiceTraits>(
      argc, argv, [] { return TrainingServiceTraits::Options{.evaluation = evaluation_PeerOptionsFromFlags()}; });
}
