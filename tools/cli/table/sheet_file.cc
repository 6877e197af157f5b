#include "tools/cli/table/sheet_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <utility>

#include <openssl/evp.h>

#include "common/util/concat.h"
#include "tools/cli/table/xlsx_reader.h"
#include "tools/cli/table/xlsx_writer.h"

namespace skillbridge::cli {
namespace {

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lower;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return std::string();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

// Debian's Abseil has its own string_view type.
std::string_view MessageOf(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

absl::Status Prefixed(const std::string& path, const absl::Status& status) {
  return absl::Status(status.code(), Concat(path, ": ", MessageOf(status)));
}

// The whole file, refusing one above kMaxSheetFileBytes before reading it.
absl::StatusOr<std::string> ReadBoundedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(Concat("cannot read ", path, ": ", std::strerror(errno), " / 无法读取文件"));
  }
  struct stat info = {};
  const bool stat_failed = ::fstat(fd, &info) != 0;
  if (stat_failed || !S_ISREG(info.st_mode)) {
    const int error = stat_failed ? errno : (S_ISDIR(info.st_mode) ? EISDIR : EINVAL);
    ::close(fd);
    return absl::NotFoundError(Concat("cannot read ", path, ": ", std::strerror(error), " / 无法读取文件"));
  }
  if (static_cast<uint64_t>(info.st_size) > kMaxSheetFileBytes) {
    ::close(fd);
    return absl::InvalidArgumentError(Concat(path, ": the file is ", info.st_size / (1024 * 1024), " MiB, above the ",
                                             kMaxSheetFileBytes / (1024 * 1024),
                                             " MiB limit: split it / 文件过大，请拆分后再导入"));
  }
  std::string bytes(static_cast<size_t>(info.st_size), '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      const int error = got < 0 ? errno : 0;
      ::close(fd);
      return absl::DataLossError(Concat("cannot read ", path, " to its end",
                                        error != 0 ? Concat(": ", std::strerror(error)) : std::string(" (it shrank)")));
    }
    done += static_cast<size_t>(got);
  }
  ::close(fd);
  return bytes;
}

// Writes `bytes` to `path`, flushed to disk.
absl::Status WriteWholeFile(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(Concat("cannot write ", path, ": ", std::strerror(errno)));
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote < 0) {
      const int error = errno;
      ::close(fd);
      return absl::InternalError(Concat("cannot write ", path, ": ", std::strerror(error)));
    }
    done += static_cast<size_t>(wrote);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return absl::InternalError(Concat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SheetFormat> SheetFormatFromPath(const std::string& path) {
  const std::string lower = LowerAscii(path);
  if (EndsWith(lower, ".csv")) {
    return SheetFormat::kCsv;
  }
  if (EndsWith(lower, ".xlsx")) {
    return SheetFormat::kXlsx;
  }
  if (EndsWith(lower, ".xls")) {
    return absl::InvalidArgumentError(
        Concat(path,
               ": the old Excel 97-2003 format (.xls) is not read: open it in Excel and "
               "save it as .xlsx or .csv / 不支持旧版 .xls 格式，请另存为 .xlsx 或 .csv"));
  }
  return absl::InvalidArgumentError(
      Concat(path, ": the file name must end in .csv or .xlsx / 文件名须以 .csv 或 .xlsx 结尾"));
}

absl::StatusOr<SheetFile> ReadSheetFile(const std::string& path, const SheetReadOptions& options) {
  absl::StatusOr<SheetFormat> format = SheetFormatFromPath(path);
  if (!format.ok()) {
    return format.status();
  }
  absl::StatusOr<std::string> bytes = ReadBoundedFile(path);
  if (!bytes.ok()) {
    return bytes.status();
  }
  SheetFile file;
  file.format = *format;
  file.sha256_hex = Sha256Hex(*bytes);
  if (file.sha256_hex.empty()) {
    return absl::InternalError("OpenSSL could not compute SHA-256");
  }
  if (*format == SheetFormat::kXlsx) {
    absl::StatusOr<XlsxSheet> sheet = ReadXlsxSheet(*bytes, options.sheet);
    if (!sheet.ok()) {
      return Prefixed(path, sheet.status());
    }
    file.sheet = std::move(sheet->name);
    file.rows = std::move(sheet->rows);
    return file;
  }
  absl::StatusOr<DecodedText> text = DecodeText(*bytes, options.encoding);
  if (!text.ok()) {
    return Prefixed(path, text.status());
  }
  bytes->clear();
  bytes->shrink_to_fit();
  file.encoding = text->encoding;
  file.had_bom = text->had_bom;
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(text->utf8);
  if (!rows.ok()) {
    return Prefixed(path, rows.status());
  }
  file.rows = std::move(*rows);
  return file;
}

absl::Status WriteSheetFile(const std::string& path, const std::vector<std::vector<std::string>>& rows,
                            const SheetWriteOptions& options) {
  absl::StatusOr<SheetFormat> format = SheetFormatFromPath(path);
  if (!format.ok()) {
    return format.status();
  }
  const std::string temporary = path + ".tmp";
  absl::Status written;
  if (*format == SheetFormat::kXlsx) {
    written = WriteXlsxFile(temporary, rows, options.sheet);
  } else {
    std::string csv;
    for (const std::vector<std::string>& row : rows) {
      csv += FormatCsvRow(row);
    }
    absl::StatusOr<std::string> encoded = EncodeText(csv, options.encoding, options.bom);
    csv = std::string();
    written = encoded.ok() ? WriteWholeFile(temporary, *encoded) : encoded.status();
  }
  if (!written.ok()) {
    std::remove(temporary.c_str());
    return written.code() == absl::StatusCode::kInternal ? written : Prefixed(path, written);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return absl::InternalError(Concat("cannot write ", path, ": ", std::strerror(error)));
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::cli
