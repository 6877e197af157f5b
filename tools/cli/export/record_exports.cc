// The record exports (record_exports.h).

#include "tools/cli/export/record_exports.h"

#include <google/protobuf/descriptor.h>

#include "common/util/concat.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "skillbridge/training/v1/training.pb.h"
#include "tools/cli/export/certificate_table.h"
#include "tools/cli/export/record_fetchers.h"
#include "tools/cli/export/training_tables.h"
#include "tools/cli/labels/enum_labels.h"

namespace skillbridge::cli {

namespace ev = ::skillbridge::evaluation::v1;
namespace tr = ::skillbridge::training::v1;

namespace {

// The enum value `text` names for `flag`; INVALID_ARGUMENT naming the flag and the words accepted.
absl::StatusOr<int> EnumFlag(std::string_view flag, const google::protobuf::EnumDescriptor& type,
                             const std::string& text) {
  absl::StatusOr<int> value = ParseEnumCell(type, text);
  if (!value.ok()) {
    return absl::InvalidArgumentError(Concat("--", flag, ": ", std::string(value.status().message())));
  }
  return value;
}

// Reads every record with `fetch` into a sheet headed by `header`, built by `row`.
template <typename Record, typename Fetch, typename Row>
absl::StatusOr<ExportSheet> Collect(const std::string& sheet_name, const std::vector<std::string>& header, Fetch fetch,
                                    Row row) {
  ExportSheet sheet;
  sheet.sheet_name = sheet_name;
  sheet.rows.push_back(header);
  const absl::Status fetched = fetch([&](const Record& record) { sheet.rows.push_back(row(record)); });
  if (!fetched.ok()) {
    return fetched;
  }
  sheet.record_count = sheet.rows.size() - 1;
  return sheet;
}

}  // namespace

absl::StatusOr<ExportSheet> ExportCertificates(const Connection& evaluation, const ExportFilters& filters) {
  ev::ListCertificatesRequest request;
  request.set_year(filters.year);
  request.set_district_code(filters.district);
  request.set_issuer_credit_code(filters.issuer_credit_code);
  request.set_id_number(filters.id_number);
  absl::StatusOr<int> level = EnumFlag("level", *common::v1::SkillLevel_descriptor(), filters.level);
  absl::StatusOr<int> type = EnumFlag("type", *ev::CertificateType_descriptor(), filters.type);
  absl::StatusOr<int> status = EnumFlag("status", *ev::CertificateStatus_descriptor(), filters.status);
  for (const absl::StatusOr<int>* parsed : {&level, &type, &status}) {
    if (!parsed->ok()) {
      return parsed->status();
    }
  }
  request.set_level(static_cast<common::v1::SkillLevel>(*level));
  request.set_type(static_cast<ev::CertificateType>(*type));
  request.set_status(static_cast<ev::CertificateStatus>(*status));
  return Collect<ev::Certificate>(
      "证书", CertificateHeader(),
      [&](const std::function<void(const ev::Certificate&)>& on_record) {
        return FetchCertificates(evaluation, request, on_record);
      },
      CertificateRow);
}

absl::StatusOr<ExportSheet> ExportEnrollments(const Connection& training, const ExportFilters& filters) {
  tr::ListEnrollmentsRequest request;
  request.set_year(filters.year);
  request.set_district_code(filters.district);
  request.set_course_id(filters.course);
  request.set_institution_credit_code(filters.institution);
  request.set_id_number(filters.id_number);
  absl::StatusOr<int> state = EnumFlag("status", *tr::EnrollmentState_descriptor(), filters.status);
  if (!state.ok()) {
    return state.status();
  }
  request.set_state(static_cast<tr::EnrollmentState>(*state));
  return Collect<tr::Enrollment>(
      "报名", EnrollmentHeader(),
      [&](const std::function<void(const tr::Enrollment&)>& on_record) {
        return FetchEnrollments(training, request, on_record);
      },
      EnrollmentRow);
}

absl::StatusOr<ExportSheet> ExportSubsidyClaims(const Connection& training, const ExportFilters& filters) {
  tr::ListSubsidyClaimsRequest request;
  request.set_year(filters.year);
  request.set_district_code(filters.district);
  request.set_institution_credit_code(filters.institution);
  request.set_id_number(filters.id_number);
  absl::StatusOr<int> state = EnumFlag("status", *tr::ClaimState_descriptor(), filters.status);
  if (!state.ok()) {
    return state.status();
  }
  request.set_state(static_cast<tr::ClaimState>(*state));
  return Collect<tr::SubsidyClaim>(
      "补贴申请", SubsidyClaimHeader(),
      [&](const std::function<void(const tr::SubsidyClaim&)>& on_record) {
        return FetchSubsidyClaims(training, request, on_record);
      },
      SubsidyClaimRow);
}

}  // namespace skillbridge::cli
