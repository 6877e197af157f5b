#pragma once
// Text encodings of the spreadsheets the bureau exchanges (CSV exported by other systems and by
// Excel): UTF-8 with or without a byte-order mark, and GBK, read as GB18030 (its superset, so
// every GBK file decodes the same). Decoding detects which one a file is when not told; encoding
// writes a file the way it came (error files) or as asked (exports: UTF-8 with BOM for Excel).
// Conversion by iconv (glibc). Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace skillbridge::cli {

enum class TextEncoding { kUtf8, kGb18030 };

// "utf-8", "utf8" → kUtf8; "gbk", "gb18030", "gb2312", "cp936" → kGb18030 (case-insensitive).
// INVALID_ARGUMENT naming the accepted names otherwise.
absl::StatusOr<TextEncoding> ParseTextEncoding(std::string_view name);
// "UTF-8" or "GB18030".
std::string_view TextEncodingName(TextEncoding encoding);

struct DecodedText {
  std::string utf8;  // without the byte-order mark
  TextEncoding encoding = TextEncoding::kUtf8;
  bool had_bom = false;
};

// Decodes a file's bytes. With `forced`, that encoding or INVALID_ARGUMENT naming the line and the
// byte where the text stops being it. Without: a UTF-8 BOM or valid UTF-8 is UTF-8, anything else
// that is valid GB18030 is GB18030; otherwise INVALID_ARGUMENT naming the first line that is
// neither. NUL bytes are refused (a binary file, e.g. an .xls saved as .csv).
absl::StatusOr<DecodedText> DecodeText(std::string_view bytes, std::optional<TextEncoding> forced = std::nullopt);

// `utf8` in `encoding`, with a UTF-8 BOM first when `bom` (ignored for GB18030). INVALID_ARGUMENT
// when `utf8` is not valid UTF-8 or holds a character GB18030 cannot carry (none: GB18030 covers
// all of Unicode, but iconv's answer is checked anyway).
absl::StatusOr<std::string> EncodeText(std::string_view utf8, TextEncoding encoding, bool bom);

}  // namespace skillbridge::cli
