// Fuzzes the student-record rules of the education service (services/education/domain/
// student_rules.h) with what arrives on the wire: the input is a serialized
// skillbridge.education.v1.TransferStudentResponse, used as a pair of arbitrary Student records
// (`from`, `to`) and, through its bytes, as an EnrolmentRow (bytes that do not parse are skipped,
// as gRPC refuses them before any handler runs).
//
// Invariants:
//  - CheckEnrolmentRow reports every violation under the row's prefix "rows[0]"; an accepted row
//    has a person whose normalised ID number parses (18 characters, valid date and check
//    character), a name, a cohort from 2000, a target level and a real enrolment date.
//  - RecordCounterDeltas is a difference: a record changed to itself moves nothing, and going
//    back undoes going there (the deltas of (a → b) and (b → a) cancel on every key and field);
//    creating a record and deleting it again cancel too. No delta is zero (zeros are left out).

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status/errors.h"
#include "common/validation/citizen_id.h"
#include "services/education/domain/student_rules.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using ::skillbridge::education::CounterDelta;
namespace ed = ::skillbridge::education::v1;

// The sum of `a` and `b` per (key, field), zeros dropped.
std::map<std::pair<std::string, std::string>, int64_t> Net(const std::vector<CounterDelta>& a,
                                                           const std::vector<CounterDelta>& b) {
  std::map<std::pair<std::string, std::string>, int64_t> net;
  for (const std::vector<CounterDelta>* deltas : {&a, &b}) {
    for (const CounterDelta& delta : *deltas) {
      FUZZ_CHECK(delta.amount != 0, delta.key + " " + delta.field);
      net[{delta.key, delta.field}] += delta.amount;
    }
  }
  for (auto it = net.begin(); it != net.end();) {
    it = it->second == 0 ? net.erase(it) : std::next(it);
  }
  return net;
}

void CheckRow(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  ed::EnrolmentRow row;
  if (!row.ParseFromArray(data, static_cast<int>(size))) {
    return;
  }
  common::v1::Date today;
  today.set_year(2026);
  today.set_month(6);
  today.set_day(15);
  FieldViolations violations;
  common::v1::PersonRef person;
  education::CheckEnrolmentRow(row, "rows[0]", today, violations, &person);
  for (const FieldViolation& violation : violations.violations()) {
    FUZZ_CHECK(violation.field.rfind("rows[0].", 0) == 0, violation.field);
  }
  if (!violations.empty()) {
    return;
  }
  FUZZ_CHECK(ParseCitizenId(person.id_number(), "id_number").ok(), person.id_number());
  FUZZ_CHECK(!person.name().empty(), row.DebugString());
  FUZZ_CHECK(row.cohort() >= education::kMinCohort && row.cohort() <= today.year() + 1, row.DebugString());
  FUZZ_CHECK(row.target_level() != ed::TRAINING_LEVEL_UNSPECIFIED, row.DebugString());
  FUZZ_CHECK(row.enrol_date().month() >= 1 && row.enrol_date().month() <= 12 && row.enrol_date().day() >= 1,
             row.DebugString());
}

void CheckDeltas(const ed::Student& a, const ed::Student& b) {
  using skillbridge::education::RecordCounterDeltas;
  constexpr int kYear = 2026;
  FUZZ_CHECK(RecordCounterDeltas(a, a, kYear).empty(), a.DebugString());
  FUZZ_CHECK(Net(RecordCounterDeltas(a, b, kYear), RecordCounterDeltas(b, a, kYear)).empty(),
             a.DebugString() + b.DebugString());
  FUZZ_CHECK(Net(RecordCounterDeltas(std::nullopt, a, kYear), RecordCounterDeltas(a, std::nullopt, kYear)).empty(),
             a.DebugString());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CheckRow(data, size);
  ed::TransferStudentResponse pair;
  if (pair.ParseFromArray(data, static_cast<int>(size))) {
    CheckDeltas(pair.from(), pair.to());
  }
  return 0;
}
