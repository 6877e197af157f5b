// Paging through List* results (paging.h).

#include "tools/cli/export/paging.h"

#include "common/util/concat.h"

namespace skillbridge::cli {

absl::Status FetchAllPages(const FetchPage& fetch_page, const std::function<size_t()>& item_count, size_t max_rows) {
  std::string token;
  while (true) {
    absl::StatusOr<std::string> next = fetch_page(token);
    if (!next.ok()) {
      return next.status();
    }
    if (item_count() > max_rows) {
      return absl::ResourceExhaustedError(Concat("more than ", max_rows,
                                                 " rows: narrow the export with --year, --district or another filter; "
                                                 "nothing was written / 超过 ",
                                                 max_rows,
                                                 " 行，请用 --year、--district 等条件缩小范围；未写入任何文件"));
    }
    if (next->empty()) {
      return absl::OkStatus();
    }
    if (*next == token) {
      return absl::InternalError(Concat("the service answered the same page token again ('", *next,
                                        "'): stopped; nothing was written / 服务重复返回同一分页标记，已停止"));
    }
    token = *std::move(next);
  }
}

}  // namespace skillbridge::cli
