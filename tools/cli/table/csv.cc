#include "tools/cli/table/csv.h"

#include <utility>

#include "common/util/concat.h"

namespace skillbridge::cli {
namespace {

bool AllEmpty(const std::vector<std::string>& cells) {
  for (const std::string& cell : cells) {
    if (!cell.empty()) {
      return false;
    }
  }
  return true;
}

absl::Status CellTooLarge(size_t line) {
  return absl::InvalidArgumentError(
      Concat("line ", line, ": a cell is larger than ", kMaxCsvCellBytes / 1024, " KiB (an unclosed quote?)"));
}

// True for characters a number, date or phone number is written with.
bool IsNumeric(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || c == ' ' || c == '.' || c == ',' || c == ':' || c == '/' || c == '-' || c == '+')) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool ReadsAsFormula(std::string_view cell) {
  if (cell.empty()) {
    return false;
  }
  const char first = cell.front();
  if (first == '=' || first == '@' || first == '\t' || first == '\r') {
    return true;
  }
  return (first == '+' || first == '-') && !IsNumeric(cell);
}

absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view utf8) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  size_t line = 1;
  row.line = 1;
  size_t quote_line = 0;  // line of the opening quote of the current quoted cell
  enum class State { kCellStart, kUnquoted, kQuoted, kAfterQuote } state = State::kCellStart;

  auto end_cell = [&] {
    if (cell.size() > 1 && cell.front() == '\'' && ReadsAsFormula(std::string_view(cell).substr(1))) {
      cell.erase(0, 1);  // the apostrophe FormatCsvRow put before a formula-like cell
    }
    row.cells.push_back(std::move(cell));
    cell.clear();
    state = State::kCellStart;
  };
  auto end_row = [&] {
    end_cell();
    if (!AllEmpty(row.cells)) {
      rows.push_back(std::move(row));
    }
    row = CsvRow{};
    row.line = line + 1;
  };

  // Outside a quoted cell: a comma ends the cell, LF or CRLF the row (advancing `i` past the LF),
  // a CR that is the file's last byte nothing. False for any other character.
  auto end_cell_or_row_at = [&](size_t& i) {
    const char c = utf8[i];
    if (c == ',') {
      end_cell();
      return true;
    }
    if (c == '\n' || (c == '\r' && i + 1 < utf8.size() && utf8[i + 1] == '\n')) {
      if (c == '\r') {
        ++i;
      }
      end_row();
      ++line;
      return true;
    }
    return c == '\r' && i + 1 == utf8.size();
  };

  for (size_t i = 0; i < utf8.size(); ++i) {
    const char c = utf8[i];
    if (cell.size() > kMaxCsvCellBytes) {
      return CellTooLarge(state == State::kQuoted ? quote_line : line);
    }
    switch (state) {
      case State::kQuoted:
        if (c == '"') {
          if (i + 1 < utf8.size() && utf8[i + 1] == '"') {
            cell.push_back('"');
            ++i;
          } else {
            state = State::kAfterQuote;
          }
        } else {
          if (c == '\n') {
            ++line;
          }
          cell.push_back(c);
        }
        break;
      case State::kAfterQuote:
        if (!end_cell_or_row_at(i)) {
          return absl::InvalidArgumentError(
              Concat("line ", line, ": text after a closing quote (write a quote inside a quoted cell as \"\")"));
        }
        break;
      case State::kCellStart:
      case State::kUnquoted:
        if (c == '"') {
          if (state == State::kCellStart) {
            state = State::kQuoted;
            quote_line = line;
          } else {
            return absl::InvalidArgumentError(
                Concat("line ", line, ": a quote inside an unquoted cell (quote the whole cell)"));
          }
        } else if (!end_cell_or_row_at(i)) {
          cell.push_back(c);
          state = State::kUnquoted;
        }
        break;
    }
  }
  if (state == State::kQuoted) {
    return absl::InvalidArgumentError(Concat("line ", quote_line, ": a quoted cell is never closed"));
  }
  if (cell.size() > kMaxCsvCellBytes) {
    return CellTooLarge(line);
  }
  // The last row when the file does not end with a line break.
  if (!(utf8.empty() || utf8.back() == '\n') || state == State::kAfterQuote) {
    end_cell();
    if (!AllEmpty(row.cells)) {
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string FormatCsvRow(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) {
      out.push_back(',');
    }
    const std::string cell = ReadsAsFormula(cells[i]) ? "'" + cells[i] : cells[i];
    const bool quote =
        cell.find_first_of(",\"\r\n") != std::string::npos || cell.starts_with(' ') || cell.ends_with(' ');
    if (!quote) {
      out += cell;
      continue;
    }
    out.push_back('"');
    for (const char c : cell) {
      if (c == '"') {
        out.push_back('"');
      }
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
  return out;
}

}  // namespace skillbridge::cli
