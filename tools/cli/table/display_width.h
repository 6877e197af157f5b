#pragma once
// How wide text is in a terminal or a spreadsheet column, so tables of Chinese and ASCII text
// line up and .xlsx columns are sized to fit (xlsx_writer.h): East Asian wide
// and full-width characters (CJK ideographs, kana, hangul, full-width forms and punctuation such
// as "，" and "（", emoji of the supplementary planes) take two columns, combining marks and
// zero-width characters none, everything else one (a byte that is not valid UTF-8 counts one).
// Pure; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace skillbridge::cli {

size_t DisplayWidth(std::string_view utf8);

// `text` with spaces after it (PadRight) or before it (PadLeft) up to `width` columns; as it is
// when it is already that wide or wider.
std::string PadRight(std::string_view text, size_t width);
std::string PadLeft(std::string_view text, size_t width);

}  // namespace skillbridge::cli
