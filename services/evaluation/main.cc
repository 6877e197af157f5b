// skillbridge-evaluation: the evaluation service. Flags: --help, docs/operations.md.

#include "common/server/standard_server.h"
#include "services/evaluation/evaluation_service_traits.h"

int main(int argc, char** argv) {
  return skillbridge::RunStandardService<skillbridge::evaluation::EvaluationServiceTraits>(argc, argv);
}
