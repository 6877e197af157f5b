// The import engine (import_runner.h).

#include "tools/cli/import/import_runner.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "common/auth/principal.h"
#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "google/rpc/status.pb.h"
#include "tools/cli/generic_call.h"
#include "tools/cli/import/error_file.h"
#include "tools/cli/import/import_journal.h"
#include "tools/cli/import/progress.h"

namespace skillbridge::cli {
namespace {

namespace pb = google::protobuf;

// The message types of an import: the request, and the row (the request itself for a one-row
// method without row_field).
struct ImportTypes {
  const pb::MethodDescriptor* method = nullptr;
  const pb::FieldDescriptor* rows = nullptr;  // batch methods
  const pb::FieldDescriptor* row = nullptr;   // one-row methods with row_field
  const pb::Descriptor* row_type = nullptr;
};

absl::StatusOr<ImportTypes> TypesOf(const ImportSpec& spec) {
  absl::StatusOr<std::string> full = ResolveMethod(Concat(spec.service, "/", spec.method));
  if (!full.ok()) return full.status();
  ImportTypes types;
  types.method = pb::DescriptorPool::generated_pool()->FindMethodByName(
      Concat(full->substr(0, full->find('/')), ".", spec.method));
  if (types.method == nullptr) return absl::InternalError(Concat("no method ", *full));
  const pb::Descriptor* request = types.method->input_type();
  types.row_type = request;
  if (!spec.rows_field.empty()) {
    types.rows = request->FindFieldByName(spec.rows_field);
    if (types.rows == nullptr || !types.rows->is_repeated() || types.rows->message_type() == nullptr) {
      return absl::InternalError(Concat(request->full_name(), " has no repeated ", spec.rows_field));
    }
    types.row_type = types.rows->message_type();
  } else if (!spec.row_field.empty()) {
    types.row = request->FindFieldByName(spec.row_field);
    if (types.row == nullptr || types.row->message_type() == nullptr) {
      return absl::InternalError(Concat(request->full_name(), " has no ", spec.row_field));
    }
    types.row_type = types.row->message_type();
  }
  return types;
}

std::unique_ptr<pb::Message> NewMessage(const pb::Descriptor* type) {
  return std::unique_ptr<pb::Message>(pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// A field path the service named, relative to the row: "certificates[3].person.id_number" →
// {3, "person.id_number"}; "introduction.person" → {-1, "person"}.
std::pair<int, std::string> RowRelative(const ImportSpec& spec, std::string_view field) {
  if (!spec.rows_field.empty() && field.starts_with(spec.rows_field + "[")) {
    const size_t close = field.find(']');
    if (close != std::string_view::npos) {
      const int index = std::atoi(std::string(field.substr(spec.rows_field.size() + 1)).c_str());
      std::string_view rest = field.substr(close + 1);
      if (rest.starts_with(".")) rest.remove_prefix(1);
      return {index, std::string(rest)};
    }
  }
  if (!spec.row_field.empty() && field.starts_with(spec.row_field + ".")) {
    return {-1, std::string(field.substr(spec.row_field.size() + 1))};
  }
  return {-1, std::string(field)};
}

// "ALREADY_EXISTS DUPLICATE_CERTIFICATE: <message>".
std::string ReasonText(const absl::Status& status) {
  const std::string reason = ReasonOf(status);
  return Concat(GrpcCodeName(static_cast<grpc::StatusCode>(status.code())), reason.empty() ? "" : " ", reason, ": ",
                std::string(status.message()));
}

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::DEADLINE_EXCEEDED;
}

struct Batch {
  size_t first_row = 0;
  std::vector<size_t> rows;  // the data rows sent (those that passed the local checks)
  size_t range = 0;          // rows of the file in the batch's range
};

class Importer {
 public:
  Importer(const ImportSpec& spec, const ImportOptions& options, const ImportTypes& types, const SheetFile& file,
           const std::vector<int>& columns, const Connection& connection, const std::atomic<bool>& stop)
      : spec_(spec),
        options_(options),
        types_(types),
        file_(file),
        columns_(columns),
        connection_(connection),
        stop_(stop),
        full_method_(Concat(types.method->service()->full_name(), "/", types.method->name())) {}

  // Sends `batches` with `options.concurrency` workers; refusals go to `refusals`.
  void Send(const std::vector<Batch>& batches, const std::vector<std::unique_ptr<pb::Message>>& messages,
            int batch_size, JournalWriter& journal, ImportProgress& progress, ImportSummary& summary,
            std::map<size_t, RowRefusal>& refusals) {
    std::atomic<size_t> next{0};
    const auto worker = [&] {
      for (;;) {
        if (stop_.load() || halted_.load()) return;
        const size_t index = next.fetch_add(1);
        if (index >= batches.size()) return;
        const Batch& batch = batches[index];
        JournalBatch outcome;
        outcome.first_row = batch.first_row;
        outcome.rows = batch.range;
        bool answered = SendBatch(batch, messages, batch_size, outcome);
        std::lock_guard<std::mutex> lock(mu_);
        if (!answered) {
          summary.unsent += batch.rows.size();
          continue;
        }
        if (const absl::Status recorded = journal.Record(outcome); !recorded.ok() && journal_error_.empty()) {
          journal_error_ = std::string(recorded.message());
        }
        summary.added += outcome.added;
        summary.replayed += outcome.replayed;
        for (const JournalRefusal& refusal : outcome.refusals) {
          refusals[refusal.row] = {refusal.field, refusal.reason};
        }
        progress.Advance(batch.range);
      }
    };
    const int workers = std::clamp(options_.concurrency, 1, kMaxImportConcurrency);
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i) threads.emplace_back(worker);
    for (std::thread& thread : threads) thread.join();
    // Batches never taken (stopped early) are not sent.
    for (size_t i = std::min(next.load(), batches.size()); i < batches.size(); ++i) {
      summary.unsent += batches[i].rows.size();
    }
    summary.stop_reason = halt_reason_;
    if (!journal_error_.empty() && summary.stop_reason.empty()) summary.stop_reason = journal_error_;
  }

 private:
  // One batch, retried while the service is unavailable; false when it was never answered.
  bool SendBatch(const Batch& batch, const std::vector<std::unique_ptr<pb::Message>>& messages, int batch_size,
                 JournalBatch& outcome) {
    std::unique_ptr<pb::Message> request = NewMessage(types_.method->input_type());
    const pb::Reflection& reflection = *request->GetReflection();
    const pb::Descriptor& request_type = *types_.method->input_type();
    if (const pb::FieldDescriptor* id = request_type.FindFieldByName("request_id"); id != nullptr) {
      reflection.SetString(request.get(), id,
                           ImportRequestId(file_.sha256_hex, spec_.kind, batch.first_row, batch_size));
    }
    for (const FlagValueText& flag : options_.flag_values) {
      if (flag.spec->on_request && !flag.text.empty()) {
        (void)SetCellValue(*request, flag.spec->path, flag.spec->kind, flag.text);
      }
    }
    for (const size_t row : batch.rows) {
      if (types_.rows != nullptr) {
        reflection.AddMessage(request.get(), types_.rows)->CopyFrom(*messages[row]);
      } else if (types_.row != nullptr) {
        reflection.MutableMessage(request.get(), types_.row)->CopyFrom(*messages[row]);
      } else {
        const std::string id = reflection.GetString(*request, request_type.FindFieldByName("request_id"));
        request->MergeFrom(*messages[row]);
        if (const pb::FieldDescriptor* field = request_type.FindFieldByName("request_id"); field != nullptr) {
          reflection.SetString(request.get(), field, id);
        }
      }
    }
    std::unique_ptr<pb::Message> response = NewMessage(types_.method->output_type());
    grpc::Status status;
    bool replayed = false;
    auto backoff = std::chrono::milliseconds(200);
    for (int attempt = 1;; ++attempt) {
      std::unique_ptr<grpc::ClientContext> context = connection_.NewContext();
      response->Clear();
      status = CallMessage(connection_.channel, full_method_, *request, response.get(), context.get());
      if (status.ok()) {
        const auto& trailers = context->GetServerTrailingMetadata();
        const auto found = trailers.find("skillbridge-replayed");
        replayed = found != trailers.end() && std::string_view(found->second.data(), found->second.size()) == "true";
        break;
      }
      if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
          status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
        Halt(ReasonText(FromGrpcStatus(status)));
        return false;
      }
      if (!Retryable(status.error_code())) break;
      if (attempt >= options_.max_attempts || stop_.load()) {
        Halt(Concat("the service did not answer: ", ReasonText(FromGrpcStatus(status))));
        return false;
      }
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
    if (!status.ok()) {
      RefuseBatch(batch, FromGrpcStatus(status), outcome);
      return true;
    }
    if (types_.rows == nullptr) {
      (replayed ? outcome.replayed : outcome.added) += 1;
      return true;
    }
    ReadBatchResults(batch, *response, replayed, outcome);
    return true;
  }

  // The whole call was refused: rows named by its field violations get their own, the others the
  // call's reason.
  void RefuseBatch(const Batch& batch, const absl::Status& status, JournalBatch& outcome) {
    std::map<int, std::pair<std::string, std::string>> named;  // index in batch → field, description
    for (const FieldViolation& violation : FieldViolationsOf(status)) {
      auto [index, field] = RowRelative(spec_, violation.field);
      if (types_.rows == nullptr) index = 0;
      if (index >= 0 && static_cast<size_t>(index) < batch.rows.size() && !named.contains(index)) {
        named[index] = {field, violation.description};
      }
    }
    const std::string whole = ReasonText(status);
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      const auto it = named.find(static_cast<int>(i));
      JournalRefusal refusal;
      refusal.row = batch.rows[i];
      if (it != named.end()) {
        refusal.field = FieldHeader(it->second.first);
        refusal.reason = Concat(GrpcCodeName(static_cast<grpc::StatusCode>(status.code())), " ", ReasonOf(status), ": ",
                                it->second.first, ": ", it->second.second);
      } else {
        refusal.reason =
            types_.rows != nullptr && !named.empty()
                ? Concat("not applied: the batch was refused for other rows / 同批其他行有误，本行未写入 (", whole, ")")
                : whole;
      }
      outcome.refusals.push_back(std::move(refusal));
    }
  }

  void ReadBatchResults(const Batch& batch, const pb::Message& response, bool replayed, JournalBatch& outcome) {
    const pb::FieldDescriptor* results = response.GetDescriptor()->FindFieldByName(spec_.results_field);
    const pb::Reflection& reflection = *response.GetReflection();
    std::vector<bool> answered(batch.rows.size(), false);
    const int count = results == nullptr ? 0 : reflection.FieldSize(response, results);
    for (int k = 0; k < count; ++k) {
      const pb::Message& result = reflection.GetRepeatedMessage(response, results, k);
      const pb::Descriptor& type = *result.GetDescriptor();
      const pb::FieldDescriptor* index_field = type.FindFieldByName("index");
      const pb::FieldDescriptor* status_field = type.FindFieldByName("status");
      const int index = index_field == nullptr ? k : result.GetReflection()->GetInt32(result, index_field);
      if (index < 0 || static_cast<size_t>(index) >= batch.rows.size() || status_field == nullptr) continue;
      answered[index] = true;
      google::rpc::Status rpc_status;
      rpc_status.CopyFrom(result.GetReflection()->GetMessage(result, status_field));
      if (rpc_status.code() == 0) {
        (replayed ? outcome.replayed : outcome.added) += 1;
        continue;
      }
      const absl::Status status = FromRpcStatus(rpc_status);
      JournalRefusal refusal;
      refusal.row = batch.rows[index];
      const std::vector<FieldViolation> violations = FieldViolationsOf(status);
      if (!violations.empty()) refusal.field = FieldHeader(RowRelative(spec_, violations.front().field).second);
      refusal.reason = ReasonText(status);
      outcome.refusals.push_back(std::move(refusal));
    }
    // A method that answers only the refused rows (or none, when all were accepted) counts the
    // others as written.
    if (count == 0 || count < static_cast<int>(batch.rows.size())) {
      for (size_t i = 0; i < answered.size(); ++i) {
        if (!answered[i]) (replayed ? outcome.replayed : outcome.added) += 1;
      }
    }
  }

  std::string FieldHeader(const std::string& field) const {
    const std::string header = ColumnForField(spec_, columns_, file_.rows.front().cells, field);
    return header.empty() ? field : header;
  }

  void Halt(std::string reason) {
    std::lock_guard<std::mutex> lock(mu_);
    if (halt_reason_.empty()) halt_reason_ = std::move(reason);
    halted_ = true;
  }

  const ImportSpec& spec_;
  const ImportOptions& options_;
  const ImportTypes& types_;
  const SheetFile& file_;
  const std::vector<int>& columns_;
  const Connection& connection_;
  const std::atomic<bool>& stop_;
  const std::string full_method_;
  std::mutex mu_;
  std::atomic<bool> halted_{false};
  std::string halt_reason_;
  std::string journal_error_;
};

}  // namespace

std::string ImportRequestId(const std::string& file_sha256, const std::string& kind, size_t first_row, int batch_size) {
  return Concat("import-", kind, "-",
                Sha256Hex(Concat(file_sha256, ":", kind, ":", first_row, ":", batch_size)).substr(0, 32));
}

absl::StatusOr<ImportSummary> RunImport(const ImportSpec& spec, const ImportOptions& options,
                                        const Connection* connection, const std::atomic<bool>& stop) {
  absl::StatusOr<ImportTypes> types = TypesOf(spec);
  if (!types.ok()) return types.status();
  for (const FlagValue& flag : spec.flag_values) {
    const auto given = std::find_if(options.flag_values.begin(), options.flag_values.end(),
                                    [&](const FlagValueText& text) { return text.spec == &flag; });
    if (flag.required && (given == options.flag_values.end() || given->text.empty())) {
      return absl::InvalidArgumentError(Concat("import ", spec.kind, " needs --", flag.flag));
    }
    if (given != options.flag_values.end() && !given->text.empty()) {
      std::unique_ptr<pb::Message> probe = NewMessage(flag.on_request ? types->method->input_type() : types->row_type);
      if (const absl::Status set = SetCellValue(*probe, flag.path, flag.kind, given->text); !set.ok()) {
        return absl::InvalidArgumentError(Concat("--", flag.flag, ": ", std::string(set.message())));
      }
    }
  }

  absl::StatusOr<SheetFile> file = ReadSheetFile(options.path, options.read);
  if (!file.ok()) return file.status();
  if (file->rows.empty()) {
    return absl::InvalidArgumentError(
        Concat(options.path, " is empty: the first row must name the columns / 文件为空"));
  }
  const std::vector<std::string>& header = file->rows.front().cells;
  std::vector<ColumnSpec> column_specs;
  for (const ImportColumn& column : spec.columns) column_specs.push_back(column.column);
  absl::StatusOr<std::vector<int>> columns = MapColumns(header, column_specs);
  if (!columns.ok()) {
    return absl::InvalidArgumentError(Concat(options.path, ": ", std::string(columns.status().message())));
  }
  ImportSummary summary;
  for (size_t i = 0; i < header.size(); ++i) {
    if (std::find(columns->begin(), columns->end(), static_cast<int>(i)) == columns->end() &&
        header[i] != kReasonHeader && header[i] != kFieldHeader && !header[i].empty()) {
      summary.ignored_columns.push_back(header[i]);
    }
  }
  const size_t row_count = file->rows.size() - 1;
  summary.rows = row_count;
  if (row_count == 0) {
    return absl::InvalidArgumentError(Concat(options.path, " has a header but no rows / 只有表头，没有数据行"));
  }
  if (row_count > kMaxImportRows) {
    return absl::InvalidArgumentError(Concat(options.path, " has ", row_count, " rows; at most ", kMaxImportRows,
                                             " go in one import: split the file / 行数过多，请拆分文件"));
  }
  const int batch_limit = types->rows == nullptr ? 1 : spec.max_batch;
  if (spec.whole_file_in_one_call && static_cast<int>(row_count) > batch_limit) {
    return absl::InvalidArgumentError(
        Concat(spec.kind, " go in one call of at most ", batch_limit, " rows; ", options.path, " has ", row_count));
  }

  // Build and check every row.
  std::map<size_t, RowRefusal> refusals;
  std::vector<std::unique_ptr<pb::Message>> messages(row_count);
  LocalCheckContext check_context{options.reference.get(), options.today};
  for (size_t i = 0; i < row_count; ++i) {
    messages[i] = NewMessage(types->row_type);
    CellError cell_error;
    if (!BuildRow(spec, *columns, header, file->rows[i + 1].cells, options.flag_values, *messages[i], &cell_error)
             .ok()) {
      refusals[i] = {cell_error.column, Concat("INVALID_ARGUMENT: ", cell_error.column, ": ", cell_error.message)};
      messages[i].reset();
      continue;
    }
    if (spec.check && options.reference != nullptr) {
      const absl::Status checked = spec.check(*messages[i], "", check_context);
      if (!checked.ok()) {
        const std::vector<FieldViolation> violations = FieldViolationsOf(checked);
        std::string field;
        if (!violations.empty()) {
          const std::string relative = RowRelative(spec, violations.front().field).second;
          field = ColumnForField(spec, *columns, header, relative);
          if (field.empty()) field = relative;
        }
        refusals[i] = {field, ReasonText(checked)};
        messages[i].reset();
      }
    }
  }
  summary.refused_locally = refusals.size();

  if (!options.dry_run) {
    if (connection == nullptr) return absl::InternalError("no connection for a real import");
    const std::string journal_path = options.journal_file.empty() ? options.path + ".progress" : options.journal_file;
    int batch_size =
        spec.whole_file_in_one_call
            ? static_cast<int>(row_count)
            : std::clamp(options.batch_size > 0 ? options.batch_size : kDefaultImportBatch, 1, batch_limit);
    JournalState earlier;
    bool append = false;
    if (options.resume) {
      absl::StatusOr<JournalState> read = ReadJournal(journal_path);
      if (read.ok()) {
        if (read->kind != spec.kind || read->file_sha256 != file->sha256_hex) {
          return absl::InvalidArgumentError(
              Concat(journal_path,
                     " records an import of another file or kind; the file changed since? Run without "
                     "--resume to import it anew / 进度文件与本文件不符"));
        }
        batch_size = read->batch_size;
        earlier = *std::move(read);
        append = true;
      } else if (read.status().code() != absl::StatusCode::kNotFound) {
        return read.status();
      }
    }
    JournalWriter journal;
    if (const absl::Status opened = journal.Open(journal_path, spec.kind, file->sha256_hex, batch_size, append);
        !opened.ok()) {
      return opened;
    }
    std::vector<Batch> batches;
    size_t earlier_rows = 0;
    for (size_t first = 0; first < row_count; first += static_cast<size_t>(batch_size)) {
      const size_t end = std::min(row_count, first + static_cast<size_t>(batch_size));
      if (const auto done = earlier.batches.find(first); done != earlier.batches.end()) {
        earlier_rows += end - first;
        summary.earlier += static_cast<size_t>(done->second.added + done->second.replayed);
        for (const JournalRefusal& refusal : done->second.refusals)
          refusals[refusal.row] = {refusal.field, refusal.reason};
        continue;
      }
      Batch batch;
      batch.first_row = first;
      batch.range = end - first;
      for (size_t row = first; row < end; ++row) {
        if (messages[row] != nullptr) batch.rows.push_back(row);
      }
      if (batch.rows.empty()) {
        continue;  // every row refused locally: nothing to send
      }
      batches.push_back(std::move(batch));
    }
    ImportProgress progress(row_count, earlier_rows, options.terminal);
    Importer importer(spec, options, *types, *file, *columns, *connection, stop);
    importer.Send(batches, messages, batch_size, journal, progress, summary, refusals);
    progress.Finish();
    summary.interrupted = stop.load();
    if (summary.unsent == 0) {
      journal.Remove();
    } else {
      summary.journal_file = journal_path;
    }
  }

  summary.refused = refusals.size();
  const std::string error_path = options.error_file.empty() ? DefaultErrorFilePath(options.path) : options.error_file;
  if (!refusals.empty()) {
    if (const absl::Status written = WriteErrorFile(error_path, *file, refusals); !written.ok()) {
      return written;
    }
    summary.error_file = error_path;
  } else {
    std::remove(error_path.c_str());  // an error file of an earlier run no longer applies
  }
  return summary;
}

}  // namespace skillbridge::cli
