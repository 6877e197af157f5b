// The import engine's pure parts (unit): cells into request messages through field paths, the
// Chinese labels of enum values, the progress file surviving a cut-short line, request ids, the
// progress line, the error file in the input's own encoding, and that every import's columns and
// flag values fit its request messages.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "skillbridge/aggregator/v1/aggregator.pb.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"
#include "tools/cli/generic_call.h"
#include "tools/cli/import/error_file.h"
#include "tools/cli/import/import_catalog.h"
#include "tools/cli/import/import_journal.h"
#include "tools/cli/import/import_runner.h"
#include "tools/cli/import/progress.h"
#include "tools/cli/import/row_builder.h"
#include "tools/cli/labels/enum_labels.h"

namespace skillbridge::cli {
namespace {

namespace ev = evaluation::v1;
namespace pb = google::protobuf;

std::string TempPath(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cli-import-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

TEST(RowBuilderTest, CellsFillNestedFieldsByKind) {
  ev::CertificateDraft draft;
  ASSERT_TRUE(SetCellValue(draft, "person.id_number", CellKind::kIdNumber, " 37020219900101001x ").ok());
  ASSERT_TRUE(SetCellValue(draft, "person.name", CellKind::kText, "　张三　").ok());
  ASSERT_TRUE(SetCellValue(draft, "level", CellKind::kEnum, "高级工").ok());
  ASSERT_TRUE(SetCellValue(draft, "type", CellKind::kEnum, "职业技能等级").ok());
  ASSERT_TRUE(SetCellValue(draft, "issue_date", CellKind::kDate, "2023年5月1日").ok());
  ASSERT_TRUE(SetCellValue(draft, "issuer_credit_code", CellKind::kCode, "91370202ma3ck1l2x8").ok());
  EXPECT_EQ(draft.person().id_number(), "37020219900101001X");
  EXPECT_EQ(draft.person().name(), "张三");
  EXPECT_EQ(draft.level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(draft.type(), ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  EXPECT_EQ(draft.issue_date().year(), 2023);
  EXPECT_EQ(draft.issue_date().month(), 5);
  EXPECT_EQ(draft.issue_date().day(), 1);
  EXPECT_EQ(draft.issuer_credit_code(), "91370202MA3CK1L2X8");

  // An empty cell leaves the field alone.
  ASSERT_TRUE(SetCellValue(draft, "person.name", CellKind::kText, "  ").ok());
  EXPECT_EQ(draft.person().name(), "张三");
}

TEST(RowBuilderTest, BadCellsAreRefusedSayingWhatTheyShouldHold) {
  ev::CertificateDraft draft;
  const absl::Status scientific = SetCellValue(draft, "person.id_number", CellKind::kIdNumber, "3.70202E+17");
  EXPECT_EQ(scientific.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(scientific.message().find("scientific"), std::string::npos) << scientific;
  const absl::Status date = SetCellValue(draft, "issue_date", CellKind::kDate, "2023-02-30");
  EXPECT_EQ(date.code(), absl::StatusCode::kInvalidArgument);
  const absl::Status level = SetCellValue(draft, "level", CellKind::kEnum, "九级");
  EXPECT_EQ(level.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(level.message().find("三级/高级工"), std::string::npos) << level;
  // A path that is not in the message is a mistake in a spec.
  EXPECT_EQ(SetCellValue(draft, "person.phone", CellKind::kText, "x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(draft.has_issue_date());
  EXPECT_EQ(draft.level(), 0);
}

TEST(RowBuilderTest, NumbersMoneyAndYesNo) {
  incentive::v1::WageSurveyDraft survey;
  ASSERT_TRUE(SetCellValue(survey, "workforce", CellKind::kInteger, "1,200").ok());
  ASSERT_TRUE(SetCellValue(survey, "uncertified_average_pay_fen", CellKind::kYuan, "￥56,000.5").ok());
  ASSERT_TRUE(SetCellValue(survey, "levels[level=SKILL_LEVEL_3_SENIOR].headcount", CellKind::kInteger, "30").ok());
  ASSERT_TRUE(
      SetCellValue(survey, "levels[level=SKILL_LEVEL_3_SENIOR].average_annual_pay_fen", CellKind::kYuan, "88000").ok());
  ASSERT_TRUE(
      SetCellValue(survey, "levels[level=SKILL_LEVEL_2_TECHNICIAN].headcount", CellKind::kInteger, "12.0").ok());
  EXPECT_EQ(survey.workforce(), 1200);
  EXPECT_EQ(survey.uncertified_average_pay_fen(), 5600050);
  ASSERT_EQ(survey.levels_size(), 2);  // one element per level, found again by its key
  EXPECT_EQ(survey.levels(0).level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(survey.levels(0).headcount(), 30);
  EXPECT_EQ(survey.levels(0).average_annual_pay_fen(), 8800000);
  EXPECT_EQ(survey.levels(1).headcount(), 12);
  EXPECT_EQ(SetCellValue(survey, "workforce", CellKind::kInteger, "12a").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SetCellValue(survey, "uncertified_average_pay_fen", CellKind::kYuan, "1.234").code(),
            absl::StatusCode::kInvalidArgument);

  ev::Enterprise enterprise;
  ASSERT_TRUE(SetCellValue(enterprise, "above_designated_size", CellKind::kBool, "是").ok());
  EXPECT_TRUE(enterprise.above_designated_size());
  ASSERT_TRUE(SetCellValue(enterprise, "above_designated_size", CellKind::kBool, "No").ok());
  EXPECT_FALSE(enterprise.above_designated_size());
  EXPECT_EQ(SetCellValue(enterprise, "above_designated_size", CellKind::kBool, "maybe").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RowBuilderTest, TheRowsCellWinsOverTheFlagValue) {
  const ImportSpec& spec = *FindImportSpec("certificates");
  const std::vector<std::string> header = {"姓名", "身份证号", "职业编码",
                                           "等级", "发证日期", "发证机构统一社会信用代码"};
  std::vector<ColumnSpec> specs;
  for (const ImportColumn& column : spec.columns) specs.push_back(column.column);
  absl::StatusOr<std::vector<int>> columns = MapColumns(header, specs);
  ASSERT_TRUE(columns.ok()) << columns.status();
  std::vector<FlagValueText> flags;
  for (const FlagValue& flag : spec.flag_values) {
    flags.push_back({&flag, flag.flag == "issuer_credit_code" ? "91370202MA3CK1L2X8"
                            : flag.flag == "certificate_type" ? "职业技能等级"
                                                              : "考核评价"});
  }
  ev::CertificateDraft with_issuer;
  CellError error;
  ASSERT_TRUE(BuildRow(spec, *columns, header, {"李四", "x", "6-18-02-04", "3", "2024-01-02", "91370211MA3C00000X"},
                       flags, with_issuer, &error)
                  .ok());
  EXPECT_EQ(with_issuer.issuer_credit_code(), "91370211MA3C00000X");
  EXPECT_EQ(with_issuer.basis(), ev::CERTIFICATE_BASIS_ASSESSMENT);
  EXPECT_EQ(with_issuer.level(), common::v1::SKILL_LEVEL_3_SENIOR);  // the digit of the new eight levels
  ev::CertificateDraft without;
  ASSERT_TRUE(
      BuildRow(spec, *columns, header, {"李四", "x", "6-18-02-04", "3", "2024-01-02", ""}, flags, without, &error)
          .ok());
  EXPECT_EQ(without.issuer_credit_code(), "91370202MA3CK1L2X8");

  ev::CertificateDraft bad;
  EXPECT_FALSE(
      BuildRow(spec, *columns, header, {"李四", "x", "6-18-02-04", "3", "2024/13/02", ""}, flags, bad, &error).ok());
  EXPECT_EQ(error.column, "发证日期");
}

TEST(EnumLabelsTest, LabelsOutAndBackIn) {
  const pb::EnumDescriptor& levels = *common::v1::SkillLevel_descriptor();
  EXPECT_EQ(EnumCellText(levels, common::v1::SKILL_LEVEL_3_SENIOR), "三级/高级工");
  EXPECT_EQ(EnumCellText(levels, 0), "");
  EXPECT_EQ(EnumCellText(levels, 99), "99");
  for (const std::string cell : {"三级/高级工", "三级", "高级工", "SKILL_LEVEL_3_SENIOR", "3_senior", "3", "3级"}) {
    absl::StatusOr<int> parsed = ParseEnumCell(levels, cell);
    ASSERT_TRUE(parsed.ok()) << cell << ": " << parsed.status();
    EXPECT_EQ(*parsed, common::v1::SKILL_LEVEL_3_SENIOR) << cell;
  }
  EXPECT_EQ(*ParseEnumCell(levels, "5"), common::v1::SKILL_LEVEL_5_JUNIOR);
  EXPECT_EQ(*ParseEnumCell(levels, "一级"), common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  EXPECT_EQ(*ParseEnumCell(levels, ""), 0);
  EXPECT_EQ(*ParseEnumCell(*common::v1::Gender_descriptor(), "女"), common::v1::GENDER_FEMALE);
  EXPECT_FALSE(ParseEnumCell(levels, "6").ok());
}

// Every value of every enum an import reads or an export writes has a Chinese label, so a new
// value added to a proto is not exported as its code name unnoticed.
TEST(EnumLabelsTest, EveryEnumInTheProtosHasLabels) {
  std::vector<const pb::FileDescriptor*> files;
  for (const char* name : {"skillbridge/evaluation/v1/enums.proto", "skillbridge/training/v1/enums.proto",
                           "skillbridge/competition/v1/enums.proto", "skillbridge/incentive/v1/enums.proto",
                           "skillbridge/education/v1/enums.proto", "skillbridge/common/v1/common.proto",
                           "skillbridge/aggregator/v1/aggregator.proto"}) {
    const pb::FileDescriptor* file = pb::DescriptorPool::generated_pool()->FindFileByName(name);
    ASSERT_NE(file, nullptr) << name;
    files.push_back(file);
  }
  int checked = 0;
  for (const pb::FileDescriptor* file : files) {
    for (int e = 0; e < file->enum_type_count(); ++e) {
      const pb::EnumDescriptor& type = *file->enum_type(e);
      if (type.name() == "Role") continue;  // never in a spreadsheet
      for (int v = 0; v < type.value_count(); ++v) {
        if (type.value(v)->number() == 0) continue;
        EXPECT_FALSE(ChineseLabel(type.value(v)->name()).empty()) << type.value(v)->name();
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(ImportCatalogTest, EveryColumnAndFlagFitsItsMessages) {
  for (const ImportSpec& spec : ImportSpecs()) {
    SCOPED_TRACE(spec.kind);
    absl::StatusOr<std::string> method = ResolveMethod(spec.service + "/" + spec.method);
    ASSERT_TRUE(method.ok()) << method.status();
    const pb::MethodDescriptor* descriptor = pb::DescriptorPool::generated_pool()->FindMethodByName(
        method->substr(0, method->find('/')) + "." + spec.method);
    ASSERT_NE(descriptor, nullptr);
    const pb::Descriptor* row = descriptor->input_type();
    if (!spec.rows_field.empty()) row = row->FindFieldByName(spec.rows_field)->message_type();
    if (!spec.row_field.empty()) row = row->FindFieldByName(spec.row_field)->message_type();
    const pb::Message& prototype = *pb::MessageFactory::generated_factory()->GetPrototype(row);
    const auto sample = [](CellKind kind) -> std::string {
      switch (kind) {
        case CellKind::kDate:
          return "2024-01-02";
        case CellKind::kInteger:
        case CellKind::kYuan:
          return "1";
        case CellKind::kBool:
          return "是";
        default:
          return "X";
      }
    };
    for (const ImportColumn& column : spec.columns) {
      std::unique_ptr<pb::Message> message(prototype.New());
      if (column.kind == CellKind::kEnum) {
        // Any label of the enum will do: find the field's enum through a failing parse.
        const absl::Status status = SetCellValue(*message, column.path, column.kind, "?");
        EXPECT_NE(status.message().find("is not one of"), std::string::npos) << column.path << ": " << status;
      } else {
        EXPECT_TRUE(SetCellValue(*message, column.path, column.kind, sample(column.kind)).ok()) << column.path;
      }
      EXPECT_FALSE(column.column.names.empty());
    }
    for (const FlagValue& flag : spec.flag_values) {
      const pb::Descriptor* type = flag.on_request ? descriptor->input_type() : row;
      std::unique_ptr<pb::Message> message(pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
      const std::string value = flag.kind == CellKind::kEnum ? "?" : sample(flag.kind);
      const absl::Status status = SetCellValue(*message, flag.path, flag.kind, value);
      EXPECT_TRUE(flag.kind == CellKind::kEnum ? status.message().find("is not one of") != std::string::npos
                                               : status.ok())
          << flag.flag << ": " << status;
    }
    EXPECT_GE(spec.max_batch, 1);
  }
}

// docs/cli.md lists every kind with every header it accepts (the tables are made from
// `skillbridge import <kind>`, which prints the catalogue).
TEST(ImportCatalogTest, TheGuideListsEveryKindAndHeader) {
  std::ifstream in(std::string(SKILLBRIDGE_SOURCE_DIR) + "/docs/cli.md");
  const std::string guide((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(guide.empty());
  for (const ImportSpec& spec : ImportSpecs()) {
    const size_t section = guide.find("#### `" + spec.kind + "`");
    ASSERT_NE(section, std::string::npos) << spec.kind;
    const size_t end = guide.find("####", section + 4);
    const std::string text = guide.substr(section, end == std::string::npos ? std::string::npos : end - section);
    for (const ImportColumn& column : spec.columns) {
      for (const std::string& name : column.column.names) {
        EXPECT_NE(text.find("`" + name + "`"), std::string::npos) << spec.kind << ": " << name;
      }
    }
    for (const FlagValue& flag : spec.flag_values) {
      EXPECT_NE(text.find("`--" + flag.flag + "`"), std::string::npos) << spec.kind << ": --" << flag.flag;
    }
  }
}

TEST(ImportJournalTest, RecordsSurviveAndACutShortLineIsIgnored) {
  const std::string path = TempPath("journal.progress");
  {
    JournalWriter writer;
    ASSERT_TRUE(writer.Open(path, "certificates", "abc123", 50, /*append=*/false).ok());
    JournalBatch first{0, 50, 48, 0, {{3, "身份证号", "INVALID_ARGUMENT: bad\tcheck\ncharacter"}, {7, "", "x"}}};
    ASSERT_TRUE(writer.Record(first).ok());
  }
  {
    JournalWriter writer;
    ASSERT_TRUE(writer.Open(path, "certificates", "abc123", 50, /*append=*/true).ok());
    ASSERT_TRUE(writer.Record({50, 50, 0, 50, {}}).ok());
  }
  {
    std::ofstream out(path, std::ios::app);
    out << "refused\t120\tx\ty\nbatch\t100\t50\t4";  // a crash in the middle of a batch
  }
  absl::StatusOr<JournalState> state = ReadJournal(path);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->kind, "certificates");
  EXPECT_EQ(state->file_sha256, "abc123");
  EXPECT_EQ(state->batch_size, 50);
  ASSERT_EQ(state->batches.size(), 2u);
  EXPECT_EQ(state->batches[0].added, 48);
  ASSERT_EQ(state->batches[0].refusals.size(), 2u);
  EXPECT_EQ(state->batches[0].refusals[0].row, 3u);
  EXPECT_EQ(state->batches[0].refusals[0].reason, "INVALID_ARGUMENT: bad check character");
  EXPECT_EQ(state->batches[50].replayed, 50);
  EXPECT_TRUE(state->batches[50].refusals.empty());
  EXPECT_FALSE(state->batches.contains(100));

  EXPECT_EQ(ReadJournal(TempPath("absent.progress")).status().code(), absl::StatusCode::kNotFound);
  const std::string other = TempPath("other.txt");
  std::ofstream(other) << "name,id\n";
  EXPECT_EQ(ReadJournal(other).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ImportRequestIdTest, DerivedFromTheFileKindAndBatch) {
  const std::string id = ImportRequestId("f00d", "certificates", 500, 500);
  EXPECT_EQ(id, ImportRequestId("f00d", "certificates", 500, 500));
  EXPECT_NE(id, ImportRequestId("f00e", "certificates", 500, 500));
  EXPECT_NE(id, ImportRequestId("f00d", "certificates", 0, 500));
  EXPECT_NE(id, ImportRequestId("f00d", "certificates", 500, 250));
  EXPECT_NE(id, ImportRequestId("f00d", "students", 500, 500));
  EXPECT_LE(id.size(), 128u);
  EXPECT_EQ(id.rfind("import-certificates-", 0), 0u) << id;
}

TEST(ImportProgressTest, TheLineShowsRowsRateAndTimeLeft) {
  EXPECT_EQ(ImportProgress::Render(52000, 100000, 4310.2, true),
            "[##########----------]  52,000/100,000 rows  4,310 rows/s  ETA 0:11");
  EXPECT_EQ(ImportProgress::Render(100000, 100000, 5000, false), "100,000/100,000 rows  5,000 rows/s");
  EXPECT_EQ(ImportProgress::Render(0, 10, 0, false), "0/10 rows");
  EXPECT_EQ(ImportProgress::Render(1, 100000, 10, false), "1/100,000 rows  10 rows/s  ETA 2:46:40");

  // Not a terminal: a plain line at most every interval, and the final one.
  const std::string path = TempPath("progress.txt");
  std::FILE* out = std::fopen(path.c_str(), "w");
  ASSERT_NE(out, nullptr);
  ImportProgress progress(10, 0, false, out, std::chrono::hours(1));
  for (int i = 0; i < 10; ++i) progress.Advance(1);
  progress.Finish();
  std::fclose(out);
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all.rfind("progress: 10/10 rows", 0), 0u) << all;
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 1) << all;
}

TEST(ErrorFileTest, RefusedRowsInTheInputsFormatWithReasonAndField) {
  EXPECT_EQ(DefaultErrorFilePath("data/certs.csv"), "data/certs.errors.csv");
  EXPECT_EQ(DefaultErrorFilePath("data/certs.v2.xlsx"), "data/certs.v2.errors.xlsx");
  EXPECT_EQ(DefaultErrorFilePath("data.d/certs"), "data.d/certs.errors");

  SheetFile input;
  input.encoding = TextEncoding::kGb18030;
  input.rows = {{1, {"姓名", "身份证号", kReasonHeader, kFieldHeader}},
                {2, {"张三", "1", "old reason", "old field"}},
                {3, {"李四", "2", "", ""}}};
  const std::string path = TempPath("errors.csv");
  ASSERT_TRUE(WriteErrorFile(path, input, {{1, {"身份证号", "INVALID_ARGUMENT: 校验位错误"}}}).ok());
  absl::StatusOr<SheetFile> read = ReadSheetFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->encoding, TextEncoding::kGb18030);  // as the input came
  ASSERT_EQ(read->rows.size(), 2u);
  EXPECT_EQ(read->rows[0].cells, (std::vector<std::string>{"姓名", "身份证号", kReasonHeader, kFieldHeader}));
  EXPECT_EQ(read->rows[1].cells, (std::vector<std::string>{"李四", "2", "INVALID_ARGUMENT: 校验位错误", "身份证号"}));
}

}  // namespace
}  // namespace skillbridge::cli
