#include "tools/cli/table/zip_archive.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "common/util/concat.h"

namespace skillbridge::cli {
namespace {

constexpr uint32_t kEndOfCentralDirectorySignature = 0x06054b50;
constexpr uint32_t kZip64EndOfCentralDirectorySignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr size_t kEndOfCentralDirectoryBytes = 22;
constexpr size_t kZip64LocatorBytes = 20;
constexpr size_t kZip64EndOfCentralDirectoryBytes = 56;
constexpr size_t kCentralHeaderBytes = 46;
constexpr size_t kLocalHeaderBytes = 30;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint64_t kRatioCheckedAbove = 1024 * 1024;

// Little-endian reads at a position the caller has checked to be inside the bytes.
uint16_t U16(std::string_view bytes, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(bytes[at]) | (static_cast<uint8_t>(bytes[at + 1]) << 8));
}
uint32_t U32(std::string_view bytes, size_t at) {
  return static_cast<uint32_t>(U16(bytes, at)) | (static_cast<uint32_t>(U16(bytes, at + 2)) << 16);
}
uint64_t U64(std::string_view bytes, size_t at) {
  return static_cast<uint64_t>(U32(bytes, at)) | (static_cast<uint64_t>(U32(bytes, at + 4)) << 32);
}

// True when [offset, offset + length) lies inside `size` bytes (no overflow).
bool Inside(uint64_t offset, uint64_t length, uint64_t size) { return offset <= size && length <= size - offset; }

absl::Status Damaged(std::string_view what) { return absl::InvalidArgumentError(Concat("ZIP directory: ", what)); }

absl::Status EntryError(const ZipEntry& entry, std::string_view what) {
  return absl::InvalidArgumentError(Concat(entry.name, ": ", what));
}

std::string Hex32(uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof(text), "0x%08x", value);
  return text;
}

// Offset of the end-of-central-directory record: the last signature that leaves room for the
// record and its comment before the end.
std::optional<size_t> FindEndOfCentralDirectory(std::string_view bytes) {
  if (bytes.size() < kEndOfCentralDirectoryBytes) {
    return std::nullopt;
  }
  const size_t lowest =
      bytes.size() > kEndOfCentralDirectoryBytes + 0xffff ? bytes.size() - kEndOfCentralDirectoryBytes - 0xffff : 0;
  for (size_t at = bytes.size() - kEndOfCentralDirectoryBytes + 1; at-- > lowest;) {
    if (U32(bytes, at) == kEndOfCentralDirectorySignature &&
        at + kEndOfCentralDirectoryBytes + U16(bytes, at + 20) == bytes.size()) {
      return at;
    }
  }
  // Some writers pad after the comment or miscount it: accept the last signature found.
  for (size_t at = bytes.size() - kEndOfCentralDirectoryBytes + 1; at-- > lowest;) {
    if (U32(bytes, at) == kEndOfCentralDirectorySignature) {
      return at;
    }
  }
  return std::nullopt;
}

struct Directory {
  uint64_t entries = 0;
  uint64_t size = 0;
  uint64_t offset = 0;
};

absl::StatusOr<Directory> ReadZip64Directory(std::string_view bytes, size_t eocd) {
  if (eocd < kZip64LocatorBytes || U32(bytes, eocd - kZip64LocatorBytes) != kZip64LocatorSignature) {
    return Damaged("the end record marks ZIP64 but there is no ZIP64 locator");
  }
  const size_t locator = eocd - kZip64LocatorBytes;
  if (U32(bytes, locator + 16) > 1) {
    return Damaged("the archive spans several disks");
  }
  const uint64_t record = U64(bytes, locator + 8);
  if (!Inside(record, kZip64EndOfCentralDirectoryBytes, locator) ||
      U32(bytes, record) != kZip64EndOfCentralDirectorySignature) {
    return Damaged("the ZIP64 end record is missing or out of place");
  }
  if (U32(bytes, record + 16) != 0 || U32(bytes, record + 20) != 0) {
    return Damaged("the archive spans several disks");
  }
  Directory directory;
  directory.entries = U64(bytes, record + 32);
  directory.size = U64(bytes, record + 40);
  directory.offset = U64(bytes, record + 48);
  return directory;
}

// Replaces the 0xffffffff fields of `entry` by the values of its ZIP64 extra field.
absl::Status ApplyZip64Extra(std::string_view extra, bool need_uncompressed, bool need_compressed, bool need_offset,
                             ZipEntry& entry) {
  size_t at = 0;
  while (at + 4 <= extra.size()) {
    const uint16_t id = U16(extra, at);
    const uint16_t length = U16(extra, at + 2);
    if (at + 4 + length > extra.size()) {
      break;
    }
    if (id == kZip64ExtraId) {
      std::string_view field = extra.substr(at + 4, length);
      size_t pos = 0;
      auto take = [&](uint64_t& value) {
        if (pos + 8 > field.size()) {
          return false;
        }
        value = U64(field, pos);
        pos += 8;
        return true;
      };
      if ((need_uncompressed && !take(entry.uncompressed_size)) || (need_compressed && !take(entry.compressed_size)) ||
          (need_offset && !take(entry.local_header_offset))) {
        return EntryError(entry, "the ZIP64 extra field is too short");
      }
      return absl::OkStatus();
    }
    at += 4 + length;
  }
  return EntryError(entry, "sizes marked ZIP64 but no ZIP64 extra field");
}

}  // namespace

absl::StatusOr<ZipArchive> ZipArchive::Open(std::string_view bytes) {
  const std::optional<size_t> eocd = FindEndOfCentralDirectory(bytes);
  if (!eocd.has_value()) {
    return absl::InvalidArgumentError("not a ZIP archive (no end-of-central-directory record; truncated?)");
  }
  const uint16_t disk = U16(bytes, *eocd + 4);
  const uint16_t directory_disk = U16(bytes, *eocd + 6);
  Directory directory;
  directory.entries = U16(bytes, *eocd + 10);
  directory.size = U32(bytes, *eocd + 12);
  directory.offset = U32(bytes, *eocd + 16);
  if (directory.entries == 0xffff || directory.size == 0xffffffff || directory.offset == 0xffffffff) {
    absl::StatusOr<Directory> zip64 = ReadZip64Directory(bytes, *eocd);
    if (!zip64.ok()) {
      return zip64.status();
    }
    directory = *zip64;
  } else if (disk != 0 || directory_disk != 0) {
    return Damaged("the archive spans several disks");
  }
  if (!Inside(directory.offset, directory.size, bytes.size())) {
    return Damaged("the central directory lies outside the file (truncated?)");
  }
  if (directory.entries > directory.size / kCentralHeaderBytes) {
    return Damaged("more entries than the central directory can hold");
  }

  ZipArchive archive(bytes);
  archive.entries_.reserve(directory.entries);
  const std::string_view central = bytes.substr(directory.offset, directory.size);
  size_t at = 0;
  for (uint64_t i = 0; i < directory.entries; ++i) {
    if (at + kCentralHeaderBytes > central.size() || U32(central, at) != kCentralHeaderSignature) {
      return Damaged(Concat("entry ", i + 1, " of ", directory.entries, " is missing or damaged"));
    }
    const size_t name_length = U16(central, at + 28);
    const size_t extra_length = U16(central, at + 30);
    const size_t comment_length = U16(central, at + 32);
    const size_t variable = name_length + extra_length + comment_length;
    if (at + kCentralHeaderBytes + variable > central.size()) {
      return Damaged(Concat("entry ", i + 1, " runs past the end of the directory"));
    }
    ZipEntry entry;
    entry.flags = U16(central, at + 8);
    entry.method = U16(central, at + 10);
    entry.crc32 = U32(central, at + 16);
    entry.compressed_size = U32(central, at + 20);
    entry.uncompressed_size = U32(central, at + 24);
    entry.local_header_offset = U32(central, at + 42);
    entry.name = std::string(central.substr(at + kCentralHeaderBytes, name_length));
    const bool need_uncompressed = entry.uncompressed_size == 0xffffffff;
    const bool need_compressed = entry.compressed_size == 0xffffffff;
    const bool need_offset = entry.local_header_offset == 0xffffffff;
    if (need_uncompressed || need_compressed || need_offset) {
      absl::Status applied = ApplyZip64Extra(central.substr(at + kCentralHeaderBytes + name_length, extra_length),
                                             need_uncompressed, need_compressed, need_offset, entry);
      if (!applied.ok()) {
        return applied;
      }
    }
    at += kCentralHeaderBytes + variable;
    archive.index_by_name_.emplace(entry.name, archive.entries_.size());  // the first of a name wins
    archive.entries_.push_back(std::move(entry));
  }
  return archive;
}

const ZipEntry* ZipArchive::Find(std::string_view name) const {
  if (auto found = index_by_name_.find(name); found != index_by_name_.end()) {
    return &entries_[found->second];
  }
  const ZipEntry* match = nullptr;
  for (const ZipEntry& entry : entries_) {
    if (entry.name.size() == name.size() &&
        std::equal(name.begin(), name.end(), entry.name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      if (match != nullptr) {
        return nullptr;
      }
      match = &entry;
    }
  }
  return match;
}

absl::StatusOr<std::string> ZipArchive::Read(const ZipEntry& entry) const {
  if (entry.encrypted()) {
    return EntryError(entry, "the entry is encrypted (password-protected)");
  }
  if (entry.method != 0 && entry.method != 8) {
    return EntryError(entry,
                      Concat("compression method ", entry.method, " is not supported (only stored and deflate)"));
  }
  if (entry.uncompressed_size > kMaxZipEntryBytes) {
    return EntryError(entry, Concat("the entry is ", entry.uncompressed_size, " bytes uncompressed, above the ",
                                    kMaxZipEntryBytes / (1024 * 1024), " MiB limit"));
  }
  if (entry.uncompressed_size > kRatioCheckedAbove &&
      entry.uncompressed_size / std::max<uint64_t>(entry.compressed_size, 1) > kMaxZipCompressionRatio) {
    return EntryError(entry, Concat("compression ratio above ", kMaxZipCompressionRatio, ":1 (", entry.compressed_size,
                                    " bytes to ", entry.uncompressed_size, "): refused as a likely zip bomb"));
  }
  if (entry.method == 0 && entry.compressed_size != entry.uncompressed_size) {
    return EntryError(entry, "a stored entry whose two sizes differ");
  }
  const uint64_t header = entry.local_header_offset;
  if (!Inside(header, kLocalHeaderBytes, bytes_.size()) || U32(bytes_, header) != kLocalHeaderSignature) {
    return EntryError(entry, "the local header is missing (truncated or damaged archive)");
  }
  const uint64_t data = header + kLocalHeaderBytes + U16(bytes_, header + 26) + U16(bytes_, header + 28);
  if (!Inside(data, entry.compressed_size, bytes_.size())) {
    return EntryError(entry, "the data runs past the end of the file (truncated?)");
  }
  const std::string_view compressed = bytes_.substr(data, entry.compressed_size);

  std::string out;
  if (entry.method == 0) {
    out.assign(compressed);
  } else {
    // One spare byte tells a stream that inflates to more than the directory says.
    out.resize(entry.uncompressed_size + 1);
    z_stream stream;
    std::memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
      return absl::ResourceExhaustedError(Concat(entry.name, ": zlib could not start inflating"));
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = inflate(&stream, Z_FINISH);
    const uint64_t produced = stream.total_out;
    inflateEnd(&stream);
    if (result == Z_DATA_ERROR || result == Z_NEED_DICT) {
      return EntryError(entry, "the compressed data is corrupt");
    }
    if (produced > entry.uncompressed_size) {
      return EntryError(entry, Concat("inflates to more than the ", entry.uncompressed_size, " bytes its header says"));
    }
    if (result != Z_STREAM_END) {
      return EntryError(entry, "the compressed data ends early (truncated?)");
    }
    if (produced != entry.uncompressed_size) {
      return EntryError(
          entry, Concat("inflates to ", produced, " bytes, not the ", entry.uncompressed_size, " its header says"));
    }
    out.resize(produced);
  }
  const uint32_t crc =
      static_cast<uint32_t>(crc32_z(crc32_z(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(out.data()), out.size()));
  if (crc != entry.crc32) {
    return EntryError(entry, Concat("CRC-32 mismatch (stored ", Hex32(entry.crc32), ", computed ", Hex32(crc), ")"));
  }
  return out;
}

}  // namespace skillbridge::cli
