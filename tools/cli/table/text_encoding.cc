#include "tools/cli/table/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstddef>
#include <memory>

#include "absl/strings/ascii.h"
#include "common/util/concat.h"
#include "common/util/utf8.h"

namespace skillbridge::cli {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// 1-based line of byte `offset` in `bytes` (ASCII '\n' means the same in both encodings).
size_t LineOf(std::string_view bytes, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
    }
  }
  return line;
}

// Offset of the first byte that does not start a well-formed UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8SequenceLength(text.substr(i));
    if (length == 0) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

struct IconvCloser {
  void operator()(iconv_t* cd) const {
    iconv_close(*cd);
    delete cd;
  }
};

// Converts all of `in` from `from` to `to`; on an invalid or incomplete sequence returns the
// offset in `in` where it starts through `bad_offset` and fails.
absl::StatusOr<std::string> Convert(std::string_view in, const char* from, const char* to, size_t* bad_offset) {
  iconv_t raw = iconv_open(to, from);
  if (raw == reinterpret_cast<iconv_t>(-1)) {
    return absl::InternalError(Concat("iconv cannot convert ", from, " to ", to));
  }
  std::unique_ptr<iconv_t, IconvCloser> cd(new iconv_t(raw));
  std::string out;
  out.resize(in.size() * 2 + 16);
  char* in_ptr = const_cast<char*>(in.data());
  size_t in_left = in.size();
  size_t written = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + written;
    size_t out_left = out.size() - written;
    const size_t rc = iconv(*cd, &in_ptr, &in_left, &out_ptr, &out_left);
    written = out.size() - out_left;
    if (rc != static_cast<size_t>(-1)) {
      break;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    *bad_offset = in.size() - in_left;
    return absl::InvalidArgumentError(errno == EINVAL ? "incomplete character at the end" : "invalid character");
  }
  out.resize(written);
  return out;
}

}  // namespace

absl::StatusOr<TextEncoding> ParseTextEncoding(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(std::string(name));
  if (lower == "utf-8" || lower == "utf8") {
    return TextEncoding::kUtf8;
  }
  if (lower == "gbk" || lower == "gb18030" || lower == "gb2312" || lower == "cp936") {
    return TextEncoding::kGb18030;
  }
  return absl::InvalidArgumentError(
      Concat("encoding '", name, "' is not one of utf-8, gbk, gb18030 (gb2312 and cp936 read as gb18030)"));
}

std::string_view TextEncodingName(TextEncoding encoding) {
  return encoding == TextEncoding::kUtf8 ? "UTF-8" : "GB18030";
}

absl::StatusOr<DecodedText> DecodeText(std::string_view bytes, std::optional<TextEncoding> forced) {
  if (const size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    return absl::InvalidArgumentError(
        Concat("line ", LineOf(bytes, nul), ": the file holds NUL bytes: it is not a text (CSV) file"));
  }
  DecodedText decoded;
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (bom && forced == TextEncoding::kGb18030) {
    return absl::InvalidArgumentError("the file starts with a UTF-8 byte-order mark but --encoding says GBK");
  }
  if (bom || forced == TextEncoding::kUtf8 ||
      (!forced.has_value() && FirstInvalidUtf8(bytes) == std::string_view::npos)) {
    const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
    if (const size_t bad = FirstInvalidUtf8(body); bad != std::string_view::npos) {
      const size_t offset = bad + (bom ? kUtf8Bom.size() : 0);
      return absl::InvalidArgumentError(Concat("line ", LineOf(bytes, offset), ", byte ", offset + 1,
                                               ": not UTF-8 (a GBK file needs --encoding gbk or no BOM)"));
    }
    decoded.utf8 = std::string(body);
    decoded.encoding = TextEncoding::kUtf8;
    decoded.had_bom = bom;
    return decoded;
  }
  size_t bad = 0;
  absl::StatusOr<std::string> utf8 = Convert(bytes, "GB18030", "UTF-8", &bad);
  if (!utf8.ok()) {
    if (!absl::IsInvalidArgument(utf8.status())) {
      return utf8.status();
    }
    return absl::InvalidArgumentError(Concat("line ", LineOf(bytes, bad), ", byte ", bad + 1,
                                             forced.has_value() ? ": not GBK/GB18030 (" : ": neither UTF-8 nor GBK (",
                                             std::string(utf8.status().message()), ")"));
  }
  decoded.utf8 = *std::move(utf8);
  decoded.encoding = TextEncoding::kGb18030;
  return decoded;
}

absl::StatusOr<std::string> EncodeText(std::string_view utf8, TextEncoding encoding, bool bom) {
  if (const size_t bad = FirstInvalidUtf8(utf8); bad != std::string_view::npos) {
    return absl::InvalidArgumentError(Concat("byte ", bad + 1, " of the text to write is not UTF-8"));
  }
  if (encoding == TextEncoding::kUtf8) {
    return Concat(bom ? kUtf8Bom : std::string_view(), utf8);
  }
  size_t bad = 0;
  absl::StatusOr<std::string> out = Convert(utf8, "UTF-8", "GB18030", &bad);
  if (!out.ok() && absl::IsInvalidArgument(out.status())) {
    return absl::InvalidArgumentError(Concat("byte ", bad + 1, " cannot be written as GB18030"));
  }
  return out;
}

}  // namespace skillbridge::cli
