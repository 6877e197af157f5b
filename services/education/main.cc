// skillbridge-education: the education service. Flags: --help, docs/operations.md.

#include "common/server/standard_server.h"
#include "services/education/education_service_traits.h"

SKILLBRIDGE_DEFINE_PEER_FLAGS(evaluation, "127.0.0.1:50051", "whether a school is a filed evaluation organisation")

int main(int argc, char** argv) {
  using skillbridge::education::EducationServiceTraits;
  return skillbridge::RunStandardService<EducationServiceTraits>(argc, argv, [] {
    EducationServiceTraits::Options options;
    options.evaluation = evaluation_PeerOptionsFromFlags();
    return options;
  });
}
