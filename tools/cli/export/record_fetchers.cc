// Paging through the record services' lists (record_fetchers.h).

#include "tools/cli/export/record_fetchers.h"

#include <string>

#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/training/v1/training.grpc.pb.h"
#include "tools/cli/export/refusal.h"

namespace skillbridge::cli {

namespace ev = ::skillbridge::evaluation::v1;
namespace tr = ::skillbridge::training::v1;

namespace {

// Fetches every page of `method`: `call(context, request, response)` is the stub's method,
// `items(response)` the repeated field whose elements go to `on_record`.
template <typename Response, typename Request, typename Item, typename Call, typename Items>
absl::Status FetchList(const Connection& connection, const char* method, Request request,
                       const std::function<void(const Item&)>& on_record, size_t max_rows, Call call, Items items) {
  size_t count = 0;
  request.set_page_size(kExportPageSize);
  const FetchPage fetch_page = [&](const std::string& page_token) -> absl::StatusOr<std::string> {
    request.set_page_token(page_token);
    Response response;
    const grpc::Status status = call(connection.NewContext().get(), request, &response);
    if (!status.ok()) {
      return RefusalStatus(method, status);
    }
    for (const Item& item : items(response)) {
      on_record(item);
      ++count;
    }
    return response.next_page_token();
  };
  return FetchAllPages(
      fetch_page, [&] { return count; }, max_rows);
}

}  // namespace

absl::Status FetchCertificates(const Connection& connection, ev::ListCertificatesRequest filter,
                               const std::function<void(const ev::Certificate&)>& on_record, size_t max_rows) {
  const auto stub = ev::EvaluationService::NewStub(connection.channel);
  return FetchList<ev::ListCertificatesResponse>(
      connection, "ListCertificates", std::move(filter), on_record, max_rows,
      [&](grpc::ClientContext* context, const ev::ListCertificatesRequest& request,
          ev::ListCertificatesResponse* response) { return stub->ListCertificates(context, request, response); },
      [](const ev::ListCertificatesResponse& response) -> const auto& { return response.certificates(); });
}

absl::Status FetchEnrollments(const Connection& connection, tr::ListEnrollmentsRequest filter,
                              const std::function<void(const tr::Enrollment&)>& on_record, size_t max_rows) {
  const auto stub = tr::TrainingService::NewStub(connection.channel);
  return FetchList<tr::ListEnrollmentsResponse>(
      connection, "ListEnrollments", std::move(filter), on_record, max_rows,
      [&](grpc::ClientContext* context, const tr::ListEnrollmentsRequest& request,
          tr::ListEnrollmentsResponse* response) { return stub->ListEnrollments(context, request, response); },
      [](const tr::ListEnrollmentsResponse& response) -> const auto& { return response.enrollments(); });
}

absl::Status FetchSubsidyClaims(const Connection& connection, tr::ListSubsidyClaimsRequest filter,
                                const std::function<void(const tr::SubsidyClaim&)>& on_record, size_t max_rows) {
  const auto stub = tr::TrainingService::NewStub(connection.channel);
  return FetchList<tr::ListSubsidyClaimsResponse>(
      connection, "ListSubsidyClaims", std::move(filter), on_record, max_rows,
      [&](grpc::ClientContext* context, const tr::ListSubsidyClaimsRequest& request,
          tr::ListSubsidyClaimsResponse* response) { return stub->ListSubsidyClaims(context, request, response); },
      [](const tr::ListSubsidyClaimsResponse& response) -> const auto& { return response.claims(); });
}

}  // namespace skillbridge::cli
