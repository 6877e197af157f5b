#include "services/training/api/training_handlers.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/auth/permissions.h"
#include "common/reference/skill_level.h"
#include "common/server/feed_service.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/store/feed.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "common/validation/citizen_id.h"
#include "common/validation/codes.h"
#include "common/validation/credit_code.h"
#include "services/training/domain/course_rules.h"
#include "services/training/domain/events.h"
#include "services/training/domain/institution_contact.h"
#include "services/training/domain/subsidy_rules.h"
#include "services/training/store/keys.h"

namespace skillbridge::training {

namespace {

constexpr int kMaxNameChars = 50;
constexpr int kMaxOrgNameChars = 100;
constexpr int kMaxTextChars = 500;
constexpr int kMaxOccupations = 200;
constexpr int kMaxCapacity = 10000;
constexpr int kMaxHours = 10000;
constexpr int64_t kMaxSubsidyFen = 100000000;  // 1,000,000 yuan

using google::protobuf::Message;

std::string IdempotencyKey(const CallContext& call, const std::string& request_id) {
  return request_id.empty() ? std::string() : keys::Idempotency(call.method, call.principal.name, request_id);
}

MutationMeta MetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                     const Message& response) {
  return MutationMetaFor(call, resource, request_id, IdempotencyKey(call, request_id), response);
}

void AddViolations(const absl::Status& status, std::string_view field, FieldViolations& violations) {
  violations.AddStatus(status, field);
}

void CheckRequestId(const std::string& request_id, FieldViolations& violations) {
  AddViolations(ValidateRequestId(request_id, "request_id"), "request_id", violations);
}

void CheckText(std::string_view text, std::string_view field, bool required, int max_chars,
               FieldViolations& violations) {
  AddViolations(ValidateText(text, field, required, max_chars), field, violations);
}

bool DateAfter(const common::v1::Date& a, const common::v1::Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) > std::make_tuple(b.year(), b.month(), b.day());
}

bool DateSet(const common::v1::Date& date) { return date.year() != 0 || date.month() != 0 || date.day() != 0; }

// A real date; when `today` is given, not after it.
bool CheckDate(const common::v1::Date& date, std::string_view field, const common::v1::Date* today,
               FieldViolations& violations) {
  absl::Status valid = ValidateDate(date.year(), date.month(), date.day(), field);
  if (!valid.ok()) {
    AddViolations(valid, field, violations);
    return false;
  }
  if (today != nullptr && DateAfter(date, *today)) {
    violations.Add(std::string(field), "must not lie in the future");
    return false;
  }
  return true;
}

// Normalises the person (ID number upper-cased, gender and birth date derived).
void CheckPerson(const common::v1::PersonRef& person, const std::string& prefix, FieldViolations& violations,
                 common::v1::PersonRef* out) {
  auto id = ParseCitizenId(person.id_number(), Concat(prefix, ".id_number"));
  if (!id.ok()) {
    AddViolations(id.status(), Concat(prefix, ".id_number"), violations);
  }
  CheckText(person.name(), Concat(prefix, ".name"), /*required=*/true, kMaxNameChars, violations);
  if (id.ok() && out != nullptr) {
    out->set_id_number(id->number);
    out->set_name(person.name());
    out->set_gender(id->male ? common::v1::GENDER_MALE : common::v1::GENDER_FEMALE);
    out->mutable_birth_date()->set_year(id->birth_year);
    out->mutable_birth_date()->set_month(id->birth_month);
    out->mutable_birth_date()->set_day(id->birth_day);
  }
}

void CheckDistrict(const ReferenceData& reference, std::string_view district, std::string_view field, bool required,
                   FieldViolations& violations) {
  if (district.empty()) {
    if (required) {
      violations.Add(std::string(field), "a district code is required");
    }
    return;
  }
  if (reference.FindDistrict(district) == nullptr) {
    violations.Add(std::string(field), Concat("unknown district code ", district));
  }
}

const Occupation* CheckOccupation(const ReferenceData& reference, std::string_view code, std::string_view field,
                                  FieldViolations& violations) {
  absl::Status format = ValidateOccupationCodeFormat(code, field);
  if (!format.ok()) {
    AddViolations(format, field, violations);
    return nullptr;
  }
  const Occupation* occupation = reference.FindOccupation(code);
  if (occupation == nullptr) {
    violations.Add(std::string(field), Concat("unknown occupation code ", code));
  }
  return occupation;
}

void CheckLevelOfOccupation(const ReferenceData& reference, const Occupation* occupation, common::v1::SkillLevel level,
                            std::string_view field, FieldViolations& violations) {
  if (!IsKnownLevel(level)) {
    violations.Add(std::string(field), "a skill level is required");
    return;
  }
  if (occupation != nullptr && !reference.OccupationOffersLevel(*occupation, level)) {
    violations.Add(std::string(field),
                   Concat("occupation ", occupation->code, " does not offer ", LevelChineseName(level)));
  }
}

void CheckYearFilter(int year, std::string_view field, FieldViolations& violations) {
  if (year != 0 && (year < 1950 || year > 2100)) {
    violations.Add(std::string(field), "0 (any) or a year from 1950 to 2100");
  }
}

common::v1::Date Today(const CallContext& call) { return ToDate(BureauDay(call.now)); }

std::string CatalogueFingerprint(const CatalogFilter& filter) {
  return Concat("cat|", filter.year, "|", filter.occupation_code, "|", static_cast<int>(filter.level), "|",
                filter.include_withdrawn ? 1 : 0);
}

absl::Status InstitutionNotFound(std::string_view credit_code) {
  return NotFoundError("INSTITUTION_NOT_FOUND", Concat("no training institution with credit code ", credit_code));
}

absl::StatusOr<Stored<v1::Institution>> LoadInstitution(TrainingStore& store, const std::string& credit_code) {
  auto stored = store.GetInstitution(credit_code);
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return InstitutionNotFound(credit_code);
  }
  return std::move(**stored);
}

// Optimistic concurrency of institution updates: `expected` 0 = any version.
absl::Status CheckExpectedVersion(const v1::Institution& current, int64_t expected) {
  if (expected != 0 && expected != current.version()) {
    return ErrorWithReason(absl::StatusCode::kAborted, "VERSION_MISMATCH",
                           Concat("the institution is at version ", current.version(), ", not ", expected));
  }
  return absl::OkStatus();
}

// A published catalogue entry's standard, if any.
absl::StatusOr<std::optional<int64_t>> CatalogueStandard(TrainingStore& store, int year, std::string_view occupation,
                                                         common::v1::SkillLevel level) {
  auto entry = store.GetCatalogEntry(year, occupation, level);
  if (!entry.ok()) {
    return entry.status();
  }
  if (!entry->has_value() || (*entry)->record.withdrawn()) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>((*entry)->record.subsidy_fen());
}

// The person / institution / district / year filters that enrolment and claim lists share.
struct PersonOrgFilter {
  std::string id_number;  // normalised
  std::string institution_credit_code;
  std::string district_code;
  int year = 0;
};

// Validates them (violations named by field) and copies them into `out`.
void ReadPersonOrgFilter(const ReferenceData& reference, const std::string& id_number,
                         const std::string& institution_credit_code, const std::string& district_code, int year,
                         FieldViolations& violations, PersonOrgFilter* out) {
  if (!id_number.empty()) {
    auto id = ParseCitizenId(id_number, "id_number");
    if (!id.ok()) {
      AddViolations(id.status(), "id_number", violations);
    } else {
      out->id_number = id->number;
    }
  }
  if (!institution_credit_code.empty()) {
    AddViolations(ValidateCreditCode(institution_credit_code, "institution_credit_code"), "institution_credit_code",
                  violations);
  }
  CheckDistrict(reference, district_code, "district_code", false, violations);
  CheckYearFilter(year, "year", violations);
  out->institution_credit_code = institution_credit_code;
  out->district_code = district_code;
  out->year = year;
}

}  // namespace

// ---------------------------------------------------------------- institutions

absl::Status TrainingHandlers::CreateInstitution(const CallContext& call, const v1::CreateInstitutionRequest& request,
                                                 v1::CreateInstitutionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  auto credit = NormalizeCreditCode(request.org().credit_code(), "org.credit_code");
  if (!credit.ok()) {
    AddViolations(credit.status(), "org.credit_code", violations);
  }
  CheckText(request.org().name(), "org.name", /*required=*/true, kMaxOrgNameChars, violations);
  CheckDistrict(*reference_, request.org().district_code(), "org.district_code", /*required=*/true, violations);
  if (request.kind() == v1::INSTITUTION_KIND_UNSPECIFIED || !v1::InstitutionKind_IsValid(request.kind())) {
    violations.Add("kind", "an institution kind is required");
  }
  if (!v1::InstitutionStatus_IsValid(request.status())) {
    violations.Add("status", "unknown institution status");
  }
  if (request.approved_occupation_codes_size() > kMaxOccupations) {
    violations.Add("approved_occupation_codes", Concat("at most ", kMaxOccupations, " occupations"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < request.approved_occupation_codes_size(); ++i) {
    const std::string field = Concat("approved_occupation_codes[", i, "]");
    CheckOccupation(*reference_, request.approved_occupation_codes(i), field, violations);
    if (!seen.insert(request.approved_occupation_codes(i)).second) {
      violations.Add(field, "listed twice");
    }
  }
  const InstitutionContact contact{request.contact_name(), request.contact_phone(), request.address(),
                                   request.contact_email()};
  ValidateInstitutionContact(contact, /*name_and_phone_required=*/false, violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  if (absl::Status scope = CheckOrgScope(call.principal, *credit, request.org().district_code()); !scope.ok()) {
    return scope;
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  v1::Institution& institution = *response->mutable_institution();
  *institution.mutable_org() = request.org();
  institution.mutable_org()->set_credit_code(*credit);
  institution.set_kind(request.kind());
  if (call.principal.role == common::v1::ROLE_INSTITUTION) {
    institution.set_status(v1::INSTITUTION_STATUS_PENDING);  // submitted for itself; approved by the district
  } else {
    institution.set_status(request.status() == v1::INSTITUTION_STATUS_UNSPECIFIED ? v1::INSTITUTION_STATUS_ACTIVE
                                                                                  : request.status());
  }
  *institution.mutable_approved_occupation_codes() = request.approved_occupation_codes();
  ReplaceInstitutionContact(contact, &institution);
  SetTimestamp(call.now, institution.mutable_create_time());
  SetTimestamp(call.now, institution.mutable_update_time());
  institution.set_version(1);
  const MutationMeta meta = MetaFor(call, Concat("institutions/", *credit), request.request_id(), *response);
  return FinishMutation(store_.CreateInstitution(institution, InstitutionChangedEvent(institution, call.now), meta),
                        response);
}

absl::Status TrainingHandlers::UpdateInstitution(const CallContext& call, const v1::UpdateInstitutionRequest& request,
                                                 v1::UpdateInstitutionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  AddViolations(ValidateCreditCode(request.credit_code(), "credit_code"), "credit_code", violations);
  CheckText(request.name(), "name", false, kMaxOrgNameChars, violations);
  if (!v1::InstitutionKind_IsValid(request.kind())) {
    violations.Add("kind", "unknown institution kind");
  }
  if (!v1::InstitutionStatus_IsValid(request.status())) {
    violations.Add("status", "unknown institution status");
  }
  CheckText(request.status_reason(), "status_reason", false, kMaxTextChars, violations);
  if (request.status() == v1::INSTITUTION_STATUS_SUSPENDED || request.status() == v1::INSTITUTION_STATUS_REVOKED) {
    CheckText(request.status_reason(), "status_reason", true, kMaxTextChars, violations);
  }
  if (!request.replace_approved_occupations() && request.approved_occupation_codes_size() > 0) {
    violations.Add("replace_approved_occupations", "must be true to replace the approved occupations");
  }
  std::set<std::string> seen;
  for (int i = 0; i < request.approved_occupation_codes_size(); ++i) {
    const std::string field = Concat("approved_occupation_codes[", i, "]");
    CheckOccupation(*reference_, request.approved_occupation_codes(i), field, violations);
    if (!seen.insert(request.approved_occupation_codes(i)).second) {
      violations.Add(field, "listed twice");
    }
  }
  // Empty contact fields mean "unchanged" here, so none is required.
  ValidateInstitutionContact(
      {request.contact_name(), request.contact_phone(), request.address(), request.contact_email()},
      /*name_and_phone_required=*/false, violations);
  if (request.expected_version() < 0) {
    violations.Add("expected_version", "must not be negative");
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = LoadInstitution(store_, request.credit_code());
  if (!stored.ok()) {
    return stored.status();
  }
  const v1::Institution& current = stored->record;
  if (absl::Status scope = CheckDistrictScope(call.principal, current.org().district_code()); !scope.ok()) {
    return scope;
  }
  if (absl::Status version = CheckExpectedVersion(current, request.expected_version()); !version.ok()) {
    return version;
  }
  v1::Institution& updated = *response->mutable_institution();
  updated = current;
  if (!request.name().empty()) {
    updated.mutable_org()->set_name(request.name());
  }
  if (request.kind() != v1::INSTITUTION_KIND_UNSPECIFIED) {
    updated.set_kind(request.kind());
  }
  if (request.status() != v1::INSTITUTION_STATUS_UNSPECIFIED) {
    updated.set_status(request.status());
    updated.set_status_reason(request.status_reason());
  }
  if (request.replace_approved_occupations()) {
    *updated.mutable_approved_occupation_codes() = request.approved_occupation_codes();
  }
  if (!request.contact_name().empty()) {
    updated.set_contact_name(request.contact_name());
  }
  if (!request.contact_phone().empty()) {
    updated.set_contact_phone(request.contact_phone());
  }
  if (!request.address().empty()) {
    updated.set_address(request.address());
  }
  if (!request.contact_email().empty()) {
    updated.set_contact_email(request.contact_email());
  }
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta =
      MetaFor(call, Concat("institutions/", request.credit_code()), request.request_id(), *response);
  return FinishMutation(store_.UpdateInstitution(*stored, updated, InstitutionChangedEvent(updated, call.now), meta),
                        response);
}

absl::Status TrainingHandlers::UpdateInstitutionContact(const CallContext& call,
                                                        const v1::UpdateInstitutionContactRequest& request,
                                                        v1::UpdateInstitutionContactResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  AddViolations(ValidateCreditCode(request.credit_code(), "credit_code"), "credit_code", violations);
  const InstitutionContact contact{request.contact_name(), request.contact_phone(), request.address(),
                                   request.contact_email()};
  ValidateInstitutionContact(contact, /*name_and_phone_required=*/true, violations);
  if (request.expected_version() < 0) {
    violations.Add("expected_version", "must not be negative");
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = LoadInstitution(store_, request.credit_code());
  if (!stored.ok()) {
    return stored.status();
  }
  const v1::Institution& current = stored->record;
  // The institution itself, the officer of its district, ADMIN.
  if (absl::Status scope = CheckOrgScope(call.principal, current.org().credit_code(), current.org().district_code());
      !scope.ok()) {
    return scope;
  }
  if (absl::Status version = CheckExpectedVersion(current, request.expected_version()); !version.ok()) {
    return version;
  }
  v1::Institution& updated = *response->mutable_institution();
  updated = current;
  ReplaceInstitutionContact(contact, &updated);
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta =
      MetaFor(call, Concat("institutions/", request.credit_code()), request.request_id(), *response);
  return FinishMutation(store_.UpdateInstitution(*stored, updated, InstitutionChangedEvent(updated, call.now), meta),
                        response);
}

absl::Status TrainingHandlers::GetInstitution(const CallContext& call, const v1::GetInstitutionRequest& request,
                                              v1::GetInstitutionResponse* response) {
  if (absl::Status valid = ValidateCreditCode(request.credit_code(), "credit_code"); !valid.ok()) {
    return valid;
  }
  auto stored = store_.GetInstitution(request.credit_code());
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return InstitutionNotFound(request.credit_code());
  }
  *response->mutable_institution() = std::move((*stored)->record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListInstitutions(const CallContext& call, const v1::ListInstitutionsRequest& request,
                                                v1::ListInstitutionsResponse* response) {
  FieldViolations violations;
  CheckDistrict(*reference_, request.district_code(), "district_code", false, violations);
  if (!v1::InstitutionKind_IsValid(request.kind())) {
    violations.Add("kind", "unknown institution kind");
  }
  if (!v1::InstitutionStatus_IsValid(request.status())) {
    violations.Add("status", "unknown institution status");
  }
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  InstitutionFilter filter{request.district_code(), request.kind(), request.status(), request.occupation_code()};
  const std::string fingerprint = Concat("inst|", filter.district_code, "|", static_cast<int>(filter.kind), "|",
                                         static_cast<int>(filter.status), "|", filter.occupation_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListInstitutions(filter, cursor, *page_size); }, response,
      [response] { return response->add_institutions(); });
}

// ---------------------------------------------------------------- catalogue

absl::Status TrainingHandlers::UpsertCatalogEntry(const CallContext& call, const v1::UpsertCatalogEntryRequest& request,
                                                  v1::UpsertCatalogEntryResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::CatalogEntry& in = request.entry();
  if (in.year() < 2000 || in.year() > 2100) {
    violations.Add("entry.year", "a year from 2000 to 2100 is required");
  }
  const Occupation* occupation =
      CheckOccupation(*reference_, in.occupation_code(), "entry.occupation_code", violations);
  CheckLevelOfOccupation(*reference_, occupation, in.level(), "entry.level", violations);
  if (in.subsidy_fen() <= 0 || in.subsidy_fen() > kMaxSubsidyFen) {
    violations.Add("entry.subsidy_fen", Concat("a subsidy standard from 1 to ", kMaxSubsidyFen, " fen is required"));
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto old = store_.GetCatalogEntry(in.year(), in.occupation_code(), in.level());
  if (!old.ok()) {
    return old.status();
  }
  v1::CatalogEntry& entry = *response->mutable_entry();
  entry.set_year(in.year());
  entry.set_occupation_code(in.occupation_code());
  entry.set_occupation_name(occupation->name);
  entry.set_level(in.level());
  entry.set_subsidy_fen(in.subsidy_fen());
  entry.set_withdrawn(in.withdrawn());
  SetTimestamp(call.now, entry.mutable_update_time());
  entry.set_version(old->has_value() ? (*old)->record.version() + 1 : 1);
  const MutationMeta meta = MetaFor(
      call, Concat("catalog/", in.year(), "/", in.occupation_code(), "/", common::v1::SkillLevel_Name(in.level())),
      request.request_id(), *response);
  return FinishMutation(store_.UpsertCatalogEntry(*old, entry, CatalogEntryChangedEvent(entry, call.now), meta),
                        response);
}

absl::Status TrainingHandlers::GetCatalogEntry(const CallContext& call, const v1::GetCatalogEntryRequest& request,
                                               v1::GetCatalogEntryResponse* response) {
  FieldViolations violations;
  if (request.year() < 2000 || request.year() > 2100) {
    violations.Add("year", "a year from 2000 to 2100 is required");
  }
  CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  if (!IsKnownLevel(request.level())) {
    violations.Add("level", "a skill level is required");
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  auto entry = store_.GetCatalogEntry(request.year(), request.occupation_code(), request.level());
  if (!entry.ok()) {
    return entry.status();
  }
  if (!entry->has_value()) {
    return NotFoundError("CATALOG_ENTRY_NOT_FOUND",
                         Concat("no catalogue entry for ", request.year(), " ", request.occupation_code(), " ",
                                LevelChineseName(request.level())));
  }
  *response->mutable_entry() = std::move((*entry)->record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListCatalogEntries(const CallContext& call, const v1::ListCatalogEntriesRequest& request,
                                                  v1::ListCatalogEntriesResponse* response) {
  FieldViolations violations;
  if (request.year() < 2000 || request.year() > 2100) {
    violations.Add("year", "a year from 2000 to 2100 is required");
  }
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  if (request.level() != common::v1::SKILL_LEVEL_UNSPECIFIED && !IsKnownLevel(request.level())) {
    violations.Add("level", "unknown skill level");
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  CatalogFilter filter{request.year(), request.occupation_code(), request.level(), request.include_withdrawn()};
  const std::string fingerprint = CatalogueFingerprint(filter);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCatalogEntries(filter, cursor, *page_size); }, response,
      [response] { return response->add_entries(); });
}

// ---------------------------------------------------------------- courses

absl::Status TrainingHandlers::CreateCourse(const CallContext& call, const v1::CreateCourseRequest& request,
                                            v1::CreateCourseResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::Course& in = request.course();
  AddViolations(ValidateCreditCode(in.institution().credit_code(), "course.institution.credit_code"),
                "course.institution.credit_code", violations);
  CheckText(in.title(), "course.title", /*required=*/true, kMaxOrgNameChars, violations);
  if (in.programme() == v1::PROGRAMME_UNSPECIFIED || !v1::Programme_IsValid(in.programme())) {
    violations.Add("course.programme", "a programme is required");
  }
  const Occupation* occupation =
      CheckOccupation(*reference_, in.occupation_code(), "course.occupation_code", violations);
  CheckLevelOfOccupation(*reference_, occupation, in.level(), "course.level", violations);
  if (!in.industry_chain_code().empty() && reference_->FindIndustryChain(in.industry_chain_code()) == nullptr) {
    violations.Add("course.industry_chain_code", Concat("unknown industry chain code ", in.industry_chain_code()));
  }
  const bool start_ok = CheckDate(in.start_date(), "course.start_date", nullptr, violations);
  const bool end_ok = CheckDate(in.end_date(), "course.end_date", nullptr, violations);
  if (start_ok && end_ok && DateAfter(in.start_date(), in.end_date())) {
    violations.Add("course.end_date", "must not lie before the start date");
  }
  if (in.capacity() <= 0 || in.capacity() > kMaxCapacity) {
    violations.Add("course.capacity", Concat("a capacity from 1 to ", kMaxCapacity, " is required"));
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto institution = store_.GetInstitution(in.institution().credit_code());
  if (!institution.ok()) {
    return institution.status();
  }
  if (!institution->has_value()) {
    return FailedPreconditionError("INSTITUTION_NOT_FOUND",
                                   Concat("no training institution with credit code ", in.institution().credit_code()));
  }
  const v1::Institution& inst = (*institution)->record;
  if (absl::Status scope = CheckOrgScope(call.principal, inst.org().credit_code(), inst.org().district_code());
      !scope.ok()) {
    return scope;
  }
  if (inst.status() != v1::INSTITUTION_STATUS_ACTIVE) {
    return FailedPreconditionError("INSTITUTION_NOT_ACTIVE",
                                   Concat("the institution is ", v1::InstitutionStatus_Name(inst.status())));
  }
  const auto& approved = inst.approved_occupation_codes();
  if (std::find(approved.begin(), approved.end(), in.occupation_code()) == approved.end()) {
    return FailedPreconditionError(
        "OCCUPATION_NOT_APPROVED",
        Concat("the institution is not approved to train occupation ", in.occupation_code()));
  }
  auto sequence = store_.NextSequence("course");
  if (!sequence.ok()) {
    return sequence.status();
  }
  v1::Course& course = *response->mutable_course();
  course = in;
  course.set_id(absl::StrFormat("C%010d", *sequence));
  *course.mutable_institution() = inst.org();
  if (course.industry_chain_code().empty()) {
    course.set_industry_chain_code(occupation->default_chain);
  }
  course.set_enrolled_count(0);
  course.set_status(v1::COURSE_STATUS_OPEN);
  course.set_year(in.start_date().year());
  auto standard = CatalogueStandard(store_, course.year(), course.occupation_code(), course.level());
  if (!standard.ok()) {
    return standard.status();
  }
  course.set_subsidised(standard->has_value());
  SetTimestamp(call.now, course.mutable_create_time());
  const MutationMeta meta = MetaFor(call, Concat("courses/", course.id()), request.request_id(), *response);
  return FinishMutation(store_.CreateCourse(course, CourseChangedEvent(course, call.now), meta), response);
}

absl::Status TrainingHandlers::GetCourse(const CallContext& call, const v1::GetCourseRequest& request,
                                         v1::GetCourseResponse* response) {
  if (request.id().empty() || request.id().size() > 64) {
    return InvalidArgumentError("id", "a course id is required");
  }
  auto course = store_.GetCourse(request.id());
  if (!course.ok()) {
    return course.status();
  }
  if (!course->has_value()) {
    return NotFoundError("COURSE_NOT_FOUND", Concat("no course ", request.id()));
  }
  *response->mutable_course() = std::move(**course);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListCourses(const CallContext& call, const v1::ListCoursesRequest& request,
                                           v1::ListCoursesResponse* response) {
  FieldViolations violations;
  if (!request.institution_credit_code().empty()) {
    AddViolations(ValidateCreditCode(request.institution_credit_code(), "institution_credit_code"),
                  "institution_credit_code", violations);
  }
  CheckDistrict(*reference_, request.district_code(), "district_code", false, violations);
  CheckYearFilter(request.year(), "year", violations);
  if (!v1::Programme_IsValid(request.programme())) {
    violations.Add("programme", "unknown programme");
  }
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  CourseFilter filter{
      request.institution_credit_code(), request.district_code(),      request.year(), request.programme(),
      request.occupation_code(),         request.industry_chain_code()};
  const std::string fingerprint =
      Concat("course|", filter.institution_credit_code, "|", filter.district_code, "|", filter.year, "|",
             static_cast<int>(filter.programme), "|", filter.occupation_code, "|", filter.industry_chain_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCourses(filter, cursor, *page_size); }, response,
      [response] { return response->add_courses(); });
}

absl::Status TrainingHandlers::CancelCourse(const CallContext& call, const v1::CancelCourseRequest& request,
                                            v1::CancelCourseResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  if (request.course_id().empty() || request.course_id().size() > 64) {
    violations.Add("course_id", "a course id is required");
  }
  CheckText(request.reason(), "reason", /*required=*/true, kMaxTextChars, violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = store_.GetStoredCourse(request.course_id());
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return NotFoundError("COURSE_NOT_FOUND", Concat("no course ", request.course_id()));
  }
  const v1::Course& current = (*stored)->record;
  // The institution running it, the officer of its district, ADMIN.
  if (absl::Status scope =
          CheckOrgScope(call.principal, current.institution().credit_code(), current.institution().district_code());
      !scope.ok()) {
    return scope;
  }
  auto enrollments = store_.ReadCourseEnrollments(current.id());
  if (!enrollments.ok()) {
    return enrollments.status();
  }
  CourseEnrollmentCounts counts;
  for (const auto& enrollment : *enrollments) {
    CountEnrollment(enrollment.record.state(), counts);
  }
  if (absl::Status cancellable = CheckCourseCancellable(current.status(), counts); !cancellable.ok()) {
    return cancellable;
  }
  v1::Course& cancelled = *response->mutable_course();
  cancelled = current;
  cancelled.set_status(v1::COURSE_STATUS_CANCELLED);
  cancelled.set_cancel_reason(request.reason());
  SetTimestamp(call.now, cancelled.mutable_cancel_time());
  cancelled.set_enrolled_count(0);  // every seat was held by an open enrolment, now dropped
  std::vector<CancelDrop> drops;
  drops.reserve(counts.enrolled);
  for (auto& enrollment : *enrollments) {
    if (enrollment.record.state() != v1::ENROLLMENT_STATE_ENROLLED) {
      continue;
    }
    CancelDrop& drop = drops.emplace_back();
    drop.old = std::move(enrollment);
    drop.updated = drop.old.record;
    drop.updated.set_state(v1::ENROLLMENT_STATE_DROPPED);
    drop.updated.set_drop_reason(request.reason());
    SetTimestamp(call.now, drop.updated.mutable_update_time());
    drop.event = EnrollmentDroppedEvent(drop.updated, /*course_cancelled=*/true, call.now);
    drop.meta.audit = call.AuditEntryFor(Concat("enrollments/", drop.updated.id()), request.request_id());
    response->add_dropped_enrollment_ids(drop.updated.id());
  }
  const MutationMeta meta = MetaFor(call, Concat("courses/", cancelled.id()), request.request_id(), *response);
  return FinishMutation(store_.CancelCourse(**stored, cancelled, drops, CourseChangedEvent(cancelled, call.now), meta),
                        response);
}

// ---------------------------------------------------------------- enrolments

namespace {

// One enrolment row on its way to the store, or the reason it was rejected.
struct PreparedEnrollment {
  absl::Status status;
  v1::Enrollment enrollment;
  int32_t capacity = 0;
};

}  // namespace

absl::Status TrainingHandlers::EnrollPerson(const CallContext& call, const v1::EnrollPersonRequest& request,
                                            v1::EnrollPersonResponse* response) {
  v1::BatchEnrollPersonsRequest batch;
  batch.set_request_id(request.request_id());
  v1::EnrollmentRow* row = batch.add_rows();
  row->set_course_id(request.course_id());
  *row->mutable_person() = request.person();
  *row->mutable_enrolled_date() = request.enrolled_date();
  v1::BatchEnrollPersonsResponse results;
  // A single enrolment is a batch of one whose errors name the request's own fields.
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  if (request.course_id().empty() || request.course_id().size() > 64) {
    violations.Add("course_id", "a course id is required");
  }
  CheckPerson(request.person(), "person", violations, nullptr);
  if (DateSet(request.enrolled_date())) {
    const common::v1::Date today = Today(call);
    CheckDate(request.enrolled_date(), "enrolled_date", &today, violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  batch.clear_request_id();  // the single request keeps its own idempotency record below
  if (absl::Status done = BatchEnrollPersons(call, batch, &results); !done.ok()) {
    return done;
  }
  const v1::BatchEnrollResult& result = results.results(0);
  if (!result.has_enrollment()) {
    absl::StatusCode code = absl::StatusCode::kUnknown;
    for (int c = 1; c <= 16; ++c) {
      if (absl::StatusCodeToString(static_cast<absl::StatusCode>(c)) == result.error_code()) {
        code = static_cast<absl::StatusCode>(c);
      }
    }
    return ErrorWithReason(code, result.error_reason(), result.error_message());
  }
  *response->mutable_enrollment() = result.enrollment();
  if (!key.empty()) {
    if (absl::Status saved = store_.SaveIdempotent(key, response->SerializeAsString()); !saved.ok()) {
      return saved;
    }
  }
  return absl::OkStatus();
}

absl::Status TrainingHandlers::BatchEnrollPersons(const CallContext& call, const v1::BatchEnrollPersonsRequest& request,
                                                  v1::BatchEnrollPersonsResponse* response) {
  if (absl::Status id = ValidateRequestId(request.request_id(), "request_id"); !id.ok()) {
    return id;
  }
  if (request.rows_size() == 0 || request.rows_size() > kMaxBatchRows) {
    return InvalidArgumentError("rows", Concat("must hold 1 to ", kMaxBatchRows, " rows"));
  }
  const std::string batch_key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, batch_key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  const common::v1::Date today = Today(call);
  const int count = request.rows_size();
  std::vector<PreparedEnrollment> prepared(count);
  std::map<std::string, std::optional<v1::Course>> courses;
  int to_write = 0;
  for (int i = 0; i < count; ++i) {
    const v1::EnrollmentRow& row = request.rows(i);
    PreparedEnrollment& item = prepared[i];
    const std::string prefix = Concat("rows[", i, "]");
    FieldViolations violations;
    if (row.course_id().empty() || row.course_id().size() > 64) {
      violations.Add(Concat(prefix, ".course_id"), "a course id is required");
    }
    common::v1::PersonRef person;
    CheckPerson(row.person(), Concat(prefix, ".person"), violations, &person);
    common::v1::Date enrolled = today;
    if (DateSet(row.enrolled_date())) {
      if (CheckDate(row.enrolled_date(), Concat(prefix, ".enrolled_date"), &today, violations)) {
        enrolled = row.enrolled_date();
      }
    }
    if (!violations.empty()) {
      item.status = violations.ToStatus();
      continue;
    }
    auto found = courses.find(row.course_id());
    if (found == courses.end()) {
      auto course = store_.GetCourse(row.course_id());
      if (!course.ok()) {
        return course.status();
      }
      found = courses.emplace(row.course_id(), std::move(*course)).first;
    }
    if (!found->second.has_value()) {
      item.status = NotFoundError("COURSE_NOT_FOUND", Concat("no course ", row.course_id()));
      continue;
    }
    const v1::Course& course = *found->second;
    item.status =
        CheckOrgScope(call.principal, course.institution().credit_code(), course.institution().district_code());
    if (!item.status.ok()) {
      continue;
    }
    item.status = CheckCourseTakesEnrollments(course.id(), course.status());
    if (!item.status.ok()) {
      continue;
    }
    v1::Enrollment& enrollment = item.enrollment;
    enrollment.set_course_id(course.id());
    *enrollment.mutable_person() = person;
    enrollment.set_institution_credit_code(course.institution().credit_code());
    enrollment.set_district_code(course.institution().district_code());
    enrollment.set_programme(course.programme());
    enrollment.set_occupation_code(course.occupation_code());
    enrollment.set_level(course.level());
    enrollment.set_industry_chain_code(course.industry_chain_code());
    enrollment.set_course_year(course.year());
    enrollment.set_state(v1::ENROLLMENT_STATE_ENROLLED);
    *enrollment.mutable_enrolled_date() = enrolled;
    SetTimestamp(call.now, enrollment.mutable_create_time());
    SetTimestamp(call.now, enrollment.mutable_update_time());
    item.capacity = course.capacity();
    ++to_write;
  }
  int64_t next_id = 0;
  if (to_write > 0) {
    auto first = store_.NextSequence("enrollment", to_write);
    if (!first.ok()) {
      return first.status();
    }
    next_id = *first;
  }
  std::vector<EnrollItem> items;
  std::vector<int> item_index;
  items.reserve(to_write);
  for (int i = 0; i < count; ++i) {
    PreparedEnrollment& item = prepared[i];
    if (!item.status.ok()) {
      continue;
    }
    item.enrollment.set_id(absl::StrFormat("E%012d", next_id++));
    EnrollItem write;
    write.enrollment = item.enrollment;
    write.capacity = item.capacity;
    write.event = EnrollmentCreatedEvent(item.enrollment, call.now);
    write.meta.audit = call.AuditEntryFor(Concat("enrollments/", item.enrollment.id()), request.request_id());
    if (!batch_key.empty()) {
      write.meta.idempotency_key = Concat(batch_key, "#", i);
      write.meta.response_bytes = item.enrollment.SerializeAsString();
    }
    items.push_back(std::move(write));
    item_index.push_back(i);
  }
  auto outcomes = store_.Enroll(items);
  if (!outcomes.ok()) {
    return outcomes.status();
  }
  for (size_t k = 0; k < items.size(); ++k) {
    const int i = item_index[k];
    const auto& outcome = (*outcomes)[k];
    if (!outcome.ok()) {
      prepared[i].status = outcome.status();
    } else if (outcome->replayed && !prepared[i].enrollment.ParseFromString(outcome->replay_bytes)) {
      return absl::DataLossError("stored idempotent enrolment does not parse");
    }
  }
  for (int i = 0; i < count; ++i) {
    v1::BatchEnrollResult* result = response->add_results();
    result->set_index(i);
    const absl::Status& status = prepared[i].status;
    if (status.ok()) {
      *result->mutable_enrollment() = prepared[i].enrollment;
      response->set_accepted_count(response->accepted_count() + 1);
      continue;
    }
    result->set_error_code(absl::StatusCodeToString(status.code()));
    result->set_error_reason(ReasonOf(status));
    result->set_error_message(MaskIdNumbersInText(std::string(status.message())));
    const auto violations = FieldViolationsOf(status);
    if (!violations.empty()) {
      result->set_error_field(violations.front().field);
    }
    response->set_rejected_count(response->rejected_count() + 1);
  }
  if (!batch_key.empty()) {
    if (absl::Status saved = store_.SaveIdempotent(batch_key, response->SerializeAsString()); !saved.ok()) {
      return saved;
    }
  }
  return absl::OkStatus();
}

namespace {

absl::StatusOr<Stored<v1::Enrollment>> LoadEnrollment(TrainingStore& store, const std::string& id) {
  auto stored = store.GetEnrollment(id);
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return NotFoundError("ENROLLMENT_NOT_FOUND", Concat("no enrolment ", id));
  }
  return std::move(**stored);
}

// Scope of enrolments and claims: the institution's own, its district's officer, ADMIN, SERVICE.
absl::Status CheckEnrollmentScope(const Principal& principal, const v1::Enrollment& enrollment) {
  return CheckOrgScope(principal, enrollment.institution_credit_code(), enrollment.district_code());
}

}  // namespace

absl::Status TrainingHandlers::CompleteEnrollment(const CallContext& call, const v1::CompleteEnrollmentRequest& request,
                                                  v1::CompleteEnrollmentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  if (request.enrollment_id().empty() || request.enrollment_id().size() > 64) {
    violations.Add("enrollment_id", "an enrolment id is required");
  }
  if (request.hours() <= 0 || request.hours() > kMaxHours) {
    violations.Add("hours", Concat("hours attended from 1 to ", kMaxHours, " are required"));
  }
  const common::v1::Date today = Today(call);
  if (DateSet(request.completed_date())) {
    CheckDate(request.completed_date(), "completed_date", &today, violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = LoadEnrollment(store_, request.enrollment_id());
  if (!stored.ok()) {
    return stored.status();
  }
  const v1::Enrollment& current = stored->record;
  if (absl::Status scope = CheckEnrollmentScope(call.principal, current); !scope.ok()) {
    return scope;
  }
  if (absl::Status transition = CheckEnrollmentTransition(current.state(), v1::ENROLLMENT_STATE_COMPLETED);
      !transition.ok()) {
    return transition;
  }
  const common::v1::Date completed = DateSet(request.completed_date()) ? request.completed_date() : today;
  if (DateAfter(current.enrolled_date(), completed)) {
    return InvalidArgumentError("completed_date", "must not lie before the enrolment date");
  }
  v1::Enrollment& updated = *response->mutable_enrollment();
  updated = current;
  updated.set_state(v1::ENROLLMENT_STATE_COMPLETED);
  updated.set_hours(request.hours());
  *updated.mutable_completed_date() = completed;
  SetTimestamp(call.now, updated.mutable_update_time());
  auto standard = CatalogueStandard(store_, current.course_year(), current.occupation_code(), current.level());
  if (!standard.ok()) {
    return standard.status();
  }
  const bool subsidised = standard->has_value();
  const MutationMeta meta = MetaFor(call, Concat("enrollments/", updated.id()), request.request_id(), *response);
  Stored<v1::Enrollment> old = *stored;
  old.record.clear_claim_id();
  updated.clear_claim_id();
  return FinishMutation(store_.CompleteEnrollment(old, updated, subsidised,
                                                  EnrollmentCompletedEvent(updated, subsidised, call.now), meta),
                        response);
}

absl::Status TrainingHandlers::DropEnrollment(const CallContext& call, const v1::DropEnrollmentRequest& request,
                                              v1::DropEnrollmentResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  if (request.enrollment_id().empty() || request.enrollment_id().size() > 64) {
    violations.Add("enrollment_id", "an enrolment id is required");
  }
  CheckText(request.reason(), "reason", false, kMaxTextChars, violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = LoadEnrollment(store_, request.enrollment_id());
  if (!stored.ok()) {
    return stored.status();
  }
  const v1::Enrollment& current = stored->record;
  if (absl::Status scope = CheckEnrollmentScope(call.principal, current); !scope.ok()) {
    return scope;
  }
  if (absl::Status transition = CheckEnrollmentTransition(current.state(), v1::ENROLLMENT_STATE_DROPPED);
      !transition.ok()) {
    return transition;
  }
  v1::Enrollment& updated = *response->mutable_enrollment();
  updated = current;
  updated.clear_claim_id();
  updated.set_state(v1::ENROLLMENT_STATE_DROPPED);
  updated.set_drop_reason(request.reason());
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta = MetaFor(call, Concat("enrollments/", updated.id()), request.request_id(), *response);
  Stored<v1::Enrollment> old = *stored;
  old.record.clear_claim_id();
  return FinishMutation(
      store_.DropEnrollment(old, updated, EnrollmentDroppedEvent(updated, /*course_cancelled=*/false, call.now), meta),
      response);
}

absl::Status TrainingHandlers::GetEnrollment(const CallContext& call, const v1::GetEnrollmentRequest& request,
                                             v1::GetEnrollmentResponse* response) {
  if (request.id().empty() || request.id().size() > 64) {
    return InvalidArgumentError("id", "an enrolment id is required");
  }
  auto stored = LoadEnrollment(store_, request.id());
  if (!stored.ok()) {
    return stored.status();
  }
  if (absl::Status scope = CheckEnrollmentScope(call.principal, stored->record); !scope.ok()) {
    return scope;
  }
  *response->mutable_enrollment() = std::move(stored->record);
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListEnrollments(const CallContext& call, const v1::ListEnrollmentsRequest& request,
                                               v1::ListEnrollmentsResponse* response) {
  FieldViolations violations;
  PersonOrgFilter shared;
  ReadPersonOrgFilter(*reference_, request.id_number(), request.institution_credit_code(), request.district_code(),
                      request.year(), violations, &shared);
  if (!v1::EnrollmentState_IsValid(request.state())) {
    violations.Add("state", "unknown enrolment state");
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  EnrollmentFilter filter;
  filter.id_number = shared.id_number;
  filter.course_id = request.course_id();
  filter.institution_credit_code = shared.institution_credit_code;
  filter.state = request.state();
  filter.year = shared.year;
  filter.district_code = shared.district_code;
  if (absl::Status scope = ScopeDistrictFilter(call.principal, &filter.district_code); !scope.ok()) {
    return scope;
  }
  if (absl::Status scope = ScopeInstitutionFilter(call.principal, &filter.institution_credit_code); !scope.ok()) {
    return scope;
  }
  const std::string fingerprint =
      Concat("enr|", filter.course_id, "|", filter.institution_credit_code, "|", filter.id_number, "|",
             static_cast<int>(filter.state), "|", filter.year, "|", filter.district_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListEnrollments(filter, cursor, *page_size); }, response,
      [response] { return response->add_enrollments(); });
}

// ---------------------------------------------------------------- subsidy claims

absl::Status TrainingHandlers::SubmitSubsidyClaim(const CallContext& call, const v1::SubmitSubsidyClaimRequest& request,
                                                  v1::SubmitSubsidyClaimResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  if (request.enrollment_id().empty() || request.enrollment_id().size() > 64) {
    violations.Add("enrollment_id", "an enrolment id is required");
  }
  if (auto parts = ParseCertificateNumber(request.certificate_number(), "certificate_number"); !parts.ok()) {
    AddViolations(parts.status(), "certificate_number", violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, request.request_id());
  auto replayed = ReplayIdempotent(store_, key, response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = LoadEnrollment(store_, request.enrollment_id());
  if (!stored.ok()) {
    return stored.status();
  }
  const v1::Enrollment& enrollment = stored->record;
  if (absl::Status scope = CheckEnrollmentScope(call.principal, enrollment); !scope.ok()) {
    return scope;
  }
  if (!enrollment.claim_id().empty()) {
    return FailedPreconditionError("ENROLLMENT_ALREADY_CLAIMED",
                                   Concat("claim ", enrollment.claim_id(), " is already submitted for this enrolment"));
  }
  const absl::CivilDay today = BureauDay(call.now);
  ClaimSnapshot snapshot;
  snapshot.enrollment_state = enrollment.state();
  snapshot.occupation_code = enrollment.occupation_code();
  snapshot.level = enrollment.level();
  snapshot.claim_date = today;
  auto standard = CatalogueStandard(store_, enrollment.course_year(), enrollment.occupation_code(), enrollment.level());
  if (!standard.ok()) {
    return standard.status();
  }
  snapshot.catalogue_subsidy_fen = *standard;
  // Rules decidable here first: they are final, whatever evaluation says.
  auto amount = CheckEnrollmentAndCatalogue(snapshot);
  if (!amount.ok()) {
    return amount.status();
  }
  auto person = store_.ReadPersonSubsidies(enrollment.person().id_number(), ClaimYear(today));
  if (!person.ok()) {
    return person.status();
  }
  snapshot.person = std::move(*person);
  if (absl::Status limits = CheckPersonLimits(snapshot); !limits.ok()) {
    return limits;
  }
  // The certificate, live with evaluation; no answer = nothing stored, retryable.
  auto certificate = verifier_->Verify(request.certificate_number(), enrollment.person().name(),
                                       enrollment.person().id_number(), call.deadline);
  if (!certificate.ok()) {
    return certificate.status();
  }
  snapshot.certificate = *certificate;
  if (absl::Status cert = CheckCertificate(snapshot); !cert.ok()) {
    return cert;
  }
  auto sequence = store_.NextSequence("claim");
  if (!sequence.ok()) {
    return sequence.status();
  }
  v1::SubsidyClaim& claim = *response->mutable_claim();
  claim.set_id(absl::StrFormat("SC%010d", *sequence));
  claim.set_enrollment_id(enrollment.id());
  claim.set_course_id(enrollment.course_id());
  *claim.mutable_person() = enrollment.person();
  claim.mutable_institution()->set_credit_code(enrollment.institution_credit_code());
  claim.mutable_institution()->set_district_code(enrollment.district_code());
  auto institution = store_.GetInstitution(enrollment.institution_credit_code());
  if (!institution.ok()) {
    return institution.status();
  }
  if (institution->has_value()) {
    claim.mutable_institution()->set_name((*institution)->record.org().name());
  }
  claim.set_programme(enrollment.programme());
  claim.set_occupation_code(enrollment.occupation_code());
  claim.set_level(enrollment.level());
  claim.set_industry_chain_code(enrollment.industry_chain_code());
  claim.set_certificate_number(request.certificate_number());
  *claim.mutable_certificate_issue_date() = ToDate(certificate->issue_date);
  claim.set_amount_fen(*amount);
  claim.set_claim_year(ClaimYear(today));
  claim.set_state(v1::CLAIM_STATE_SUBMITTED);
  *claim.mutable_submit_date() = ToDate(today);
  SetTimestamp(call.now, claim.mutable_create_time());
  SetTimestamp(call.now, claim.mutable_update_time());
  const MutationMeta meta = MetaFor(call, Concat("subsidyClaims/", claim.id()), request.request_id(), *response);
  return FinishMutation(store_.SubmitClaim(claim, ClaimSubmittedEvent(claim, call.now), meta), response);
}

struct TrainingHandlers::ClaimChange {
  std::string claim_id;
  std::string request_id;
  v1::ClaimState to = v1::CLAIM_STATE_UNSPECIFIED;
  std::string reason;
  common::v1::Date paid_date;
  std::string payment_reference;
  Message* response = nullptr;
  v1::SubsidyClaim* response_claim = nullptr;
};

absl::Status TrainingHandlers::ChangeClaim(const CallContext& call, const ClaimChange& change) {
  FieldViolations violations;
  CheckRequestId(change.request_id, violations);
  if (change.claim_id.empty() || change.claim_id.size() > 64) {
    violations.Add("claim_id", "a claim id is required");
  }
  CheckText(change.reason, "reason", change.to == v1::CLAIM_STATE_REJECTED, kMaxTextChars, violations);
  CheckText(change.payment_reference, "payment_reference", false, 100, violations);
  const common::v1::Date today = Today(call);
  if (change.to == v1::CLAIM_STATE_PAID && DateSet(change.paid_date)) {
    CheckDate(change.paid_date, "paid_date", &today, violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  const std::string key = IdempotencyKey(call, change.request_id);
  auto replayed = ReplayIdempotent(store_, key, change.response);
  if (!replayed.ok() || *replayed) {
    return replayed.status();
  }
  auto stored = store_.GetClaim(change.claim_id);
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return NotFoundError("CLAIM_NOT_FOUND", Concat("no subsidy claim ", change.claim_id));
  }
  const v1::SubsidyClaim& current = (*stored)->record;
  if (absl::Status scope = CheckDistrictScope(call.principal, current.institution().district_code()); !scope.ok()) {
    return scope;
  }
  if (absl::Status transition = CheckClaimTransition(current.state(), change.to); !transition.ok()) {
    return transition;
  }
  v1::SubsidyClaim& updated = *change.response_claim;
  updated = current;
  updated.set_state(change.to);
  if (change.to == v1::CLAIM_STATE_PAID) {
    const common::v1::Date paid = DateSet(change.paid_date) ? change.paid_date : today;
    if (DateAfter(current.submit_date(), paid)) {
      return InvalidArgumentError("paid_date", "must not lie before the submission date");
    }
    *updated.mutable_paid_date() = paid;
    updated.set_payment_reference(change.payment_reference);
  } else {
    *updated.mutable_decide_date() = today;
    updated.set_decision_reason(change.reason);
  }
  SetTimestamp(call.now, updated.mutable_update_time());
  const v1::TrainingEvent event =
      change.to == v1::CLAIM_STATE_PAID ? ClaimPaidEvent(updated, call.now) : ClaimDecidedEvent(updated, call.now);
  const MutationMeta meta = MetaFor(call, Concat("subsidyClaims/", updated.id()), change.request_id, *change.response);
  return FinishMutation(store_.UpdateClaim(**stored, updated, event, meta), change.response);
}

absl::Status TrainingHandlers::ApproveSubsidyClaim(const CallContext& call,
                                                   const v1::ApproveSubsidyClaimRequest& request,
                                                   v1::ApproveSubsidyClaimResponse* response) {
  ClaimChange change;
  change.claim_id = request.claim_id();
  change.request_id = request.request_id();
  change.to = v1::CLAIM_STATE_APPROVED;
  change.response = response;
  change.response_claim = response->mutable_claim();
  return ChangeClaim(call, change);
}

absl::Status TrainingHandlers::RejectSubsidyClaim(const CallContext& call, const v1::RejectSubsidyClaimRequest& request,
                                                  v1::RejectSubsidyClaimResponse* response) {
  ClaimChange change;
  change.claim_id = request.claim_id();
  change.request_id = request.request_id();
  change.to = v1::CLAIM_STATE_REJECTED;
  change.reason = request.reason();
  change.response = response;
  change.response_claim = response->mutable_claim();
  return ChangeClaim(call, change);
}

absl::Status TrainingHandlers::MarkSubsidyClaimPaid(const CallContext& call,
                                                    const v1::MarkSubsidyClaimPaidRequest& request,
                                                    v1::MarkSubsidyClaimPaidResponse* response) {
  ClaimChange change;
  change.claim_id = request.claim_id();
  change.request_id = request.request_id();
  change.to = v1::CLAIM_STATE_PAID;
  change.paid_date = request.paid_date();
  change.payment_reference = request.payment_reference();
  change.response = response;
  change.response_claim = response->mutable_claim();
  return ChangeClaim(call, change);
}

absl::Status TrainingHandlers::GetSubsidyClaim(const CallContext& call, const v1::GetSubsidyClaimRequest& request,
                                               v1::GetSubsidyClaimResponse* response) {
  if (request.id().empty() || request.id().size() > 64) {
    return InvalidArgumentError("id", "a claim id is required");
  }
  auto stored = store_.GetClaim(request.id());
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return NotFoundError("CLAIM_NOT_FOUND", Concat("no subsidy claim ", request.id()));
  }
  const v1::SubsidyClaim& claim = (*stored)->record;
  if (absl::Status scope =
          CheckOrgScope(call.principal, claim.institution().credit_code(), claim.institution().district_code());
      !scope.ok()) {
    return scope;
  }
  *response->mutable_claim() = claim;
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListSubsidyClaims(const CallContext& call, const v1::ListSubsidyClaimsRequest& request,
                                                 v1::ListSubsidyClaimsResponse* response) {
  FieldViolations violations;
  PersonOrgFilter shared;
  ReadPersonOrgFilter(*reference_, request.id_number(), request.institution_credit_code(), request.district_code(),
                      request.year(), violations, &shared);
  if (!v1::ClaimState_IsValid(request.state())) {
    violations.Add("state", "unknown claim state");
  }
  auto page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) {
    return page_size.status();
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  ClaimFilter filter;
  filter.id_number = shared.id_number;
  filter.institution_credit_code = shared.institution_credit_code;
  filter.district_code = shared.district_code;
  filter.state = request.state();
  filter.year = shared.year;
  if (absl::Status scope = ScopeDistrictFilter(call.principal, &filter.district_code); !scope.ok()) {
    return scope;
  }
  if (absl::Status scope = ScopeInstitutionFilter(call.principal, &filter.institution_credit_code); !scope.ok()) {
    return scope;
  }
  const std::string fingerprint = Concat("claim|", filter.id_number, "|", filter.institution_credit_code, "|",
                                         filter.district_code, "|", static_cast<int>(filter.state), "|", filter.year);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListClaims(filter, cursor, *page_size); }, response,
      [response] { return response->add_claims(); });
}

// ---------------------------------------------------------------- stats, feed, audit

absl::Status TrainingHandlers::GetTrainingStats(const CallContext& call, const v1::GetTrainingStatsRequest& request,
                                                v1::GetTrainingStatsResponse* response) {
  FieldViolations violations;
  if (request.year() < 1950 || request.year() > 2100) {
    violations.Add("year", "a year from 1950 to 2100 is required");
  }
  CheckDistrict(*reference_, request.district_code(), "district_code", false, violations);
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  auto fields = store_.ReadStats(request.year());
  if (!fields.ok()) {
    return fields.status();
  }
  // Fields: "<district>|<programme>|<chain>|completed|subsidised|paid|amount".
  std::map<std::tuple<std::string, int, std::string>, std::array<int64_t, 4>> cells;
  for (const auto& [field, value] : *fields) {
    std::vector<std::string> parts = absl::StrSplit(field, '|');
    int programme = 0;
    if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &programme) ||
        (!request.district_code().empty() && parts[0] != request.district_code())) {
      continue;
    }
    auto& cell = cells[{parts[0], programme, parts[2]}];
    if (parts[3] == "completed") {
      cell[0] += value;
    } else if (parts[3] == "subsidised") {
      cell[1] += value;
    } else if (parts[3] == "paid") {
      cell[2] += value;
    } else if (parts[3] == "amount") {
      cell[3] += value;
    }
  }
  response->set_year(request.year());
  for (const auto& [key, counts] : cells) {
    v1::TrainingStatsRow* row = response->add_rows();
    row->set_district_code(std::get<0>(key));
    row->set_programme(static_cast<v1::Programme>(std::get<1>(key)));
    row->set_industry_chain_code(std::get<2>(key));
    row->set_completed_person_times(counts[0]);
    row->set_subsidised_person_times(counts[1]);
    row->set_claims_paid(counts[2]);
    row->set_amount_paid_fen(counts[3]);
    response->set_total_completed_person_times(response->total_completed_person_times() + counts[0]);
    response->set_total_subsidised_person_times(response->total_subsidised_person_times() + counts[1]);
    response->set_total_claims_paid(response->total_claims_paid() + counts[2]);
    response->set_total_amount_paid_fen(response->total_amount_paid_fen() + counts[3]);
  }
  return absl::OkStatus();
}

absl::Status TrainingHandlers::ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                                          v1::ListEventsResponse* response) {
  return ServeFeed(
      call, request,
      [this](const std::string& after, int max, std::chrono::milliseconds wait) {
        return store_.ReadEvents(after, max, wait);
      },
      response);
}

absl::Status TrainingHandlers::ListAuditEntries(const CallContext& call, const v1::ListAuditEntriesRequest& request,
                                                v1::ListAuditEntriesResponse* response) {
  return ServeAuditPage(
      request, [this](const std::string& before, int size) { return store_.ReadAudit(before, size); }, response);
}

}  // namespace skillbridge::training
