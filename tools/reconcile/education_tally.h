#pragma once
// The education figures of one year counted from education's records (ListSpecialties and
// ListStudents, every record), following the indicator definitions (the catalogue's, measure 6),
// not the aggregator's code:
//   featured_specialties       specialties ACTIVE and featured now, by the school's district;
//   specialty_industry_match   ACTIVE specialties with an industry chain ÷ ACTIVE specialties,
//                              percent (0 when there is none), by the school's district;
//   students_enrolled          for the current year (or a later one): the records whose status
//                              is ENROLLED; for a past year Y: the records with enrol_date ≤ Dec 31
//                              Y and (status ENROLLED or status_date > Dec 31 Y) — a transfer's old
//                              record leaves on the transfer date and the new one enters on it, so
//                              the person counts once; by the school's district;
//   graduates                  records GRADUATED with status_date in Y, by the school's district;
//   graduates_employed_in_city of those, the ones whose first destination is IN_CITY ÷ graduates,
//                              percent (0 without graduates).
// Every student's person, of any year and state, joins the talent database of the school's
// district. A record without a district counts for the city only. Pure, thread-compatible.

#include <vector>

#include "skillbridge/education/v1/education.pb.h"
#include "tools/reconcile/recount.h"

namespace skillbridge::reconcile {

// Adds the figures of `year` to `figures` and the persons to `talent`; `current_year` is the year
// now (China Standard Time). `specialties` and `students` are every record the service lists.
void TallyEducation(const std::vector<education::v1::Specialty>& specialties,
                    const std::vector<education::v1::Student>& students, int year, int current_year, Figures& figures,
                    PersonsByDistrict& talent);

}  // namespace skillbridge::reconcile
