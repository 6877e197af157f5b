// The exports' pure parts on hand-built responses: the table builders (headers the import reads,
// enum labels that parse back, dates, money, masked ID numbers left masked, the circular's rows,
// the indicator and chain tables, the talent profile), cell formatting, paging limits, --out and
// --encoding checks, filters a kind does not take, and the terminal dashboard (alignment by
// display width, colour only when asked).

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tools/cli/export/cell_format.h"
#include "tools/cli/export/certificate_table.h"
#include "tools/cli/export/dashboard_view.h"
#include "tools/cli/export/export_output.h"
#include "tools/cli/export/exporter.h"
#include "tools/cli/export/indicator_tables.h"
#include "tools/cli/export/paging.h"
#include "tools/cli/export/profile_table.h"
#include "tools/cli/export/training_tables.h"
#include "tools/cli/labels/enum_labels.h"
#include "tools/cli/table/cell_values.h"
#include "tools/cli/table/display_width.h"

namespace skillbridge::cli {
namespace {

namespace ev = ::skillbridge::evaluation::v1;
namespace tr = ::skillbridge::training::v1;
namespace agg = ::skillbridge::aggregator::v1;

using Row = std::vector<std::string>;

constexpr char kFullId[] = "370202199001011237";
constexpr char kMaskedId[] = "370202********1237";

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

::testing::AssertionResult HasError(const absl::Status& status, absl::StatusCode code, const std::string& fragment) {
  if (status.code() == code && std::string(status.message()).find(fragment) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected " << absl::StatusCodeToString(code) << " with \"" << fragment
                                       << "\", got " << status;
}

ev::Certificate RevokedCertificate(const std::string& id_number) {
  ev::Certificate c;
  c.set_number("S000237020253264000001");
  c.set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  c.set_basis(ev::CERTIFICATE_BASIS_ASSESSMENT);
  c.mutable_person()->set_id_number(id_number);
  c.mutable_person()->set_name("张三");
  c.set_occupation_code("6-18-02-04");
  c.set_occupation_name("焊工");
  c.set_level(common::v1::SKILL_LEVEL_3_SENIOR);
  c.mutable_issuer()->set_credit_code("91370200000000001X");
  c.mutable_issuer()->set_name("青岛测试评价机构");
  c.mutable_issuer()->set_district_code("370202");
  c.set_industry_chain_code("IC06");
  *c.mutable_issue_date() = Day(2026, 5, 2);
  c.set_status(ev::CERTIFICATE_STATUS_REVOKED);
  c.set_revoke_reason("材料不实");
  return c;
}

// ------------------------------------------------------------------------------ certificates

TEST(CertificateTableTest, LeadsWithTheColumnsTheImportReadsThenInformation) {
  const SheetRows rows = CertificateRows({RevokedCertificate(kFullId)});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0],
            (Row{"证书编号", "姓名", "身份证号", "证书类型", "评价方式", "职业编码", "等级", "发证机构统一社会信用代码",
                 "产业链", "发证日期", "职业名称", "发证机构名称", "区市代码", "状态", "撤销原因"}));
  EXPECT_EQ(rows[1], (Row{"S000237020253264000001", "张三", kFullId, "职业技能等级", "考核评价", "6-18-02-04",
                          "三级/高级工", "91370200000000001X", "IC06", "2026-05-02", "焊工", "青岛测试评价机构",
                          "370202", "已撤销", "材料不实"}));
}

TEST(CertificateTableTest, EveryCellReadsBackAsTheImportReadsIt) {
  const Row row = CertificateRows({RevokedCertificate(kFullId)})[1];
  EXPECT_EQ(*ParseEnumCell(*ev::CertificateType_descriptor(), row[3]), ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  EXPECT_EQ(*ParseEnumCell(*ev::CertificateBasis_descriptor(), row[4]), ev::CERTIFICATE_BASIS_ASSESSMENT);
  EXPECT_EQ(*ParseEnumCell(*common::v1::SkillLevel_descriptor(), row[6]), common::v1::SKILL_LEVEL_3_SENIOR);
  const absl::StatusOr<absl::CivilDay> day = ParseDateCell(row[9]);
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2026, 5, 2));
  // Every level, type and basis label parses back to its value.
  for (const google::protobuf::EnumDescriptor* type :
       {common::v1::SkillLevel_descriptor(), ev::CertificateType_descriptor(), ev::CertificateBasis_descriptor()}) {
    for (int i = 1; i < type->value_count(); ++i) {
      const int value = type->value(i)->number();
      const absl::StatusOr<int> parsed = ParseEnumCell(*type, EnumCellText(*type, value));
      ASSERT_TRUE(parsed.ok()) << type->value(i)->name() << ": " << parsed.status();
      EXPECT_EQ(*parsed, value) << type->value(i)->name();
    }
  }
}

TEST(CertificateTableTest, AMaskedIdNumberStaysMaskedAndUnsetValuesStayEmpty) {
  ev::Certificate c = RevokedCertificate(kMaskedId);
  c.clear_issue_date();
  c.set_level(common::v1::SKILL_LEVEL_UNSPECIFIED);
  const Row row = CertificateRows({c})[1];
  EXPECT_EQ(row[2], kMaskedId);
  EXPECT_EQ(row[6], "");
  EXPECT_EQ(row[9], "");
  EXPECT_EQ(CertificateRows({}).size(), 1u);
}

// ---------------------------------------------------------------------------------- training

TEST(TrainingTablesTest, EnrolmentsLeadWithWhatAnEnrolmentImportNeeds) {
  tr::Enrollment e;
  e.set_id("EN0000000001");
  e.set_course_id("CO0000000001");
  e.mutable_person()->set_id_number(kMaskedId);
  e.mutable_person()->set_name("李四");
  *e.mutable_enrolled_date() = Day(2026, 3, 1);
  e.set_institution_credit_code("91370200000000002X");
  e.set_district_code("370211");
  e.set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
  e.set_occupation_code("6-18-02-04");
  e.set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  e.set_industry_chain_code("IC06");
  e.set_course_year(2026);
  e.set_state(tr::ENROLLMENT_STATE_COMPLETED);
  *e.mutable_completed_date() = Day(2026, 5, 10);
  e.set_hours(120);
  const SheetRows rows = EnrollmentRows({e});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], EnrollmentHeader());
  EXPECT_EQ(Row(rows[0].begin(), rows[0].begin() + 5), (Row{"报名编号", "课程编号", "姓名", "身份证号", "报名日期"}));
  EXPECT_EQ(rows[1], (Row{"EN0000000001", "CO0000000001", "李四", kMaskedId, "2026-03-01", "91370200000000002X",
                          "370211", "岗位技能提升培训", "6-18-02-04", "四级/中级工", "IC06", "2026", "已结业",
                          "2026-05-10", "120", "", ""}));
}

TEST(TrainingTablesTest, ClaimsInYuanWithTheirStateAndDates) {
  tr::SubsidyClaim c;
  c.set_id("CL0000000001");
  c.set_enrollment_id("EN0000000001");
  c.set_course_id("CO0000000001");
  c.mutable_person()->set_id_number(kFullId);
  c.mutable_person()->set_name("李四");
  c.mutable_institution()->set_credit_code("91370200000000002X");
  c.mutable_institution()->set_name("青岛培训学校");
  c.mutable_institution()->set_district_code("370211");
  c.set_programme(tr::PROGRAMME_GOLDEN_BLUE_COLLAR);
  c.set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  c.set_certificate_number("S000237020253264000001");
  *c.mutable_certificate_issue_date() = Day(2026, 5, 20);
  c.set_amount_fen(150005);
  c.set_claim_year(2026);
  c.set_state(tr::CLAIM_STATE_PAID);
  *c.mutable_submit_date() = Day(2026, 6, 1);
  *c.mutable_paid_date() = Day(2026, 6, 30);
  c.set_payment_reference("PZ-0001");
  const SheetRows rows = SubsidyClaimRows({c});
  ASSERT_EQ(rows.size(), 2u);
  const Row& header = rows[0];
  const Row& row = rows[1];
  ASSERT_EQ(header.size(), row.size());
  const auto cell = [&](const std::string& name) {
    const auto at = std::find(header.begin(), header.end(), name);
    return at == header.end() ? std::string("<no column>") : row[at - header.begin()];
  };
  EXPECT_EQ(cell("申请编号"), "CL0000000001");
  EXPECT_EQ(cell("身份证号"), kFullId);
  EXPECT_EQ(cell("培训项目类型"), "金蓝领");
  EXPECT_EQ(cell("等级"), "二级/技师");
  EXPECT_EQ(cell("补贴金额(元)"), "1500.05");
  EXPECT_EQ(cell("状态"), "已拨付");
  EXPECT_EQ(cell("发证日期"), "2026-05-20");
  EXPECT_EQ(cell("审核日期"), "");
  EXPECT_EQ(cell("拨付日期"), "2026-06-30");
  EXPECT_EQ(cell("拨付凭证号"), "PZ-0001");
}

// ------------------------------------------------------------------------------- aggregator

agg::GetDistrictRankingResponse Ranking() {
  agg::GetDistrictRankingResponse ranking;
  ranking.mutable_indicator()->set_id("new_high_skilled_persons");
  ranking.mutable_indicator()->set_name_zh("新增高技能人才");
  ranking.set_year(2026);
  agg::DistrictRankingRow* first = ranking.add_rows();
  first->set_rank(1);
  first->set_district_code("370202");
  first->set_district_name("市南区");
  first->set_value(1500);
  first->set_target(2000);
  first->set_share_of_target(0.75);
  first->set_on_track(true);
  agg::DistrictRankingRow* second = ranking.add_rows();
  second->set_rank(2);
  second->set_district_code("370211");
  second->set_district_name("黄岛区");
  second->set_value(12.5);
  ranking.set_city_value(1600);
  return ranking;
}

TEST(IndicatorTablesTest, TheCircularIsTheAggregatorsOwnLayout) {
  const SheetRows rows = CircularRows(Ranking());
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (Row{"调度通报", "新增高技能人才", "2026年"}));
  EXPECT_EQ(rows[1], (Row{"排名", "区市代码", "区市", "完成值", "目标", "完成率(%)", "进度"}));
  EXPECT_EQ(rows[2], (Row{"1", "370202", "市南区", "1500", "2000", "75", "达到进度"}));
  EXPECT_EQ(rows[3], (Row{"2", "370211", "黄岛区", "12.50", "", "", ""}));
  EXPECT_EQ(rows[4], (Row{"", "", "全市", "1600", "", "", ""}));
}

agg::GetDashboardResponse Dashboard() {
  agg::GetDashboardResponse d;
  d.set_year(2026);
  d.set_elapsed_share_of_year(0.5);
  d.mutable_as_of()->set_seconds(1781488800);  // 2026-06-15 10:00 +08:00
  agg::MeasureGroup* one = d.add_measures();
  one->mutable_measure()->set_number(1);
  one->mutable_measure()->set_name_zh("塑造高技能人才培养新引擎");
  agg::Indicator* behind = one->add_indicators();
  behind->set_id("new_high_skilled_persons");
  behind->set_name_zh("新增高技能人才");
  behind->set_unit(agg::UNIT_PERSONS);
  behind->set_source_connected(true);
  agg::IndicatorValue* v = one->add_values();
  v->set_indicator_id("new_high_skilled_persons");
  v->set_source_connected(true);
  v->set_value(2);
  v->set_target(20000);
  v->set_share_of_target(0.0001);
  v->set_on_track(false);
  agg::Indicator* share = one->add_indicators();
  share->set_id("skilled_share");
  share->set_name_zh("技能人才占产业工人比例");
  share->set_unit(agg::UNIT_PERCENT);
  agg::IndicatorValue* unconnected = one->add_values();
  unconnected->set_indicator_id("skilled_share");
  unconnected->set_target(55);
  agg::MeasureGroup* two = d.add_measures();
  two->mutable_measure()->set_number(2);
  two->mutable_measure()->set_name_zh("打造职业技能提升新高地");
  agg::Indicator* ahead = two->add_indicators();
  ahead->set_id("subsidized_training_person_times");
  ahead->set_name_zh("补贴性职业技能培训");
  ahead->set_unit(agg::UNIT_PERSON_TIMES);
  ahead->set_source_connected(true);
  agg::IndicatorValue* w = two->add_values();
  w->set_indicator_id("subsidized_training_person_times");
  w->set_source_connected(true);
  w->set_value(60000);
  w->set_target(100000);
  w->set_share_of_target(0.6);
  w->set_on_track(true);
  agg::SourceStatus* training = d.add_sources();
  training->set_source("incentive");
  training->set_connected(false);
  return d;
}

TEST(IndicatorTablesTest, OneRowPerIndicatorWithTheServicesVerdict) {
  agg::GetDashboardResponse district = Dashboard();
  district.set_district_code("370202");
  district.set_district_name("市南区");
  const SheetRows rows = IndicatorRows({Dashboard(), district});
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0], IndicatorHeader());
  EXPECT_EQ(rows[1],
            (Row{"2026", "", "全市", "1", "塑造高技能人才培养新引擎", "new_high_skilled_persons", "新增高技能人才",
                 EnumCellText(*agg::Unit_descriptor(), agg::UNIT_PERSONS), "2", "20000", "0.01", "落后进度", ""}));
  // Not connected: no value, no verdict, said so; the target is still shown.
  EXPECT_EQ(rows[2][8], "");
  EXPECT_EQ(rows[2][9], "55");
  EXPECT_EQ(rows[2][11], "");
  EXPECT_EQ(rows[2][12], "数据源未接入");
  EXPECT_EQ(rows[3][3], "2");
  EXPECT_EQ(rows[3][10], "60");
  EXPECT_EQ(rows[3][11], "达到进度");
  EXPECT_EQ(Row(rows[4].begin(), rows[4].begin() + 3), (Row{"2026", "370202", "市南区"}));
}

TEST(IndicatorTablesTest, ChainFiguresOfUnconnectedSourcesAreEmptyNotZero) {
  agg::GetIndustryChainViewResponse view;
  view.set_year(2026);
  view.add_sources_not_connected("training");
  agg::IndustryChainRow* row = view.add_rows();
  row->set_industry_chain_code("IC06");
  row->set_industry_chain_name("高端装备");
  row->set_key_chain(true);
  row->set_certificates(7);
  row->set_certified_persons(6);
  row->set_new_high_skilled_persons(0);
  row->set_workforce(1000);
  row->set_certificates_per_thousand_workforce(7);
  const SheetRows rows = ChainRows(view);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], ChainHeader());
  EXPECT_EQ(rows[1], (Row{"IC06", "高端装备", "是", "7", "6", "0", "", "", "", "", "", "1000", "7", "", "", ""}));
}

TEST(ProfileTableTest, TheVerificationViewIsWrittenAsTheServiceMaskedIt) {
  agg::GetTalentProfileResponse p;
  p.set_masked(true);
  p.mutable_person()->set_id_number(kMaskedId);
  p.mutable_person()->set_gender(common::v1::GENDER_MALE);
  p.set_highest_level(common::v1::SKILL_LEVEL_3_SENIOR);
  p.set_high_skilled(true);
  agg::ProfileCertificate* c = p.add_certificates();
  c->set_number("S00023****");
  c->set_type("职业技能等级");
  c->set_level(common::v1::SKILL_LEVEL_3_SENIOR);
  *c->mutable_issue_date() = Day(2026, 5, 20);
  c->set_status("VALID");
  agg::ProfileCompetitionEntry* e = p.add_competition_entries();
  e->set_entry_id("EN000000000001");
  e->set_level("NATIONAL");
  e->set_award("GOLD");
  e->set_promotion_status("ISSUED");
  p.add_missing_sources("education");
  agg::SourceAnswer* answer = p.add_answers();
  answer->set_source("evaluation");
  answer->set_code("OK");
  const SheetRows rows = ProfileRows(p);
  const auto value_of = [&](const std::string& key) {
    for (const Row& row : rows) {
      if (row.size() >= 2 && row[0] == key) return row[1];
    }
    return std::string("<no row>");
  };
  EXPECT_EQ(rows[0], (Row{"项目", "内容"}));
  EXPECT_EQ(value_of("身份证号"), kMaskedId);
  EXPECT_EQ(value_of("姓名"), "");
  EXPECT_EQ(value_of("性别"), "男");
  EXPECT_EQ(value_of("最高等级"), "三级/高级工");
  EXPECT_EQ(value_of("高技能人才"), "是");
  EXPECT_EQ(value_of("视图"), "核验视图（已遮蔽）");
  EXPECT_EQ(value_of("未应答的数据源"), "education");
  const auto section = [&](const std::string& title) {
    for (size_t i = 0; i + 2 < rows.size(); ++i) {
      if (rows[i] == Row{title}) return std::vector<Row>(rows.begin() + i + 1, rows.begin() + i + 3);
    }
    return std::vector<Row>();
  };
  const std::vector<Row> certificates = section("【证书】");
  ASSERT_EQ(certificates.size(), 2u);
  EXPECT_EQ(certificates[1], (Row{"S00023****", "职业技能等级", "", "三级/高级工", "2026-05-20", "有效", "", ""}));
  const std::vector<Row> entries = section("【技能竞赛】");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1][6], "国家级");
  EXPECT_EQ(entries[1][9], "金奖/一等奖");
  EXPECT_EQ(entries[1][11], "已晋升");
  EXPECT_EQ(section("【培训】")[1], Row{"（无）"});
  // Nothing in the sheet is the full number.
  for (const Row& row : rows) {
    for (const std::string& cell : row) EXPECT_EQ(cell.find(kFullId), std::string::npos) << cell;
  }
}

// ----------------------------------------------------------------------------------- cells

TEST(CellFormatTest, NumbersMoneyPercentagesAndDates) {
  EXPECT_EQ(NumberCell(20000), "20000");
  EXPECT_EQ(NumberCell(1.005), "1.00");
  EXPECT_EQ(NumberCell(-3.5), "-3.50");
  EXPECT_EQ(PercentCell(0.45678), "45.68");
  EXPECT_EQ(PercentCell(1), "100");
  EXPECT_EQ(YuanCell(123450), "1234.50");
  EXPECT_EQ(YuanCell(7), "0.07");
  EXPECT_EQ(YuanCell(-5), "-0.05");
  EXPECT_EQ(YuanCell(0), "0.00");
  EXPECT_EQ(DateCell(Day(2026, 1, 9)), "2026-01-09");
  EXPECT_EQ(DateCell(common::v1::Date()), "");
  google::protobuf::Timestamp late_evening_utc;
  late_evening_utc.set_seconds(1781539200);  // 2026-06-15 16:00 UTC = 2026-06-16 00:00 +08:00
  EXPECT_EQ(TimestampDayCell(late_evening_utc), "2026-06-16");
  EXPECT_EQ(TimestampDayCell(google::protobuf::Timestamp()), "");
  EXPECT_EQ(OnTrackCell(std::nullopt), "");
  EXPECT_EQ(ShortEnumNameCell("AWARD_", "SILVER"), "银奖/二等奖");
  EXPECT_EQ(ShortEnumNameCell("AWARD_", "PLATINUM"), "PLATINUM");
  EXPECT_EQ(ShortEnumNameCell("AWARD_", ""), "");
}

// ---------------------------------------------------------------------------------- paging

TEST(PagingTest, ReadsUntilTheLastPage) {
  std::vector<int> items;
  std::vector<std::string> tokens_asked;
  const absl::Status status = FetchAllPages(
      [&](const std::string& token) -> absl::StatusOr<std::string> {
        tokens_asked.push_back(token);
        items.push_back(static_cast<int>(items.size()));
        items.push_back(static_cast<int>(items.size()));
        return tokens_asked.size() < 3 ? "p" + std::to_string(tokens_asked.size()) : "";
      },
      [&] { return items.size(); });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(tokens_asked, (std::vector<std::string>{"", "p1", "p2"}));
  EXPECT_EQ(items.size(), 6u);
}

TEST(PagingTest, StopsAtTheCapAtARepeatedTokenAndAtTheFirstError) {
  size_t count = 0;
  const absl::Status capped = FetchAllPages(
      [&](const std::string& token) -> absl::StatusOr<std::string> {
        count += 4;
        return "next" + std::to_string(count);
      },
      [&] { return count; }, /*max_rows=*/10);
  EXPECT_TRUE(HasError(capped, absl::StatusCode::kResourceExhausted, "more than 10 rows"));
  EXPECT_EQ(count, 12u);
  const absl::Status looping =
      FetchAllPages([](const std::string&) -> absl::StatusOr<std::string> { return "same"; }, [] { return size_t{0}; });
  EXPECT_TRUE(HasError(looping, absl::StatusCode::kInternal, "same page token"));
  int calls = 0;
  const absl::Status failed = FetchAllPages(
      [&](const std::string&) -> absl::StatusOr<std::string> {
        ++calls;
        return absl::UnavailableError("down");
      },
      [] { return size_t{0}; });
  EXPECT_TRUE(HasError(failed, absl::StatusCode::kUnavailable, "down"));
  EXPECT_EQ(calls, 1);
}

// ---------------------------------------------------------------------- output and filters

TEST(ExportOutputTest, OutAndEncodingAreCheckedFirst) {
  EXPECT_TRUE(HasError(ParseExportOutput("", "").status(), absl::StatusCode::kInvalidArgument, "--out"));
  EXPECT_TRUE(HasError(ParseExportOutput("x.xls", "").status(), absl::StatusCode::kInvalidArgument, "--out"));
  EXPECT_TRUE(HasError(ParseExportOutput("x.csv", "big5").status(), absl::StatusCode::kInvalidArgument, "--encoding"));
  const absl::StatusOr<ExportOutput> gbk = ParseExportOutput("x.CSV", "GBK");
  ASSERT_TRUE(gbk.ok()) << gbk.status();
  EXPECT_EQ(gbk->encoding, TextEncoding::kGb18030);
  EXPECT_FALSE(gbk->xlsx);
  EXPECT_EQ(gbk->note, "");
  const absl::StatusOr<ExportOutput> xlsx = ParseExportOutput("x.xlsx", "gbk");
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_TRUE(xlsx->xlsx);
  EXPECT_NE(xlsx->note.find("--encoding"), std::string::npos);
  const absl::StatusOr<ExportOutput> out = ParseExportOutput("-", "");
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->to_stdout);
}

TEST(ExportOutputTest, StdoutIsCsvWithoutAByteOrderMark) {
  ExportOutput output = *ParseExportOutput("-", "");
  ExportSheet sheet{{{"证书编号", "姓名"}, {"S1", "张,三"}}, 1, "证书"};
  std::ostringstream utf8;
  ASSERT_TRUE(WriteExport(output, sheet, utf8).ok());
  EXPECT_EQ(utf8.str(), "证书编号,姓名\r\nS1,\"张,三\"\r\n");
  output.encoding = TextEncoding::kGb18030;
  std::ostringstream gbk;
  ASSERT_TRUE(WriteExport(output, sheet, gbk).ok());
  EXPECT_EQ(gbk.str(), *EncodeText("证书编号,姓名\r\nS1,\"张,三\"\r\n", TextEncoding::kGb18030, false));
}

TEST(ExporterTest, AFilterTheKindDoesNotTakeIsRefusedBeforeConnecting) {
  bool connected = false;
  const Connector connect = [&](std::string_view) -> absl::StatusOr<Connection> {
    connected = true;
    return absl::UnavailableError("no connection in this test");
  };
  ExportFilters filters;
  filters.indicator = "new_high_skilled_persons";
  EXPECT_TRUE(HasError(RunExportKind("certificates", filters, connect).status(), absl::StatusCode::kInvalidArgument,
                       "--indicator does not apply to export certificates"));
  filters = {};
  filters.type = "职业技能等级";
  EXPECT_TRUE(
      HasError(RunExportKind("claims", filters, connect).status(), absl::StatusCode::kInvalidArgument, "--type"));
  EXPECT_TRUE(HasError(RunExportKind("payroll", {}, connect).status(), absl::StatusCode::kInvalidArgument,
                       "certificates, enrolments, claims, circular, indicators, chains, profile"));
  EXPECT_FALSE(connected);
  // A filter the kind takes gets through to the connection.
  filters = {};
  filters.level = "三级";
  EXPECT_TRUE(HasError(RunExportKind("certificates", filters, connect).status(), absl::StatusCode::kUnavailable,
                       "no connection"));
  EXPECT_TRUE(connected);
}

TEST(ExporterTest, TheListNamesEveryKindInBothLanguages) {
  const std::string list = ExportKindList();
  for (const ExportKind& kind : ExportKinds()) {
    EXPECT_NE(list.find(kind.name), std::string::npos) << kind.name;
    EXPECT_NE(list.find(kind.zh), std::string::npos) << kind.zh;
  }
  EXPECT_NE(list.find("调度通报"), std::string::npos);
  EXPECT_NE(list.find("--indicator"), std::string::npos);
}

// ------------------------------------------------------------------------------- dashboard

TEST(DisplayWidthTest, ChineseIsTwoColumnsWide) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("指标"), 4u);
  EXPECT_EQ(DisplayWidth("达标 on track"), 13u);
  EXPECT_EQ(DisplayWidth("（截至，）"), 10u);
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute
  EXPECT_EQ(DisplayWidth("\xFF"), 1u);       // not UTF-8
  EXPECT_EQ(PadRight("指标", 6), "指标  ");
  EXPECT_EQ(PadLeft("12", 5), "   12");
  EXPECT_EQ(PadLeft("123456", 3), "123456");
}

// The display column at which `needle` starts in `line`, or -1.
int ColumnOf(const std::string& line, const std::string& needle) {
  const size_t at = line.find(needle);
  return at == std::string::npos ? -1 : static_cast<int>(DisplayWidth(line.substr(0, at)));
}

TEST(DashboardViewTest, ColumnsLineUpAndTheVerdictIsTheServices) {
  const std::string text = RenderDashboard(Dashboard(), /*color=*/false);
  EXPECT_EQ(text.find("\x1b"), std::string::npos) << text;
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  ASSERT_GE(lines.size(), 6u) << text;
  EXPECT_NE(lines[0].find("2026年 全市"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("2026-06-15"), std::string::npos) << lines[0];
  const std::string& header = lines[2];
  const std::string& behind = lines[3];
  const std::string& unconnected = lines[4];
  const std::string& ahead = lines[5];
  EXPECT_NE(behind.find("1 塑造高技能人才培养新引擎"), std::string::npos) << behind;
  EXPECT_EQ(unconnected.find("塑造"), std::string::npos) << "the measure only on its first line";
  EXPECT_NE(ahead.find("2 打造职业技能提升新高地"), std::string::npos) << ahead;
  // The indicator column starts at the same display column on every line, and so does the verdict.
  const int indicator_column = ColumnOf(header, "指标 indicator");
  EXPECT_EQ(ColumnOf(behind, "新增高技能人才"), indicator_column);
  EXPECT_EQ(ColumnOf(unconnected, "技能人才占产业工人比例"), indicator_column);
  EXPECT_EQ(ColumnOf(ahead, "补贴性职业技能培训"), indicator_column);
  const int verdict_column = ColumnOf(header, "进度 status");
  EXPECT_EQ(ColumnOf(behind, "落后 behind"), verdict_column);
  EXPECT_EQ(ColumnOf(unconnected, "未接入 not connected"), verdict_column);
  EXPECT_EQ(ColumnOf(ahead, "达标 on track"), verdict_column);
  // Numbers are right-aligned: they end where the header's share column ends.
  EXPECT_NE(behind.find("20000"), std::string::npos);
  EXPECT_NE(ahead.find("60%"), std::string::npos);
  EXPECT_NE(unconnected.find("55%"), std::string::npos) << "a target without a value is still shown";
  EXPECT_NE(text.find("incentive (未接入 not connected)"), std::string::npos) << text;
}

TEST(DashboardViewTest, ColourOnlyWhenAskedGreenOnTrackRedBehind) {
  const std::string text = RenderDashboard(Dashboard(), /*color=*/true);
  EXPECT_NE(text.find("\x1b[32m达标 on track\x1b[0m"), std::string::npos) << text;
  EXPECT_NE(text.find("\x1b[31m落后 behind\x1b[0m"), std::string::npos) << text;
  EXPECT_EQ(text.find("\x1b[32m未接入"), std::string::npos);
  EXPECT_TRUE(ShouldColor(true, nullptr));
  EXPECT_TRUE(ShouldColor(true, ""));
  EXPECT_FALSE(ShouldColor(true, "1"));
  EXPECT_FALSE(ShouldColor(false, nullptr));
}

}  // namespace
}  // namespace skillbridge::cli
