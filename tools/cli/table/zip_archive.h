#pragma once
// Reading the entries of a ZIP archive held in memory (an .xlsx workbook is one): the central
// directory (ZIP64 included), stored and deflated entries (zlib), each checked against its CRC-32.
// Built for files from anywhere, so it refuses rather than trusts:
//  - an entry above kMaxZipEntryBytes uncompressed, or above kMaxZipCompressionRatio:1 when it is
//    larger than 1 MiB (a zip bomb), or inflating to another size than the directory says;
//  - encrypted entries (general purpose flag bit 0), other compression methods, archives split
//    over several disks, and offsets or sizes that point outside the bytes.
// Errors are INVALID_ARGUMENT in English, naming the entry ("xl/worksheets/sheet1.xml: ..."); the
// caller words them for its users. An archive is immutable once opened: thread-safe for reading.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace skillbridge::cli {

inline constexpr uint64_t kMaxZipEntryBytes = 256u * 1024 * 1024;
inline constexpr uint64_t kMaxZipCompressionRatio = 200;

struct ZipEntry {
  std::string name;
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint16_t flags = 0;   // general purpose bit flags
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_header_offset = 0;

  bool encrypted() const { return (flags & 1u) != 0; }
};

class ZipArchive {
 public:
  // Reads the central directory of `bytes`, which must outlive the archive. INVALID_ARGUMENT when
  // `bytes` is not a ZIP archive or its directory is damaged.
  static absl::StatusOr<ZipArchive> Open(std::string_view bytes);

  // The entries in directory order.
  const std::vector<ZipEntry>& entries() const { return entries_; }

  // The entry named exactly `name`, or else the only one whose name matches it ignoring ASCII
  // case; nullptr when there is none.
  const ZipEntry* Find(std::string_view name) const;

  // The uncompressed bytes of `entry` (one of entries()). INVALID_ARGUMENT naming the entry when
  // it is encrypted, too large, a likely zip bomb, damaged or fails its CRC-32.
  absl::StatusOr<std::string> Read(const ZipEntry& entry) const;

 private:
  explicit ZipArchive(std::string_view bytes) : bytes_(bytes) {}

  std::string_view bytes_;
  std::vector<ZipEntry> entries_;
  std::map<std::string, size_t, std::less<>> index_by_name_;
};

}  // namespace skillbridge::cli
