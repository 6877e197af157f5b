// Cells into request messages through reflection (row_builder.h).

#include "tools/cli/import/row_builder.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "absl/strings/ascii.h"
#include "common/util/concat.h"
#include "tools/cli/labels/enum_labels.h"
#include "tools/cli/table/cell_values.h"

namespace skillbridge::cli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

// "1,234" → 1234; "12.0" (how some programs write whole numbers) → 12.
absl::StatusOr<int64_t> ParseWholeNumber(std::string_view cell) {
  std::string digits;
  for (const char c : cell) {
    if (c != ',') digits.push_back(c);
  }
  if (digits.size() > 2 && digits.ends_with(".0")) digits.resize(digits.size() - 2);
  bool ok = !digits.empty() && digits.size() <= 19;
  for (size_t i = 0; ok && i < digits.size(); ++i) {
    ok =
        absl::ascii_isdigit(static_cast<unsigned char>(digits[i])) || (i == 0 && digits[i] == '-' && digits.size() > 1);
  }
  if (!ok) {
    return absl::InvalidArgumentError(Concat("'", cell, "' is not a whole number / 不是整数"));
  }
  errno = 0;
  const long long value = std::strtoll(digits.c_str(), nullptr, 10);
  if (errno == ERANGE) {
    return absl::InvalidArgumentError(Concat("'", cell, "' is too large / 数值过大"));
  }
  return value;
}

// "1,234.5" yuan → 123450 fen; a leading ¥ or ￥ is allowed.
absl::StatusOr<int64_t> ParseYuan(std::string_view cell) {
  for (const std::string_view sign : {std::string_view("\xC2\xA5"), std::string_view("\xEF\xBF\xA5")}) {
    if (cell.starts_with(sign)) cell.remove_prefix(sign.size());
  }
  std::string text;
  for (const char c : cell) {
    if (c != ',') text.push_back(c);
  }
  const size_t point = text.find('.');
  const std::string whole = text.substr(0, point);
  std::string cents = point == std::string::npos ? "" : text.substr(point + 1);
  while (cents.size() > 2 && cents.back() == '0') cents.pop_back();
  bool ok = !whole.empty() && whole.size() <= 15 && cents.size() <= 2;
  for (const char c : whole + cents) {
    ok = ok && absl::ascii_isdigit(static_cast<unsigned char>(c));
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        Concat("'", cell, "' is not an amount in yuan with at most two decimals / 不是金额（元，至多两位小数）"));
  }
  cents.resize(2, '0');
  return std::strtoll(whole.c_str(), nullptr, 10) * 100 + std::strtoll(cents.c_str(), nullptr, 10);
}

absl::StatusOr<bool> ParseBool(std::string_view cell) {
  const std::string text = absl::AsciiStrToLower(std::string(cell));
  for (const char* yes : {"是", "y", "yes", "true", "1", "√"}) {
    if (text == yes) return true;
  }
  for (const char* no : {"否", "n", "no", "false", "0", "×"}) {
    if (text == no) return false;
  }
  return absl::InvalidArgumentError(Concat("'", cell, "' is not 是/否 (yes/no)"));
}

absl::Status PathError(const pb::Message& message, std::string_view path) {
  return absl::InvalidArgumentError(Concat("the import's field '", path, "' is not in ", message.GetTypeName()));
}

// The element of repeated message field `field` whose enum field `key` has the value named
// `value`; added when absent.
absl::StatusOr<pb::Message*> KeyedElement(pb::Message& message, const Field& field, std::string_view key,
                                          std::string_view value) {
  const pb::Reflection& reflection = *message.GetReflection();
  const Field* key_field = field.message_type()->FindFieldByName(std::string(key));
  if (key_field == nullptr || key_field->type() != Field::TYPE_ENUM) {
    return PathError(message, key);
  }
  const pb::EnumValueDescriptor* wanted = key_field->enum_type()->FindValueByName(std::string(value));
  if (wanted == nullptr) {
    return PathError(message, value);
  }
  for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
    pb::Message* element = reflection.MutableRepeatedMessage(&message, &field, i);
    if (element->GetReflection()->GetEnumValue(*element, key_field) == wanted->number()) {
      return element;
    }
  }
  pb::Message* added = reflection.AddMessage(&message, &field);
  added->GetReflection()->SetEnumValue(added, key_field, wanted->number());
  return added;
}

absl::Status SetLeaf(pb::Message& message, const Field& field, CellKind kind, std::string_view cell) {
  const pb::Reflection& reflection = *message.GetReflection();
  if (field.is_repeated()) {
    return PathError(message, field.name());
  }
  switch (kind) {
    case CellKind::kText:
    case CellKind::kCode:
    case CellKind::kIdNumber: {
      if (field.type() != Field::TYPE_STRING) return PathError(message, field.name());
      if (kind == CellKind::kIdNumber) {
        if (const absl::Status scientific = CheckIdNumberCell(cell); !scientific.ok()) return scientific;
      }
      std::string text(cell);
      if (kind != CellKind::kText) text = absl::AsciiStrToUpper(text);
      reflection.SetString(&message, &field, std::move(text));
      return absl::OkStatus();
    }
    case CellKind::kDate: {
      if (field.type() != Field::TYPE_MESSAGE || field.message_type()->full_name() != "skillbridge.common.v1.Date") {
        return PathError(message, field.name());
      }
      absl::StatusOr<absl::CivilDay> day = ParseDateCell(cell);
      if (!day.ok()) return day.status();
      pb::Message* date = reflection.MutableMessage(&message, &field);
      const pb::Descriptor& type = *date->GetDescriptor();
      date->GetReflection()->SetInt32(date, type.FindFieldByName("year"), static_cast<int32_t>(day->year()));
      date->GetReflection()->SetInt32(date, type.FindFieldByName("month"), day->month());
      date->GetReflection()->SetInt32(date, type.FindFieldByName("day"), day->day());
      return absl::OkStatus();
    }
    case CellKind::kEnum: {
      if (field.type() != Field::TYPE_ENUM) return PathError(message, field.name());
      absl::StatusOr<int> value = ParseEnumCell(*field.enum_type(), cell);
      if (!value.ok()) return value.status();
      reflection.SetEnumValue(&message, &field, *value);
      return absl::OkStatus();
    }
    case CellKind::kInteger:
    case CellKind::kYuan: {
      absl::StatusOr<int64_t> value = kind == CellKind::kYuan ? ParseYuan(cell) : ParseWholeNumber(cell);
      if (!value.ok()) return value.status();
      if (field.cpp_type() == Field::CPPTYPE_INT64) {
        reflection.SetInt64(&message, &field, *value);
      } else if (field.cpp_type() == Field::CPPTYPE_INT32) {
        if (*value < std::numeric_limits<int32_t>::min() || *value > std::numeric_limits<int32_t>::max()) {
          return absl::InvalidArgumentError(Concat("'", cell, "' is too large / 数值过大"));
        }
        reflection.SetInt32(&message, &field, static_cast<int32_t>(*value));
      } else {
        return PathError(message, field.name());
      }
      return absl::OkStatus();
    }
    case CellKind::kBool: {
      if (field.type() != Field::TYPE_BOOL) return PathError(message, field.name());
      absl::StatusOr<bool> value = ParseBool(cell);
      if (!value.ok()) return value.status();
      reflection.SetBool(&message, &field, *value);
      return absl::OkStatus();
    }
  }
  return PathError(message, field.name());
}

}  // namespace

absl::Status SetCellValue(pb::Message& message, std::string_view path, CellKind kind, std::string_view cell) {
  cell = TrimCell(cell);
  if (cell.empty()) {
    return absl::OkStatus();
  }
  pb::Message* current = &message;
  while (true) {
    const size_t dot = path.find('.');
    std::string_view step = path.substr(0, dot);
    std::string_view key;
    std::string_view value;
    if (const size_t bracket = step.find('['); bracket != std::string_view::npos) {
      const size_t equals = step.find('=', bracket);
      if (equals == std::string_view::npos || !step.ends_with("]")) return PathError(*current, path);
      key = step.substr(bracket + 1, equals - bracket - 1);
      value = step.substr(equals + 1, step.size() - equals - 2);
      step = step.substr(0, bracket);
    }
    const Field* field = current->GetDescriptor()->FindFieldByName(std::string(step));
    if (field == nullptr) {
      return PathError(*current, path);
    }
    if (dot == std::string_view::npos) {
      return SetLeaf(*current, *field, kind, cell);
    }
    if (field->type() != Field::TYPE_MESSAGE) {
      return PathError(*current, path);
    }
    if (!key.empty()) {
      if (!field->is_repeated()) return PathError(*current, path);
      absl::StatusOr<pb::Message*> element = KeyedElement(*current, *field, key, value);
      if (!element.ok()) return element.status();
      current = *element;
    } else {
      if (field->is_repeated()) return PathError(*current, path);
      current = current->GetReflection()->MutableMessage(current, field);
    }
    path = path.substr(dot + 1);
  }
}

absl::Status BuildRow(const ImportSpec& spec, const std::vector<int>& columns, const std::vector<std::string>& header,
                      const std::vector<std::string>& cells, const std::vector<FlagValueText>& flag_values,
                      pb::Message& row, CellError* error) {
  for (size_t i = 0; i < spec.columns.size() && i < columns.size(); ++i) {
    const int index = columns[i];
    if (index < 0 || static_cast<size_t>(index) >= cells.size()) {
      continue;
    }
    if (const absl::Status set = SetCellValue(row, spec.columns[i].path, spec.columns[i].kind, cells[index]);
        !set.ok()) {
      error->column = header[index];
      error->message = std::string(set.message());
      return set;
    }
  }
  for (const FlagValueText& flag : flag_values) {
    if (flag.spec->on_request || flag.text.empty()) {
      continue;
    }
    // The row's own cell wins: set the flag's value only where the field is still empty.
    std::unique_ptr<pb::Message> probe(row.New());
    if (!SetCellValue(*probe, flag.spec->path, flag.spec->kind, flag.text).ok()) {
      continue;  // the flag itself was checked when the import started
    }
    std::unique_ptr<pb::Message> merged(row.New());
    merged->CopyFrom(*probe);
    merged->MergeFrom(row);
    row.CopyFrom(*merged);
  }
  return absl::OkStatus();
}

std::string ColumnForField(const ImportSpec& spec, const std::vector<int>& columns,
                           const std::vector<std::string>& header, std::string_view field) {
  const auto header_of = [&](size_t i) -> std::string {
    return i < columns.size() && columns[i] >= 0 ? header[columns[i]] : "";
  };
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    if (spec.columns[i].path != field) continue;
    if (const std::string named = header_of(i); !named.empty()) return named;
    // The file has no such column: name the column to add, or the flag that fills it.
    std::string label = Concat(spec.columns[i].column.names.front(), " (no such column / 文件中无此列");
    for (const FlagValue& flag : spec.flag_values) {
      if (!flag.on_request && flag.path == field) label += Concat("; or --", flag.flag);
    }
    return label + ")";
  }
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const std::string& path = spec.columns[i].path;
    if (path.size() > field.size() && path.starts_with(field) && path[field.size()] == '.' && !header_of(i).empty()) {
      return header_of(i);
    }
  }
  return "";
}

}  // namespace skillbridge::cli
