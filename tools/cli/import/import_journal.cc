// The import's progress file (import_journal.h).

#include "tools/cli/import/import_journal.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/util/concat.h"

namespace skillbridge::cli {
namespace {

constexpr char kMagic[] = "skillbridge-import";

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

bool ParseSize(std::string_view text, size_t* out) {
  uint64_t value = 0;
  if (!absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value)) return false;
  *out = static_cast<size_t>(value);
  return true;
}

bool ParseInt(std::string_view text, int64_t* out) {
  return absl::SimpleAtoi(absl::string_view(text.data(), text.size()), out);
}

}  // namespace

absl::StatusOr<JournalState> ReadJournal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(Concat("no progress file ", path));
  }
  JournalState state;
  std::string line;
  bool first = true;
  std::vector<JournalRefusal> pending;  // a batch's refusals come before its batch line
  while (std::getline(in, line)) {
    if (in.eof()) {
      break;  // no line end: cut short by a crash
    }
    const std::vector<std::string> parts = absl::StrSplit(line, '\t');
    if (first) {
      int64_t batch_size = 0;
      if (parts.size() != 5 || parts[0] != kMagic || parts[1] != "1" || !ParseInt(parts[4], &batch_size)) {
        return absl::FailedPreconditionError(Concat(path, " is not a progress file of this tool"));
      }
      state.kind = parts[2];
      state.file_sha256 = parts[3];
      state.batch_size = static_cast<int>(batch_size);
      first = false;
      continue;
    }
    if (parts.size() == 5 && parts[0] == "batch") {
      JournalBatch batch;
      if (!ParseSize(parts[1], &batch.first_row) || !ParseSize(parts[2], &batch.rows) ||
          !ParseInt(parts[3], &batch.added) || !ParseInt(parts[4], &batch.replayed)) {
        continue;
      }
      batch.refusals = std::move(pending);
      pending.clear();
      state.batches[batch.first_row] = std::move(batch);
    } else if (parts.size() == 4 && parts[0] == "refused") {
      JournalRefusal refusal;
      if (ParseSize(parts[1], &refusal.row)) {
        refusal.field = parts[2];
        refusal.reason = parts[3];
        pending.push_back(std::move(refusal));
      }
    }
  }
  if (first) {
    return absl::FailedPreconditionError(Concat(path, " is empty"));
  }
  return state;
}

JournalWriter::~JournalWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

absl::Status JournalWriter::Open(const std::string& path, const std::string& kind, const std::string& file_sha256,
                                 int batch_size, bool append) {
  path_ = path;
  file_ = std::fopen(path.c_str(), append ? "ab" : "wb");
  if (file_ == nullptr) {
    return absl::InternalError(Concat("cannot write the progress file ", path, ": ", std::strerror(errno)));
  }
  if (!append) {
    std::fprintf(file_, "%s\t1\t%s\t%s\t%d\n", kMagic, kind.c_str(), file_sha256.c_str(), batch_size);
    if (std::fflush(file_) != 0) {
      return absl::InternalError(Concat("cannot write the progress file ", path, ": ", std::strerror(errno)));
    }
  }
  return absl::OkStatus();
}

absl::Status JournalWriter::Record(const JournalBatch& batch) {
  // The batch line goes last, so a crash between lines leaves the batch unrecorded (sent again).
  std::string text;
  for (const JournalRefusal& refusal : batch.refusals) {
    text += Concat("refused\t", refusal.row, "\t", OneLine(refusal.field), "\t", OneLine(refusal.reason), "\n");
  }
  text += Concat("batch\t", batch.first_row, "\t", batch.rows, "\t", batch.added, "\t", batch.replayed, "\n");
  const std::string& all = text;
  if (std::fwrite(all.data(), 1, all.size(), file_) != all.size() || std::fflush(file_) != 0 ||
      ::fdatasync(::fileno(file_)) != 0) {
    return absl::InternalError(Concat("cannot write the progress file ", path_, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

void JournalWriter::Remove() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  std::remove(path_.c_str());
}

}  // namespace skillbridge::cli
