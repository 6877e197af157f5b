#include "tools/cli/table/xlsx_reader.h"

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "common/util/concat.h"
#include "common/util/utf8.h"
#include "tools/cli/table/xlsx_cells.h"
#include "tools/cli/table/xml_tokenizer.h"
#include "tools/cli/table/zip_archive.h"

namespace skillbridge::cli {
namespace {

constexpr std::string_view kDamaged = "damaged workbook / 工作簿已损坏: ";
constexpr std::string_view kOle2Signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

// Debian's Abseil has its own string_view type.
std::string_view MessageOf(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

absl::Status PasswordProtected() {
  return absl::InvalidArgumentError(
      "the workbook is password-protected: open it in Excel, remove the password (File > Info > Protect "
      "Workbook > Encrypt with Password) and save it again / 工作簿设有打开密码，请在 Excel 中取消密码后重新保存");
}

// `status` (of xlsx_cells.h) as a damaged workbook.
absl::Status Damaged(const absl::Status& status) {
  return absl::InvalidArgumentError(Concat(kDamaged, MessageOf(status)));
}

absl::Status PartError(std::string_view part, std::string_view what) {
  return absl::InvalidArgumentError(Concat(kDamaged, part, ": ", what));
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// ---- Package structure --------------------------------------------------------------------------

// `target` of a relationship in a part of folder `base` ("xl/"), as a part name ("xl/worksheets/
// sheet1.xml"): absolute targets start at the package root; "." and ".." are resolved.
std::string ResolveTarget(std::string_view base, std::string_view target) {
  std::string joined = !target.empty() && target.front() == '/' ? std::string(target.substr(1)) : Concat(base, target);
  std::vector<std::string_view> segments;
  std::string_view rest = joined;
  while (true) {
    const size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    if (slash == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(slash + 1);
  }
  std::string resolved;
  for (std::string_view segment : segments) {
    if (!resolved.empty()) {
      resolved.push_back('/');
    }
    resolved.append(segment);
  }
  return resolved;
}

std::string_view FolderOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : part.substr(0, slash + 1);
}

// The relationships part of `part`: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
std::string RelationshipsPartOf(std::string_view part) {
  const std::string_view folder = FolderOf(part);
  return Concat(folder, "_rels/", part.substr(folder.size()), ".rels");
}

struct Relationship {
  std::string type;
  std::string target;  // resolved part name
  bool external = false;
};

// The bytes of `part`, or nullopt when the package has no such part.
absl::StatusOr<std::optional<std::string>> ReadPart(const ZipArchive& archive, std::string_view part) {
  const ZipEntry* entry = archive.Find(part);
  if (entry == nullptr) {
    return std::optional<std::string>();
  }
  if (entry->encrypted()) {
    return PasswordProtected();
  }
  absl::StatusOr<std::string> bytes = archive.Read(*entry);
  if (!bytes.ok()) {
    return absl::InvalidArgumentError(Concat(kDamaged, MessageOf(bytes.status())));
  }
  if (bytes->substr(0, 2) == "\xFF\xFE" || bytes->substr(0, 2) == "\xFE\xFF") {
    return PartError(part, "the part is UTF-16 XML, which this reader does not take (save the file again in Excel)");
  }
  return std::optional<std::string>(std::move(*bytes));
}

absl::StatusOr<std::string> ReadRequiredPart(const ZipArchive& archive, std::string_view part) {
  absl::StatusOr<std::optional<std::string>> bytes = ReadPart(archive, part);
  if (!bytes.ok()) {
    return bytes.status();
  }
  if (!bytes->has_value()) {
    return PartError(part, "the part is missing");
  }
  return std::move(**bytes);
}

absl::Status XmlError(std::string_view part, const absl::Status& status) { return PartError(part, MessageOf(status)); }

// The relationships of `source_part` by id (none when it has no relationships part).
absl::StatusOr<std::map<std::string, Relationship, std::less<>>> ReadRelationships(const ZipArchive& archive,
                                                                                   std::string_view source_part) {
  const std::string rels_part = RelationshipsPartOf(source_part);
  std::map<std::string, Relationship, std::less<>> relationships;
  absl::StatusOr<std::optional<std::string>> xml_bytes = ReadPart(archive, rels_part);
  if (!xml_bytes.ok()) {
    return xml_bytes.status();
  }
  if (!xml_bytes->has_value()) {
    return relationships;
  }
  XmlTokenizer xml(**xml_bytes);
  while (xml.Next()) {
    if (xml.token() != XmlTokenizer::Token::kStartTag || xml.name() != "Relationship") {
      continue;
    }
    std::optional<std::string> id;
    std::optional<std::string> type;
    std::optional<std::string> target;
    std::optional<std::string> mode;
    for (absl::Status status : {xml.Attribute("Id", id), xml.Attribute("Type", type), xml.Attribute("Target", target),
                                xml.Attribute("TargetMode", mode)}) {
      if (!status.ok()) {
        return XmlError(rels_part, status);
      }
    }
    if (!id.has_value() || !target.has_value()) {
      return PartError(rels_part, "a relationship without Id or Target");
    }
    Relationship relationship;
    relationship.type = type.value_or("");
    relationship.external = mode.has_value() && *mode == "External";
    relationship.target = relationship.external ? *target : ResolveTarget(FolderOf(source_part), *target);
    relationships.emplace(std::move(*id), std::move(relationship));
  }
  if (!xml.status().ok()) {
    return XmlError(rels_part, xml.status());
  }
  return relationships;
}

// The workbook part named by the package relationships, or "xl/workbook.xml".
absl::StatusOr<std::string> FindWorkbookPart(const ZipArchive& archive) {
  absl::StatusOr<std::map<std::string, Relationship, std::less<>>> package = ReadRelationships(archive, "");
  if (!package.ok()) {
    return package.status();
  }
  for (const auto& [id, relationship] : *package) {
    if (EndsWith(relationship.type, "/officeDocument") && !relationship.external &&
        archive.Find(relationship.target) != nullptr) {
      return relationship.target;
    }
  }
  return std::string("xl/workbook.xml");
}

struct SheetEntry {
  std::string name;
  std::string relationship_id;
  bool hidden = false;
};

absl::StatusOr<std::vector<SheetEntry>> ReadSheetList(std::string_view part, std::string_view xml_bytes) {
  std::vector<SheetEntry> sheets;
  XmlTokenizer xml(xml_bytes);
  while (xml.Next()) {
    if (xml.token() != XmlTokenizer::Token::kStartTag || xml.name() != "sheet") {
      continue;
    }
    std::optional<std::string> name;
    std::optional<std::string> id;
    std::optional<std::string> state;
    for (absl::Status status : {xml.Attribute("name", name), xml.Attribute("id", id), xml.Attribute("state", state)}) {
      if (!status.ok()) {
        return XmlError(part, status);
      }
    }
    if (!name.has_value() || !id.has_value()) {
      return PartError(part, Concat("sheet ", sheets.size() + 1, " has no name or no r:id"));
    }
    sheets.push_back(SheetEntry{ToValidUtf8(*name), std::move(*id), state.has_value() && *state != "visible"});
  }
  if (!xml.status().ok()) {
    return XmlError(part, xml.status());
  }
  return sheets;
}

std::string QuotedSheetNames(const std::vector<SheetEntry>& sheets) {
  std::string names;
  for (const SheetEntry& sheet : sheets) {
    names += Concat(names.empty() ? "" : ", ", "'", sheet.name, "'");
  }
  return names;
}

// ---- Not a workbook -----------------------------------------------------------------------------

absl::Status NotAZipWorkbook(std::string_view bytes, std::string_view detail) {
  if (bytes.substr(0, kOle2Signature.size()) == kOle2Signature) {
    // Excel stores a workbook encrypted with a password as an OLE2 file holding "EncryptedPackage".
    static constexpr char kEncryptedPackageUtf16[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    if (bytes.find(std::string_view(kEncryptedPackageUtf16, sizeof(kEncryptedPackageUtf16) - 1)) !=
        std::string_view::npos) {
      return PasswordProtected();
    }
    return absl::InvalidArgumentError(
        "the file is in the old Excel 97-2003 format (.xls), not .xlsx: open it in Excel and save it as "
        ".xlsx or .csv / 文件为旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 .csv");
  }
  std::string_view start = TrimXmlSpace(bytes.substr(0, 512));
  if (start.substr(0, 3) == "\xEF\xBB\xBF") {
    start.remove_prefix(3);
  }
  if (!start.empty() && start.front() == '<') {
    return absl::InvalidArgumentError(
        "the file is HTML or XML saved under an .xlsx name, not an .xlsx workbook: open it in Excel and save it as "
        ".xlsx or .csv / 文件实为网页或 XML，并非 .xlsx 工作簿，请在 Excel 中另存为 .xlsx 或 .csv");
  }
  return absl::InvalidArgumentError(Concat("the file is not an .xlsx workbook (", detail,
                                           "); a CSV file must be named .csv / 文件不是有效的 .xlsx 工作簿"));
}

}  // namespace

namespace {

absl::StatusOr<XlsxSheet> ReadSheetOrExplain(std::string_view bytes, std::string_view sheet_name) {
  if (bytes.substr(0, 2) != "PK") {
    return NotAZipWorkbook(bytes, "it does not start like a ZIP archive");
  }
  absl::StatusOr<ZipArchive> archive = ZipArchive::Open(bytes);
  if (!archive.ok()) {
    return absl::InvalidArgumentError(Concat(kDamaged, MessageOf(archive.status()), "; copy the file again"));
  }

  absl::StatusOr<std::string> workbook_part = FindWorkbookPart(*archive);
  if (!workbook_part.ok()) {
    return workbook_part.status();
  }
  absl::StatusOr<std::optional<std::string>> workbook_xml = ReadPart(*archive, *workbook_part);
  if (!workbook_xml.ok()) {
    return workbook_xml.status();
  }
  if (!workbook_xml->has_value()) {
    return absl::InvalidArgumentError(Concat("the file is a ZIP archive but not an Excel workbook: it has no ",
                                             *workbook_part,
                                             " (a .docx, .pptx or another ZIP file?) / "
                                             "文件不是 Excel 工作簿"));
  }
  absl::StatusOr<std::vector<SheetEntry>> sheets = ReadSheetList(*workbook_part, **workbook_xml);
  if (!sheets.ok()) {
    return sheets.status();
  }
  absl::StatusOr<std::map<std::string, Relationship, std::less<>>> relationships =
      ReadRelationships(*archive, *workbook_part);
  if (!relationships.ok()) {
    return relationships.status();
  }
  auto worksheet_part = [&](const SheetEntry& sheet) -> const Relationship* {
    auto found = relationships->find(sheet.relationship_id);
    if (found == relationships->end() || found->second.external || !EndsWith(found->second.type, "/worksheet")) {
      return nullptr;
    }
    return &found->second;
  };

  const SheetEntry* chosen = nullptr;
  if (sheet_name.empty()) {
    for (const SheetEntry& sheet : *sheets) {
      if (worksheet_part(sheet) != nullptr && (chosen == nullptr || (chosen->hidden && !sheet.hidden))) {
        chosen = &sheet;
        if (!sheet.hidden) {
          break;
        }
      }
    }
    if (chosen == nullptr) {
      return absl::InvalidArgumentError(Concat(kDamaged, *workbook_part, ": the workbook has no worksheet"));
    }
  } else {
    for (const SheetEntry& sheet : *sheets) {
      if (sheet.name == sheet_name) {
        chosen = &sheet;
        break;
      }
    }
    for (size_t i = 0; chosen == nullptr && i < sheets->size(); ++i) {
      if (EqualsIgnoringAsciiCase(TrimXmlSpace((*sheets)[i].name), TrimXmlSpace(sheet_name))) {
        chosen = &(*sheets)[i];
      }
    }
    if (chosen == nullptr) {
      return absl::InvalidArgumentError(Concat("the workbook has no sheet named '", sheet_name, "'; its sheets are ",
                                               QuotedSheetNames(*sheets), " / 工作簿中没有名为“", sheet_name,
                                               "”的工作表，现有工作表：", QuotedSheetNames(*sheets)));
    }
    if (worksheet_part(*chosen) == nullptr) {
      return absl::InvalidArgumentError(Concat("sheet '", chosen->name,
                                               "' is not a worksheet of cells (a chart sheet?) / 工作表“", chosen->name,
                                               "”不是数据表"));
    }
  }
  const std::string& sheet_part = worksheet_part(*chosen)->target;

  std::optional<std::vector<std::string>> shared_strings;
  std::string shared_strings_part = "xl/sharedStrings.xml";
  for (const auto& [id, relationship] : *relationships) {
    if (EndsWith(relationship.type, "/sharedStrings") && !relationship.external) {
      shared_strings_part = relationship.target;
    }
  }
  absl::StatusOr<std::optional<std::string>> shared_xml = ReadPart(*archive, shared_strings_part);
  if (!shared_xml.ok()) {
    return shared_xml.status();
  }
  if (shared_xml->has_value()) {
    absl::StatusOr<std::vector<std::string>> strings = ReadSharedStringsPart(shared_strings_part, **shared_xml);
    if (!strings.ok()) {
      return Damaged(strings.status());
    }
    shared_strings = std::move(*strings);
    *shared_xml = std::nullopt;  // free the XML before reading the sheet
  }

  absl::StatusOr<std::string> sheet_xml = ReadRequiredPart(*archive, sheet_part);
  if (!sheet_xml.ok()) {
    return sheet_xml.status();
  }
  absl::StatusOr<std::vector<CsvRow>> rows =
      ReadWorksheetPart(sheet_part, *sheet_xml, shared_strings.has_value() ? &*shared_strings : nullptr);
  if (!rows.ok()) {
    return Damaged(rows.status());
  }
  return XlsxSheet{chosen->name, std::move(*rows)};
}

}  // namespace

absl::StatusOr<XlsxSheet> ReadXlsxSheet(std::string_view bytes, std::string_view sheet_name) {
  absl::StatusOr<XlsxSheet> sheet = ReadSheetOrExplain(bytes, sheet_name);
  if (!sheet.ok()) {
    // Messages quote names and values from the file, which need not be UTF-8.
    return absl::Status(sheet.status().code(), ToValidUtf8(MessageOf(sheet.status())));
  }
  return sheet;
}

}  // namespace skillbridge::cli
