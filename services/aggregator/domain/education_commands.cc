#include "services/aggregator/domain/education_commands.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::aggregator {

namespace {

namespace ed = ::skillbridge::education::v1;

FeedCommand Replace(std::string fact_key, std::vector<ViewUpdate> updates) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kReplaceFact;
  cmd.fact_key = std::move(fact_key);
  cmd.updates = std::move(updates);
  return cmd;
}

FeedCommand Specialty(const ed::SpecialtyChanged& s) {
  std::vector<ViewUpdate> updates;
  if (s.status() == ed::SPECIALTY_STATUS_ACTIVE) {
    for (const std::string& b : CurrentBuckets(s.district_code(), s.industry_chain_code())) {
      updates.push_back(CountUpdate(ids::kActiveSpecialties, b, 1));
      if (!s.industry_chain_code().empty()) {
        updates.push_back(CountUpdate(ids::kActiveSpecialtiesWithChain, b, 1));
      }
      if (s.featured()) {
        updates.push_back(CountUpdate(ids::kFeaturedSpecialties, b, 1));
      }
    }
  }
  return Replace(Concat("education:specialty:", s.school_credit_code(), ":", s.code()), std::move(updates));
}

bool HasLeft(ed::StudentStatus status) {
  return status == ed::STUDENT_STATUS_GRADUATED || status == ed::STUDENT_STATUS_WITHDRAWN ||
         status == ed::STUDENT_STATUS_TRANSFERRED;
}

// The year the record left the enrolled stock (see the header); 0 when it has not.
int LeftYear(const ed::StudentChanged& s) {
  if (!HasLeft(s.status())) {
    return 0;
  }
  if (s.has_status_date() && s.status_date().year() > 0) {
    return s.status_date().year();
  }
  if (s.has_update_time()) {
    return BureauYear(FromTimestamp(s.update_time()));
  }
  return s.enrol_date().year();
}

FeedCommand Student(const ed::StudentChanged& s) {
  std::map<int, int64_t> changes;
  if (s.enrol_date().year() > 0) {
    changes[std::clamp(s.enrol_date().year(), kFirstEnrolmentYear, kLastEnrolmentYear)] += 1;
    if (const int left = LeftYear(s); left > 0) {
      changes[std::clamp(left, kFirstEnrolmentYear, kLastEnrolmentYear)] -= 1;
    }
  }
  std::vector<ViewUpdate> updates;
  for (const auto& [year, amount] : changes) {
    if (amount == 0) {
      continue;
    }
    for (const std::string& b : YearOnlyBuckets(year, s.district_code(), s.industry_chain_code(), "")) {
      updates.push_back(CountUpdate(ids::kEnrolmentChanges, b, amount));
    }
  }
  if (s.status() == ed::STUDENT_STATUS_GRADUATED && s.has_status_date()) {
    for (const std::string& b : BucketsFor(s.status_date(), s.district_code(), s.industry_chain_code())) {
      updates.push_back(CountUpdate(ids::kGraduates, b, 1));
      if (s.employment_kind() == ed::EMPLOYMENT_KIND_IN_CITY) {
        updates.push_back(CountUpdate(ids::kGraduatesInCity, b, 1));
      }
    }
  }
  return Replace(Concat("education:student:", s.student_id()), std::move(updates));
}

// The student's person in the talent database (added once, never undone).
FeedCommand Person(const ed::StudentChanged& s) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kAddFact;
  cmd.fact_key = Concat("education:student-person:", s.student_id());
  cmd.updates.push_back(PersonUpdate(s.person().id_number(), s.district_code()));
  return cmd;
}

}  // namespace

std::vector<FeedCommand> CommandsForEducationEvent(const ed::EducationEvent& event) {
  std::vector<FeedCommand> out;
  switch (event.payload_case()) {
    case ed::EducationEvent::kSpecialtyChanged:
      out.push_back(Specialty(event.specialty_changed()));
      break;
    case ed::EducationEvent::kStudentChanged: {
      const ed::StudentChanged& s = event.student_changed();
      if (!s.person().id_number().empty()) {
        out.push_back(Person(s));
      }
      out.push_back(Student(s));
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace skillbridge::aggregator
