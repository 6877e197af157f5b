#include "tools/cli/table/cell_values.h"

#include <cstdint>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "common/util/concat.h"

namespace skillbridge::cli {
namespace {

constexpr std::string_view kFullWidthSpace = "\xE3\x80\x80";  // U+3000
constexpr int64_t kMaxExcelSerial = 2958465;                  // 9999-12-31

// Debian's Abseil has its own string_view: the few conversions needed, in one place.
absl::string_view ToAbsl(std::string_view text) { return absl::string_view(text.data(), text.size()); }

template <typename Int>
bool ToInt(std::string_view text, Int* value) {
  return absl::SimpleAtoi(ToAbsl(text), value);
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

std::string_view TrimSpaces(std::string_view text) {
  for (;;) {
    const std::string_view before = text;
    while (!text.empty() && absl::ascii_isspace(static_cast<unsigned char>(text.front()))) {
      text.remove_prefix(1);
    }
    while (!text.empty() && absl::ascii_isspace(static_cast<unsigned char>(text.back()))) {
      text.remove_suffix(1);
    }
    while (text.starts_with(kFullWidthSpace)) {
      text.remove_prefix(kFullWidthSpace.size());
    }
    while (text.ends_with(kFullWidthSpace)) {
      text.remove_suffix(kFullWidthSpace.size());
    }
    if (text == before) {
      return text;
    }
  }
}

absl::Status NotADate(std::string_view cell) {
  return absl::InvalidArgumentError(
      Concat("'", cell, "' is not a date: write 2023-05-01, 2023/5/1, 2023.5.1 or 2023年5月1日"));
}

// A day from year, month and day parts; nullopt when they are not numbers or the day does not exist.
std::optional<absl::CivilDay> DayOf(std::string_view y, std::string_view m, std::string_view d) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (y.size() != 4 || m.empty() || m.size() > 2 || d.empty() || d.size() > 2 || !ToInt(y, &year) ||
      !ToInt(m, &month) || !ToInt(d, &day)) {
    return std::nullopt;
  }
  for (const std::string_view part : {y, m, d}) {
    for (const char c : part) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
        return std::nullopt;
      }
    }
  }
  if (year < 1900) {
    return std::nullopt;  // no record of the programme is that old; a typo or a 2-digit year
  }
  const absl::CivilDay civil(year, month, day);
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return std::nullopt;  // normalised: the day does not exist
  }
  return civil;
}

// `text` without a trailing " HH:MM" or " HH:MM:SS".
std::string_view WithoutTime(std::string_view text) {
  const size_t space = text.rfind(' ');
  if (space == std::string_view::npos) {
    return text;
  }
  const std::string_view time = text.substr(space + 1);
  const std::vector<std::string_view> parts = Split(time, ':');
  if (parts.size() < 2 || parts.size() > 3) {
    return text;
  }
  for (const std::string_view part : parts) {
    int value = 0;
    if (part.empty() || part.size() > 2 || !ToInt(part, &value) || value < 0 || value > 59) {
      return text;
    }
  }
  return TrimSpaces(text.substr(0, space));
}

}  // namespace

std::string_view TrimCell(std::string_view cell) { return TrimSpaces(cell); }

absl::StatusOr<absl::CivilDay> ParseDateCell(std::string_view cell) {
  const std::string_view text = WithoutTime(TrimSpaces(cell));
  if (text.empty()) {
    return absl::InvalidArgumentError("the date is empty");
  }
  // Excel serial: digits, optionally with a fraction (the time of day).
  {
    const std::string_view whole = text.substr(0, text.find('.'));
    const std::string_view fraction = whole.size() < text.size() ? text.substr(whole.size() + 1) : "";
    int64_t serial = 0;
    const bool digits_only = !whole.empty() && whole.find_first_not_of("0123456789") == std::string_view::npos &&
                             fraction.find_first_not_of("0123456789") == std::string_view::npos;
    if (digits_only && whole.size() <= 7 && ToInt(whole, &serial)) {
      if (serial < 1 || serial > kMaxExcelSerial) {
        return absl::InvalidArgumentError(
            Concat("'", cell, "' is outside Excel's dates (serial 1 = 1900-01-01 to 2958465 = 9999-12-31)"));
      }
      if (serial == 60) {
        return absl::InvalidArgumentError(
            Concat("'", cell, "' is Excel's 1900-02-29, a day that did not exist: check the source date"));
      }
      // Excel counts 1900-02-29 as a day: serials after it are one ahead.
      return serial < 60 ? absl::CivilDay(1899, 12, 31) + serial : absl::CivilDay(1899, 12, 30) + serial;
    }
  }
  // 2023年5月1日
  if (const size_t nian = text.find("年"); nian != std::string_view::npos && text.ends_with("日")) {
    const size_t yue = text.find("月", nian);
    if (yue != std::string_view::npos) {
      const std::string_view year = text.substr(0, nian);
      const std::string_view month = text.substr(nian + 3, yue - nian - 3);
      const std::string_view day = text.substr(yue + 3, text.size() - yue - 6);
      if (std::optional<absl::CivilDay> civil = DayOf(year, month, day)) {
        return *civil;
      }
    }
    return NotADate(cell);
  }
  // 2023-05-01, 2023/5/1, 2023.5.1 (one separator throughout)
  for (const char separator : {'-', '/', '.'}) {
    const std::vector<std::string_view> parts = Split(text, separator);
    if (parts.size() == 3) {
      if (std::optional<absl::CivilDay> civil = DayOf(parts[0], parts[1], parts[2])) {
        return *civil;
      }
      return NotADate(cell);
    }
  }
  return NotADate(cell);
}

bool IsScientificNotation(std::string_view cell) {
  const std::string_view text = TrimSpaces(cell);
  const size_t e = text.find_first_of("eE");
  if (e == std::string_view::npos || e == 0) {
    return false;
  }
  const std::string_view mantissa = text.substr(0, e);
  std::string_view exponent = text.substr(e + 1);
  if (exponent.starts_with('+')) {
    exponent.remove_prefix(1);
  }
  if (exponent.empty() || exponent.find_first_not_of("0123456789") != std::string_view::npos) {
    return false;
  }
  const size_t dot = mantissa.find('.');
  const std::string_view integer = mantissa.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : mantissa.substr(dot + 1);
  return !integer.empty() && integer.find_first_not_of("0123456789") == std::string_view::npos &&
         fraction.find_first_not_of("0123456789") == std::string_view::npos &&
         (dot == std::string_view::npos || !fraction.empty());
}

absl::Status CheckIdNumberCell(std::string_view cell) {
  if (!IsScientificNotation(cell)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      Concat("'", TrimSpaces(cell),
             "' is an ID number that Excel turned into a number in scientific notation, and its last digits are lost: "
             "format the column as text (文本) in the source and export the file again"));
}

std::string NormalizeHeader(std::string_view header) {
  std::string_view text = header;
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  text = TrimSpaces(text);
  if (text.ends_with("*")) {
    text.remove_suffix(1);
  } else if (text.ends_with("\xEF\xBC\x8A")) {  // ＊ U+FF0A
    text.remove_suffix(3);
  }
  return absl::AsciiStrToLower(ToAbsl(TrimSpaces(text)));
}

absl::StatusOr<std::vector<int>> MapColumns(const std::vector<std::string>& header,
                                            const std::vector<ColumnSpec>& specs) {
  std::vector<std::string> normalized;
  normalized.reserve(header.size());
  for (const std::string& cell : header) {
    normalized.push_back(NormalizeHeader(cell));
  }
  std::vector<int> columns(specs.size(), -1);
  std::vector<std::string> missing;
  for (size_t s = 0; s < specs.size(); ++s) {
    for (size_t c = 0; c < normalized.size(); ++c) {
      bool matches = false;
      for (const std::string& name : specs[s].names) {
        matches = matches || normalized[c] == NormalizeHeader(name);
      }
      if (!matches) {
        continue;
      }
      if (columns[s] >= 0) {
        return absl::InvalidArgumentError(Concat("columns ", columns[s] + 1, " ('", header[columns[s]], "') and ",
                                                 c + 1, " ('", header[c], "') are both ", specs[s].field,
                                                 ": keep one"));
      }
      columns[s] = static_cast<int>(c);
    }
    if (columns[s] < 0 && specs[s].required) {
      missing.push_back(Concat(specs[s].field, " (", absl::StrJoin(specs[s].names, " / "), ")"));
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(Concat("missing column(s): ", absl::StrJoin(missing, "; ")));
  }
  return columns;
}

}  // namespace skillbridge::cli
