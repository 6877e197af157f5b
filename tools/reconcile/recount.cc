#include "tools/reconcile/recount.h"

#include <chrono>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "common/reference/bureau_calendar.h"
#include "common/reference/skill_level.h"
#include "common/server/grpc_status.h"
#include "common/util/concat.h"
#include "services/aggregator/domain/catalogue.h"
#include "tools/reconcile/competition_tally.h"
#include "tools/reconcile/education_tally.h"
#include "tools/reconcile/incentive_tally.h"

namespace skillbridge::reconcile {

namespace {

namespace ev = ::skillbridge::evaluation::v1;
namespace tr = ::skillbridge::training::v1;
namespace cp = ::skillbridge::competition::v1;
namespace ic = ::skillbridge::incentive::v1;
namespace ed = ::skillbridge::education::v1;
namespace ids = ::skillbridge::aggregator::ids;
using common::v1::SkillLevel;

constexpr int kPageSize = 1000;

int64_t Score(const common::v1::Date& d) { return static_cast<int64_t>(d.year()) * 10000 + d.month() * 100 + d.day(); }

class Caller final {
 public:
  explicit Caller(const RecountSources& sources) : sources_(sources) {}

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", Concat("Bearer ", sources_.token));
    context->set_deadline(absl::ToChronoTime(absl::Now() + sources_.call_deadline));
    return context;
  }

  // Calls `call(request, &response)` for every page and hands each response to `each`.
  template <typename Request, typename Response, typename Call, typename Each>
  absl::Status PageAll(Request request, const char* what, Call call, Each each) const {
    request.set_page_size(kPageSize);
    do {
      Response response;
      grpc::Status status = call(Context().get(), request, &response);
      if (!status.ok()) {
        return FromGrpcStatus(status, what);
      }
      each(response);
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return absl::OkStatus();
  }

 private:
  const RecountSources& sources_;
};

// Adds to the city ("") and to `district`.
template <typename Map, typename Apply>
void CityAndDistrict(Map& by_district, const std::string& district, Apply apply) {
  apply(by_district[""]);
  apply(by_district[district]);
}

struct Evidence {
  int64_t score;
  std::string member;
  std::string district;
  bool operator<(const Evidence& o) const { return std::tie(score, member) < std::tie(o.score, o.member); }
};

}  // namespace

double FigureOf(const Figures& figures, const std::string& indicator, const std::string& district) {
  auto it = figures.find(indicator);
  if (it == figures.end()) {
    return 0;
  }
  auto value = it->second.find(district);
  return value == it->second.end() ? 0 : value->second;
}

absl::StatusOr<Figures> RecountFromSources(const RecountSources& sources, int year) {
  if (sources.evaluation == nullptr) {
    return absl::InvalidArgumentError("the evaluation source is required");
  }
  const Caller caller(sources);
  ev::EvaluationService::StubInterface& evaluation = *sources.evaluation;
  Figures f;
  std::map<std::string, std::set<std::string>> certified;  // district -> persons
  std::map<std::string, std::set<std::string>> senior;
  std::map<std::string, std::set<std::string>> talent;
  std::map<std::string, Evidence> first_high;  // person -> earliest evidence of 三级 or above
  // (person, occupation) -> issue dates (YYYYMMDD) of valid qualification/skill-level certificates.
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>> certified_in;
  std::set<std::string> promotion_certificates;  // valid certificates with basis COMPETITION_PROMOTION
  auto evidence = [&](const std::string& person, Evidence e) {
    auto it = first_high.find(person);
    if (it == first_high.end() || e < it->second) {
      first_high[person] = std::move(e);
    }
  };
  const auto insert = [](const std::string& person) { return [&person](auto& set) { set.insert(person); }; };

  absl::Status st = caller.PageAll<ev::ListCertificatesRequest, ev::ListCertificatesResponse>(
      {}, "ListCertificates",
      [&](grpc::ClientContext* c, const ev::ListCertificatesRequest& r, ev::ListCertificatesResponse* out) {
        return evaluation.ListCertificates(c, r, out);
      },
      [&](const ev::ListCertificatesResponse& page) {
        for (const ev::Certificate& c : page.certificates()) {
          const std::string& person = c.person().id_number();
          const std::string& district = c.issuer().district_code();
          CityAndDistrict(talent, district, insert(person));
          if (c.status() != ev::CERTIFICATE_STATUS_VALID) {
            continue;
          }
          if (c.basis() == ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION) {
            promotion_certificates.insert(c.number());
          }
          const bool counts =
              c.type() == ev::CERTIFICATE_TYPE_SKILL_LEVEL || c.type() == ev::CERTIFICATE_TYPE_ACCESS_QUALIFICATION;
          const bool high = IsHighSkilled(c.level());
          if (counts) {
            certified_in[{person, c.occupation_code()}].push_back(Score(c.issue_date()));
          }
          if (counts && c.issue_date().year() == year) {
            CityAndDistrict(certified, district, insert(person));
            if (high) {
              CityAndDistrict(senior, district, insert(person));
            }
          }
          if (high) {
            evidence(person, {Score(c.issue_date()), "cert:" + c.number(), district});
          }
        }
      });
  if (!st.ok()) {
    return st;
  }
  st = caller.PageAll<ev::ListIntroductionsRequest, ev::ListIntroductionsResponse>(
      {}, "ListIntroductions",
      [&](grpc::ClientContext* c, const ev::ListIntroductionsRequest& r, ev::ListIntroductionsResponse* out) {
        return evaluation.ListIntroductions(c, r, out);
      },
      [&](const ev::ListIntroductionsResponse& page) {
        for (const ev::Introduction& in : page.introductions()) {
          const std::string& person = in.person().id_number();
          const std::string& district = in.employer().district_code();
          CityAndDistrict(talent, district, insert(person));
          if (in.arrival_date().year() == year) {
            f[ids::kIntroduced][""] += 1;
            f[ids::kIntroduced][district] += 1;
          }
          if (IsHighSkilled(in.level())) {
            evidence(person, {Score(in.arrival_date()), "intro:" + in.id(), district});
          }
        }
      });
  if (!st.ok()) {
    return st;
  }
  f[ids::kNewHighSkilled][""] += 0;
  for (const auto& [person, e] : first_high) {
    if (e.score / 10000 == year) {
      f[ids::kNewHighSkilled][""] += 1;
      f[ids::kNewHighSkilled][e.district] += 1;
    }
  }

  // Coverage: eligible above-size enterprises with a filed enterprise self-evaluation org.
  std::set<std::string> filed_self;
  st = caller.PageAll<ev::ListEvaluationOrgsRequest, ev::ListEvaluationOrgsResponse>(
      {}, "ListEvaluationOrgs",
      [&](grpc::ClientContext* c, const ev::ListEvaluationOrgsRequest& r, ev::ListEvaluationOrgsResponse* out) {
        return evaluation.ListEvaluationOrgs(c, r, out);
      },
      [&](const ev::ListEvaluationOrgsResponse& page) {
        for (const ev::EvaluationOrg& o : page.evaluation_orgs()) {
          if (o.kind() == ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION && o.state() == ev::FILING_STATE_FILED) {
            filed_self.insert(o.org().credit_code());
          }
        }
      });
  if (!st.ok()) {
    return st;
  }
  std::map<std::string, std::pair<int64_t, int64_t>> coverage;  // district -> {covered, eligible}
  st = caller.PageAll<ev::ListEnterprisesRequest, ev::ListEnterprisesResponse>(
      {}, "ListEnterprises",
      [&](grpc::ClientContext* c, const ev::ListEnterprisesRequest& r, ev::ListEnterprisesResponse* out) {
        return evaluation.ListEnterprises(c, r, out);
      },
      [&](const ev::ListEnterprisesResponse& page) {
        for (const ev::Enterprise& e : page.enterprises()) {
          if (!e.above_designated_size() || !e.self_evaluation_eligible()) {
            continue;
          }
          const bool covered = filed_self.count(e.org().credit_code()) > 0;
          CityAndDistrict(coverage, e.org().district_code(), [covered](auto& parts) {
            parts.second += 1;
            parts.first += covered ? 1 : 0;
          });
        }
      });
  if (!st.ok()) {
    return st;
  }
  for (const auto& [district, parts] : coverage) {
    f[ids::kSelfEvaluationCoverage][district] =
        100.0 * static_cast<double>(parts.first) / static_cast<double>(parts.second);
  }

  if (sources.training != nullptr) {
    tr::TrainingService::StubInterface& training = *sources.training;
    std::map<int, std::set<std::pair<std::string, int>>> catalogue;  // year -> (occupation, level)
    auto in_catalogue = [&](int course_year, const std::string& occupation, SkillLevel level) -> absl::StatusOr<bool> {
      if (catalogue.count(course_year) == 0) {
        auto& entries = catalogue[course_year];
        tr::ListCatalogEntriesRequest request;
        request.set_year(course_year);
        absl::Status listed = caller.PageAll<tr::ListCatalogEntriesRequest, tr::ListCatalogEntriesResponse>(
            request, "ListCatalogEntries",
            [&](grpc::ClientContext* c, const tr::ListCatalogEntriesRequest& r, tr::ListCatalogEntriesResponse* out) {
              return training.ListCatalogEntries(c, r, out);
            },
            [&](const tr::ListCatalogEntriesResponse& page) {
              for (const tr::CatalogEntry& e : page.entries()) {
                if (!e.withdrawn()) {
                  entries.insert({e.occupation_code(), static_cast<int>(e.level())});
                }
              }
            });
        if (!listed.ok()) {
          return listed;
        }
      }
      return catalogue[course_year].count({occupation, static_cast<int>(level)}) > 0;
    };
    std::vector<tr::Enrollment> enrollments;
    st = caller.PageAll<tr::ListEnrollmentsRequest, tr::ListEnrollmentsResponse>(
        {}, "ListEnrollments",
        [&](grpc::ClientContext* c, const tr::ListEnrollmentsRequest& r, tr::ListEnrollmentsResponse* out) {
          return training.ListEnrollments(c, r, out);
        },
        [&](const tr::ListEnrollmentsResponse& page) {
          enrollments.insert(enrollments.end(), page.enrollments().begin(), page.enrollments().end());
        });
    if (!st.ok()) {
      return st;
    }
    f[ids::kSubsidisedTraining][""] += 0;
    // Conversion: completions of the year, and those with a certificate in the same occupation
    // dated from the completion day to the same day a year later.
    std::map<std::string, std::pair<int64_t, int64_t>> conversion;  // district -> {certified, completed}
    for (const tr::Enrollment& e : enrollments) {
      CityAndDistrict(talent, e.district_code(), insert(e.person().id_number()));
      if (e.state() != tr::ENROLLMENT_STATE_COMPLETED || e.completed_date().year() != year) {
        continue;
      }
      const int64_t done = Score(e.completed_date());
      bool converted = false;
      for (int64_t issued : certified_in[{e.person().id_number(), e.occupation_code()}]) {
        converted = converted || (issued >= done && issued <= done + 10000);
      }
      CityAndDistrict(conversion, e.district_code(), [converted](auto& parts) {
        parts.second += 1;
        parts.first += converted ? 1 : 0;
      });
      auto listed = in_catalogue(e.course_year(), e.occupation_code(), e.level());
      if (!listed.ok()) {
        return listed.status();
      }
      if (*listed) {
        f[ids::kSubsidisedTraining][""] += 1;
        f[ids::kSubsidisedTraining][e.district_code()] += 1;
      }
    }
    f[ids::kTrainingConversion][""] += 0;
    for (const auto& [district, parts] : conversion) {
      f[ids::kTrainingConversion][district] =
          100.0 * static_cast<double>(parts.first) / static_cast<double>(parts.second);
    }
    f[ids::kSubsidyPaid][""] += 0;
    st = caller.PageAll<tr::ListSubsidyClaimsRequest, tr::ListSubsidyClaimsResponse>(
        {}, "ListSubsidyClaims",
        [&](grpc::ClientContext* c, const tr::ListSubsidyClaimsRequest& r, tr::ListSubsidyClaimsResponse* out) {
          return training.ListSubsidyClaims(c, r, out);
        },
        [&](const tr::ListSubsidyClaimsResponse& page) {
          for (const tr::SubsidyClaim& c : page.claims()) {
            if (c.state() == tr::CLAIM_STATE_PAID && c.paid_date().year() == year) {
              f[ids::kSubsidyPaid][""] += static_cast<double>(c.amount_fen());
              f[ids::kSubsidyPaid][c.institution().district_code()] += static_cast<double>(c.amount_fen());
            }
          }
        });
    if (!st.ok()) {
      return st;
    }
  }
  if (sources.competition != nullptr) {
    cp::CompetitionService::StubInterface& competition = *sources.competition;
    std::vector<cp::Competition> competitions;
    st = caller.PageAll<cp::ListCompetitionsRequest, cp::ListCompetitionsResponse>(
        {}, "ListCompetitions",
        [&](grpc::ClientContext* c, const cp::ListCompetitionsRequest& r, cp::ListCompetitionsResponse* out) {
          return competition.ListCompetitions(c, r, out);
        },
        [&](const cp::ListCompetitionsResponse& page) {
          competitions.insert(competitions.end(), page.competitions().begin(), page.competitions().end());
        });
    if (!st.ok()) {
      return st;
    }
    std::vector<cp::Entry> entries;
    st = caller.PageAll<cp::ListEntriesRequest, cp::ListEntriesResponse>(
        {}, "ListEntries",
        [&](grpc::ClientContext* c, const cp::ListEntriesRequest& r, cp::ListEntriesResponse* out) {
          return competition.ListEntries(c, r, out);
        },
        [&](const cp::ListEntriesResponse& page) {
          entries.insert(entries.end(), page.entries().begin(), page.entries().end());
        });
    if (!st.ok()) {
      return st;
    }
    TallyCompetitions(competitions, entries, promotion_certificates, year, f, talent);
  }
  if (sources.incentive != nullptr) {
    ic::IncentiveService::StubInterface& incentive = *sources.incentive;
    std::vector<ic::WageSurvey> surveys;
    ic::ListWageSurveysRequest surveys_of_year;
    surveys_of_year.set_year(year);
    st = caller.PageAll<ic::ListWageSurveysRequest, ic::ListWageSurveysResponse>(
        surveys_of_year, "ListWageSurveys",
        [&](grpc::ClientContext* c, const ic::ListWageSurveysRequest& r, ic::ListWageSurveysResponse* out) {
          return incentive.ListWageSurveys(c, r, out);
        },
        [&](const ic::ListWageSurveysResponse& page) {
          surveys.insert(surveys.end(), page.surveys().begin(), page.surveys().end());
        });
    if (!st.ok()) {
      return st;
    }
    std::vector<ic::Nomination> nominations;
    st = caller.PageAll<ic::ListNominationsRequest, ic::ListNominationsResponse>(
        {}, "ListNominations",
        [&](grpc::ClientContext* c, const ic::ListNominationsRequest& r, ic::ListNominationsResponse* out) {
          return incentive.ListNominations(c, r, out);
        },
        [&](const ic::ListNominationsResponse& page) {
          nominations.insert(nominations.end(), page.nominations().begin(), page.nominations().end());
        });
    if (!st.ok()) {
      return st;
    }
    std::vector<ic::BridgeApplication> applications;
    st = caller.PageAll<ic::ListBridgeApplicationsRequest, ic::ListBridgeApplicationsResponse>(
        {}, "ListBridgeApplications",
        [&](grpc::ClientContext* c, const ic::ListBridgeApplicationsRequest& r,
            ic::ListBridgeApplicationsResponse* out) { return incentive.ListBridgeApplications(c, r, out); },
        [&](const ic::ListBridgeApplicationsResponse& page) {
          applications.insert(applications.end(), page.applications().begin(), page.applications().end());
        });
    if (!st.ok()) {
      return st;
    }
    TallyIncentives(surveys, nominations, applications, year, f, talent);
  }
  if (sources.education != nullptr) {
    ed::EducationService::StubInterface& education = *sources.education;
    std::vector<ed::Specialty> specialties;
    st = caller.PageAll<ed::ListSpecialtiesRequest, ed::ListSpecialtiesResponse>(
        {}, "ListSpecialties",
        [&](grpc::ClientContext* c, const ed::ListSpecialtiesRequest& r, ed::ListSpecialtiesResponse* out) {
          return education.ListSpecialties(c, r, out);
        },
        [&](const ed::ListSpecialtiesResponse& page) {
          specialties.insert(specialties.end(), page.specialties().begin(), page.specialties().end());
        });
    if (!st.ok()) {
      return st;
    }
    std::vector<ed::Student> students;
    st = caller.PageAll<ed::ListStudentsRequest, ed::ListStudentsResponse>(
        {}, "ListStudents",
        [&](grpc::ClientContext* c, const ed::ListStudentsRequest& r, ed::ListStudentsResponse* out) {
          return education.ListStudents(c, r, out);
        },
        [&](const ed::ListStudentsResponse& page) {
          students.insert(students.end(), page.students().begin(), page.students().end());
        });
    if (!st.ok()) {
      return st;
    }
    TallyEducation(specialties, students, year, BureauYear(absl::Now()), f, talent);
  }
  const std::pair<const char*, const std::map<std::string, std::set<std::string>>*> persons[] = {
      {ids::kNewlyCertified, &certified}, {ids::kNewlyCertifiedSenior, &senior}, {ids::kTalentDatabase, &talent}};
  for (const auto& [id, sets] : persons) {
    f[id][""] += 0;
    for (const auto& [district, set] : *sets) {
      f[id][district] = static_cast<double>(set.size());
    }
  }
  return f;
}

}  // namespace skillbridge::reconcile
