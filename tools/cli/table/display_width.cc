// Column widths of UTF-8 text (display_width.h).

#include "tools/cli/table/display_width.h"

#include <cstdint>

#include "common/util/utf8.h"

namespace skillbridge::cli {
namespace {

char32_t Decode(std::string_view sequence) {
  const auto byte = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(sequence[i])); };
  switch (sequence.size()) {
    case 1:
      return byte(0);
    case 2:
      return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3:
      return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    default:
      return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
  }
}

bool IsZeroWidth(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) ||  // combining diacritical marks
         (c >= 0x200B && c <= 0x200F) ||  // zero-width space, joiners, direction marks
         (c >= 0xFE00 && c <= 0xFE0F) ||  // variation selectors
         c == 0xFEFF;                     // byte-order mark
}

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) ||    // hangul jamo
         (c >= 0x2E80 && c <= 0x303E) ||    // CJK radicals, punctuation (、。「」)
         (c >= 0x3041 && c <= 0x33FF) ||    // kana, bopomofo, CJK compatibility
         (c >= 0x3400 && c <= 0x4DBF) ||    // CJK extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // CJK unified ideographs
         (c >= 0xA000 && c <= 0xA4CF) ||    // Yi
         (c >= 0xAC00 && c <= 0xD7A3) ||    // hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||    // CJK compatibility ideographs
         (c >= 0xFE30 && c <= 0xFE4F) ||    // CJK compatibility forms
         (c >= 0xFF00 && c <= 0xFF60) ||    // full-width forms (，（）％)
         (c >= 0xFFE0 && c <= 0xFFE6) ||    // full-width signs
         (c >= 0x1F300 && c <= 0x1F64F) ||  // pictographs, emoticons
         (c >= 0x1F900 && c <= 0x1F9FF) ||  // supplemental pictographs
         (c >= 0x20000 && c <= 0x3FFFD);    // CJK extensions B..
}

}  // namespace

size_t DisplayWidth(std::string_view utf8) {
  size_t width = 0;
  while (!utf8.empty()) {
    const size_t length = Utf8SequenceLength(utf8);
    if (length == 0) {
      ++width;
      utf8.remove_prefix(1);
      continue;
    }
    const char32_t c = Decode(utf8.substr(0, length));
    utf8.remove_prefix(length);
    if (IsZeroWidth(c)) continue;
    width += IsWide(c) ? 2 : 1;
  }
  return width;
}

std::string PadRight(std::string_view text, size_t width) {
  const size_t have = DisplayWidth(text);
  std::string out(text);
  if (have < width) out.append(width - have, ' ');
  return out;
}

std::string PadLeft(std::string_view text, size_t width) {
  const size_t have = DisplayWidth(text);
  std::string out = have < width ? std::string(width - have, ' ') : std::string();
  out.append(text);
  return out;
}

}  // namespace skillbridge::cli
