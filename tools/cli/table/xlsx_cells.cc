#include "tools/cli/table/xlsx_cells.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "common/util/concat.h"
#include "common/util/utf8.h"
#include "tools/cli/table/xml_tokenizer.h"

namespace skillbridge::cli {
namespace {

// Debian's Abseil has its own string_view type.
std::string_view MessageOf(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

absl::Status PartError(std::string_view part, std::string_view what) {
  return absl::InvalidArgumentError(Concat(part, ": ", what));
}

absl::Status XmlError(std::string_view part, const absl::Status& status) { return PartError(part, MessageOf(status)); }

// ---- Text helpers -------------------------------------------------------------------------------

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text.substr(i));
    if (length == 0) {
      return false;
    }
    i += length;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes OOXML's `_xHHHH_` escapes (control characters, and `_x005F_` for a literal '_') in place.
void DecodeOoxmlEscapes(std::string& text) {
  if (text.find("_x") == std::string::npos) {
    return;
  }
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '_' && i + 7 <= text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      int code = 0;
      bool hex = true;
      for (size_t k = i + 2; k < i + 6; ++k) {
        const int digit = HexValue(text[k]);
        hex = hex && digit >= 0;
        code = code * 16 + (digit < 0 ? 0 : digit);
      }
      // Only a character (not a surrogate half, not NUL) replaces the escape.
      if (hex && code != 0 && !(code >= 0xD800 && code <= 0xDFFF)) {
        if (code < 0x80) {
          out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (code >> 6)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xE0 | (code >> 12)));
          out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
        i += 7;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  text = std::move(out);
}

// Appends the text of a <t> or <v> element collected in `raw` to `out`: trimmed unless
// xml:space="preserve", escapes decoded.
void AppendElementText(std::string& raw, bool preserve, std::string& out) {
  DecodeOoxmlEscapes(raw);
  out.append(preserve ? std::string_view(raw) : TrimXmlSpace(raw));
}

bool PreservesSpace(const XmlTokenizer& xml) {
  std::optional<std::string_view> space = xml.RawAttribute("space");
  return space.has_value() && *space == "preserve";
}

// "A" for 0, "AB" for 27.
std::string ColumnName(size_t column) {
  std::string name;
  ++column;
  while (column > 0) {
    name.insert(name.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return name;
}

std::optional<uint64_t> ParseDecimal(std::string_view digits) {
  if (digits.empty() || digits.size() > 12) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

// The 0-based column of a cell reference such as "B3" (letters, then the row number).
std::optional<size_t> ParseCellColumn(std::string_view reference) {
  size_t letters = 0;
  size_t column = 0;
  while (letters < reference.size() && letters < 4) {
    char c = reference[letters];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') {
      break;
    }
    column = column * 26 + static_cast<size_t>(c - 'A' + 1);
    ++letters;
  }
  if (letters == 0 || column > kMaxXlsxColumns) {
    return std::nullopt;
  }
  std::string_view row = reference.substr(letters);
  if (!row.empty() && !ParseDecimal(row).has_value()) {
    return std::nullopt;
  }
  return column - 1;
}

// ---- Shared strings -----------------------------------------------------------------------------

absl::StatusOr<std::vector<std::string>> ReadSharedStrings(std::string_view part, std::string_view xml_bytes) {
  std::vector<std::string> strings;
  XmlTokenizer xml(xml_bytes);
  bool in_item = false;
  size_t phonetic_depth = 0;  // inside <rPh> (a phonetic guide, not part of the text)
  bool in_text = false;
  bool preserve = false;
  std::string text;
  std::string item;
  while (xml.Next()) {
    switch (xml.token()) {
      case XmlTokenizer::Token::kStartTag:
        if (xml.name() == "si") {
          if (in_item) {
            return PartError(part, Concat("string ", strings.size(), " holds another <si>"));
          }
          in_item = true;
          item.clear();
        } else if (in_item && xml.name() == "rPh") {
          ++phonetic_depth;
        } else if (in_item && phonetic_depth == 0 && xml.name() == "t") {
          in_text = true;
          preserve = PreservesSpace(xml);
          text.clear();
        }
        break;
      case XmlTokenizer::Token::kEndTag:
        if (xml.name() == "si" && in_item) {
          if (item.size() > kMaxCsvCellBytes) {
            return PartError(part,
                             Concat("string ", strings.size(), " is larger than ", kMaxCsvCellBytes / 1024, " KiB"));
          }
          strings.push_back(std::move(item));
          item = std::string();
          in_item = false;
        } else if (xml.name() == "rPh" && phonetic_depth > 0) {
          --phonetic_depth;
        } else if (xml.name() == "t" && in_text) {
          in_text = false;
          AppendElementText(text, preserve, item);
        }
        break;
      case XmlTokenizer::Token::kText:
        if (in_text) {
          if (absl::Status status = xml.AppendText(text); !status.ok()) {
            return PartError(part, Concat("string ", strings.size(), ": ", MessageOf(status)));
          }
          if (text.size() > kMaxCsvCellBytes) {
            return PartError(part,
                             Concat("string ", strings.size(), " is larger than ", kMaxCsvCellBytes / 1024, " KiB"));
          }
        }
        break;
    }
  }
  if (!xml.status().ok()) {
    return XmlError(part, xml.status());
  }
  return strings;
}

// ---- The worksheet ------------------------------------------------------------------------------

enum class CellType { kNumber, kSharedString, kInlineString, kFormulaString, kBoolean, kError, kOther };

CellType ParseCellType(std::optional<std::string_view> type) {
  if (!type.has_value() || *type == "n") return CellType::kNumber;
  if (*type == "s") return CellType::kSharedString;
  if (*type == "inlineStr") return CellType::kInlineString;
  if (*type == "str") return CellType::kFormulaString;
  if (*type == "b") return CellType::kBoolean;
  if (*type == "e") return CellType::kError;
  return CellType::kOther;  // "d" (ISO 8601 date text) and anything newer: the value as written
}

class SheetReader {
 public:
  SheetReader(std::string_view part, const std::vector<std::string>& shared_strings, bool has_shared_strings)
      : part_(part), shared_strings_(shared_strings), has_shared_strings_(has_shared_strings) {}

  absl::StatusOr<std::vector<CsvRow>> Read(std::string_view xml_bytes) {
    XmlTokenizer xml(xml_bytes);
    bool saw_sheet_data = false;
    while (xml.Next()) {
      absl::Status status;
      switch (xml.token()) {
        case XmlTokenizer::Token::kStartTag:
          if (xml.name() == "sheetData") {
            saw_sheet_data = true;
            in_sheet_data_ = true;
          } else if (in_sheet_data_) {
            status = OnStart(xml);
          }
          break;
        case XmlTokenizer::Token::kEndTag:
          if (xml.name() == "sheetData") {
            in_sheet_data_ = false;
          } else if (in_sheet_data_) {
            status = OnEnd(xml.name());
          }
          break;
        case XmlTokenizer::Token::kText:
          if (capturing_) {
            status = xml.AppendText(text_);
            if (status.ok() && text_.size() > kMaxCsvCellBytes) {
              status = CellError(Concat("larger than ", kMaxCsvCellBytes / 1024, " KiB"));
            } else if (!status.ok()) {
              status = CellError(MessageOf(status));
            }
          }
          break;
      }
      if (!status.ok()) {
        return status;
      }
    }
    if (!xml.status().ok()) {
      return XmlError(part_, xml.status());
    }
    if (!saw_sheet_data) {
      return PartError(part_, "no <sheetData> (not a worksheet)");
    }
    return std::move(rows_);
  }

 private:
  absl::Status Error(std::string_view what) const { return PartError(part_, Concat("row ", row_number_, ": ", what)); }
  absl::Status CellError(std::string_view what) const {
    return PartError(part_, Concat("row ", row_number_, ", cell ", ColumnName(column_), row_number_, ": ", what));
  }

  absl::Status OnStart(const XmlTokenizer& xml) {
    const std::string_view name = xml.name();
    if (name == "row") {
      if (in_row_) {
        return Error("a <row> inside a row");
      }
      const size_t previous = row_number_;
      if (std::optional<std::string_view> r = xml.RawAttribute("r"); r.has_value()) {
        std::optional<uint64_t> number = ParseDecimal(TrimXmlSpace(*r));
        if (!number.has_value() || *number == 0 || *number > kMaxXlsxRows) {
          return PartError(
              part_, Concat("after row ", previous, ": row number '", *r, "' is not one from 1 to ", kMaxXlsxRows));
        }
        row_number_ = static_cast<size_t>(*number);
      } else {
        row_number_ = previous + 1;
      }
      if (row_number_ <= previous) {
        return PartError(part_, Concat("row ", row_number_, " comes after row ", previous, " (rows out of order)"));
      }
      if (row_number_ > kMaxXlsxRows) {
        return Error(Concat("more than ", kMaxXlsxRows, " rows"));
      }
      in_row_ = true;
      row_.clear();
      next_column_ = 0;
      return absl::OkStatus();
    }
    if (name == "c") {
      if (!in_row_) {
        return Error("a cell outside a <row>");
      }
      if (in_cell_) {
        return CellError("a cell inside a cell");
      }
      if (std::optional<std::string_view> r = xml.RawAttribute("r"); r.has_value()) {
        std::optional<size_t> column = ParseCellColumn(TrimXmlSpace(*r));
        if (!column.has_value()) {
          return Error(Concat("cell reference '", *r, "' is not a cell from A to XFD"));
        }
        if (*column < next_column_) {
          return Error(
              Concat("cell ", *r, " comes after column ", ColumnName(next_column_ - 1), " (cells out of order)"));
        }
        column_ = *column;
      } else {
        column_ = next_column_;
      }
      if (column_ >= kMaxXlsxColumns) {
        return Error(Concat("more than ", kMaxXlsxColumns, " columns"));
      }
      next_column_ = column_ + 1;
      in_cell_ = true;
      type_ = ParseCellType(xml.RawAttribute("t"));
      value_.clear();
      inline_.clear();
      has_value_ = false;
      has_inline_ = false;
      return absl::OkStatus();
    }
    if (!in_cell_) {
      return absl::OkStatus();
    }
    if (name == "v" && !in_inline_) {
      capturing_ = true;
      preserve_ = PreservesSpace(xml);
      text_.clear();
    } else if (name == "is") {
      in_inline_ = true;
      has_inline_ = true;
    } else if (in_inline_ && name == "rPh") {
      ++phonetic_depth_;
    } else if (in_inline_ && phonetic_depth_ == 0 && name == "t") {
      capturing_ = true;
      preserve_ = PreservesSpace(xml);
      text_.clear();
    }
    return absl::OkStatus();
  }

  absl::Status OnEnd(std::string_view name) {
    if (name == "row" && in_row_) {
      in_row_ = false;
      if (!row_.empty()) {
        rows_.push_back(CsvRow{row_number_, std::move(row_)});
        row_ = std::vector<std::string>();
      }
      return absl::OkStatus();
    }
    if (!in_cell_) {
      return absl::OkStatus();
    }
    if (name == "c") {
      in_cell_ = false;
      return StoreCell();
    }
    if (name == "v" && capturing_ && !in_inline_) {
      capturing_ = false;
      has_value_ = true;
      if (type_ == CellType::kFormulaString) {
        AppendElementText(text_, preserve_, value_);
      } else {
        value_.append(TrimXmlSpace(text_));
      }
    } else if (name == "t" && capturing_ && in_inline_) {
      capturing_ = false;
      AppendElementText(text_, preserve_, inline_);
      if (inline_.size() > kMaxCsvCellBytes) {
        return CellError(Concat("larger than ", kMaxCsvCellBytes / 1024, " KiB"));
      }
    } else if (name == "rPh" && phonetic_depth_ > 0) {
      --phonetic_depth_;
    } else if (name == "is") {
      in_inline_ = false;
      phonetic_depth_ = 0;
    }
    return absl::OkStatus();
  }

  absl::Status StoreCell() {
    std::string cell;
    switch (type_) {
      case CellType::kSharedString: {
        if (!has_value_ || value_.empty()) {
          break;
        }
        std::optional<uint64_t> index = ParseDecimal(value_);
        if (!index.has_value()) {
          return CellError(Concat("shared string index '", value_, "' is not a number"));
        }
        if (!has_shared_strings_) {
          return CellError("the cell refers to a shared string but the workbook has no shared strings part");
        }
        if (*index >= shared_strings_.size()) {
          return CellError(
              Concat("the cell refers to shared string ", *index, " but there are only ", shared_strings_.size()));
        }
        cell = shared_strings_[*index];
        break;
      }
      case CellType::kInlineString:
        cell = has_inline_ ? std::move(inline_) : std::move(value_);
        break;
      case CellType::kBoolean:
        if (value_ == "1" || EqualsIgnoringAsciiCase(value_, "true")) {
          cell = "TRUE";
        } else if (value_ == "0" || EqualsIgnoringAsciiCase(value_, "false")) {
          cell = "FALSE";
        } else {
          cell = std::move(value_);
        }
        break;
      case CellType::kNumber:
      case CellType::kFormulaString:
      case CellType::kError:
      case CellType::kOther:
        cell = std::move(value_);
        break;
    }
    if (cell.empty()) {
      return absl::OkStatus();
    }
    if (cell.size() > kMaxCsvCellBytes) {
      return CellError(Concat("larger than ", kMaxCsvCellBytes / 1024, " KiB"));
    }
    if (!IsValidUtf8(cell)) {
      return CellError("the text is not valid UTF-8");
    }
    if (column_ >= row_.size()) {
      const size_t added = column_ + 1 - row_.size();
      if (added > kMaxXlsxCells - total_cells_) {
        return CellError(Concat("the sheet has more than ", kMaxXlsxCells, " cells"));
      }
      total_cells_ += added;
      row_.resize(column_ + 1);
    }
    row_[column_] = std::move(cell);
    return absl::OkStatus();
  }

  const std::string_view part_;
  const std::vector<std::string>& shared_strings_;
  const bool has_shared_strings_;

  std::vector<CsvRow> rows_;
  size_t total_cells_ = 0;
  bool in_sheet_data_ = false;
  // The current row.
  bool in_row_ = false;
  size_t row_number_ = 0;
  size_t next_column_ = 0;
  std::vector<std::string> row_;
  // The current cell.
  bool in_cell_ = false;
  size_t column_ = 0;
  CellType type_ = CellType::kNumber;
  std::string value_;   // of <v>
  std::string inline_;  // of <is>
  bool has_value_ = false;
  bool has_inline_ = false;
  bool in_inline_ = false;
  size_t phonetic_depth_ = 0;
  // The text element being read (<v> or a <t> of <is>).
  bool capturing_ = false;
  bool preserve_ = false;
  std::string text_;
};

}  // namespace

absl::StatusOr<std::vector<std::string>> ReadSharedStringsPart(std::string_view part, std::string_view xml) {
  return ReadSharedStrings(part, xml);
}

absl::StatusOr<std::vector<CsvRow>> ReadWorksheetPart(std::string_view part, std::string_view xml,
                                                      const std::vector<std::string>* shared_strings) {
  static const std::vector<std::string> kNone;
  return SheetReader(part, shared_strings != nullptr ? *shared_strings : kNone, shared_strings != nullptr).Read(xml);
}

}  // namespace skillbridge::cli
