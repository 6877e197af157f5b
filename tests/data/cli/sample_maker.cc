// Writes the sample spreadsheets of tests/data/cli/ (README.md there lists them, their records and
// the rows that must be refused), and the large certificates file of the import benchmark:
//
//   cli_sample_maker <out-dir>                 every sample file into <out-dir>
//   cli_sample_maker --large <out.csv> <rows>  <rows> valid certificates, distinct persons
//
// Deterministic: the same bytes on every run and machine (no clock, no randomness; workbooks carry
// a fixed creation time). Files meant to be GBK are written as "<name>.utf8.csv" (UTF-8, no BOM):
// make-samples.sh converts them with iconv, as a system exporting GBK would have them. Run it
// through tests/data/cli/make-samples.sh, which tests/cli/sample_files_test.cc checks against the
// checked-in files. Exit status 0, or 1 with a message on stderr.

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/util/concat.h"
#include "tests/support/test_ids.h"
#include "tools/cli/table/sheet_file.h"

namespace skillbridge::cli {
namespace {

using testing::CitizenId;
using testing::CreditCode;
using testing::PersonId;
using Rows = std::vector<std::vector<std::string>>;

// ---- Reference values (reference/occupations.tsv, districts.tsv, industry_chains.tsv) -----------

struct Occupation {
  const char* code;
  const char* name;
};
constexpr Occupation kWelder = {"6-18-02-04", "焊工"};
constexpr Occupation kElectrician = {"6-31-01-03", "电工"};
constexpr Occupation kTurner = {"6-18-01-01", "车工"};
constexpr Occupation kElderlyCarer = {"4-10-01-05", "养老护理员"};
constexpr Occupation kChineseCook = {"4-03-02-01", "中式烹调师"};
constexpr Occupation kHealthManager = {"4-14-02-02", "健康管理师"};  // offers 三级 to 一级 only
constexpr Occupation kCarMechanic = {"4-12-01-01", "汽车维修工"};
constexpr Occupation kRobotMaintainer = {"6-31-01-10", "工业机器人系统运维员"};

// Districts of Qingdao other than 市南区 (370202): PersonId() numbers (the large file) are all
// 370202, so sample persons never share a number with them.
constexpr const char* kPersonAreas[] = {"370203", "370211", "370212", "370213", "370214",
                                        "370215", "370281", "370283", "370285"};
constexpr const char* kDistricts[] = {"370202", "370203", "370211", "370212", "370213",
                                      "370214", "370215", "370281", "370283", "370285"};

constexpr const char* kSurnames[] = {"张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "马", "朱", "胡", "郭", "林", "何", "高", "罗"};
constexpr const char* kGivenNames[] = {"伟", "芳", "娜", "秀英", "敏", "静", "强", "磊",   "洋", "艳",
                                       "勇", "军", "杰", "娟",   "涛", "明", "超", "秀兰", "霞", "平"};

// A name for person `i` of a file; `salt` varies it between files. Distinct for i in 0..19.
std::string PersonName(int i, int salt) {
  return Concat(kSurnames[(i * 7 + salt) % 20], kGivenNames[(i * 3 + salt * 5 + i / 20) % 20]);
}

// A valid citizen ID number outside 370202: person `i` of the series `series` (a file's persons),
// born between 1975 and 2002 (or in 2008/2009 for students).
std::string SampleId(int i, int series, bool student = false) {
  const int year = student ? 2008 + i % 2 : 1975 + (i * 3 + series) % 28;
  char birth[16];
  std::snprintf(birth, sizeof(birth), "%04d%02d%02d", year, 1 + (i * 5 + series) % 12, 1 + (i * 11 + series) % 28);
  return CitizenId(kPersonAreas[(i + series) % 9], birth, series * 100 + i);
}

// ---- Dates --------------------------------------------------------------------------------------

std::string Iso(const absl::CivilDay& day) {
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d", static_cast<int>(day.year()), day.month(), day.day());
  return text;
}
std::string Slashed(const absl::CivilDay& day) { return Concat(day.year(), "/", day.month(), "/", day.day()); }
std::string Dotted(const absl::CivilDay& day) { return Concat(day.year(), ".", day.month(), ".", day.day()); }
std::string Chinese(const absl::CivilDay& day) { return Concat(day.year(), "年", day.month(), "月", day.day(), "日"); }
// Excel's serial number (1900 date system; correct for dates after 1900-02-28).
double ExcelSerial(const absl::CivilDay& day) { return static_cast<double>(day - absl::CivilDay(1899, 12, 30)); }

// ---- Levels -------------------------------------------------------------------------------------

// The Chinese label of level digit 5 (五级/初级工) to 1 (一级/高级技师).
std::string LevelLabel(int digit) {
  static constexpr const char* kLabels[] = {"",           "一级/高级技师", "二级/技师", "三级/高级工", "四级/中级工",
                                            "五级/初级工"};
  return kLabels[digit];
}
std::string LevelHalf(int digit, bool second) {
  const std::string label = LevelLabel(digit);
  const size_t slash = label.find('/');
  return second ? label.substr(slash + 1) : label.substr(0, slash);
}

// ---- The 20 certificates ------------------------------------------------------------------------

struct Certificate {
  std::string name;
  std::string id_number;
  bool recognition = false;  // 认定 (else 考核评价)
  Occupation occupation;
  int level = 0;  // digit 5..1
  absl::CivilDay issue_date;
};

struct Award {
  Occupation occupation;
  int level;
};
// The occupations and levels of the samples (the issuer's filed scope must cover them: README.md).
constexpr Award kAwards[] = {{kWelder, 3},      {kElectrician, 4},   {kTurner, 2},      {kElderlyCarer, 5},
                             {kChineseCook, 4}, {kHealthManager, 3}, {kCarMechanic, 4}, {kRobotMaintainer, 3},
                             {kWelder, 4},      {kElectrician, 3},   {kTurner, 4},      {kElderlyCarer, 4},
                             {kChineseCook, 5}, {kHealthManager, 2}, {kCarMechanic, 3}, {kRobotMaintainer, 4},
                             {kWelder, 2},      {kElectrician, 5},   {kTurner, 3},      {kElderlyCarer, 3}};

Certificate MakeCertificate(int i, int series) {
  Certificate cert;
  cert.name = PersonName(i, series);
  cert.id_number = SampleId(i, series);
  cert.recognition = i % 5 == 4;
  const Award& award = kAwards[i % 20];
  cert.occupation = award.occupation;
  cert.level = award.level;
  cert.issue_date = absl::CivilDay(2024, 1 + (i * 5) % 12, 1 + (i * 7 + series) % 28);
  return cert;
}

std::vector<Certificate> Certificates() {
  std::vector<Certificate> certs;
  for (int i = 0; i < 20; ++i) certs.push_back(MakeCertificate(i, 1));
  return certs;
}

const std::string& Issuer() {
  static const std::string* code = new std::string(CreditCode(1));
  return *code;
}

const std::vector<std::string> kChineseCertificateHeader = {
    "姓名", "身份证号", "证书类型", "评价方式", "职业编码", "等级", "发证机构统一社会信用代码", "发证日期"};

std::string Basis(const Certificate& cert) { return cert.recognition ? "认定" : "考核评价"; }

// ---- Writers ------------------------------------------------------------------------------------

bool Check(const absl::Status& status) {
  if (!status.ok()) std::fprintf(stderr, "cli_sample_maker: %s\n", std::string(status.message()).c_str());
  return status.ok();
}

bool WriteCsv(const std::string& path, const Rows& rows, bool bom) {
  SheetWriteOptions options;
  options.bom = bom;
  return Check(WriteSheetFile(path, rows, options));
}

bool WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) std::fprintf(stderr, "cli_sample_maker: cannot write %s\n", path.c_str());
  return static_cast<bool>(out);
}

// A workbook as Excel saves one: the header bold and frozen, text cells as shared strings, and the
// columns in `date_columns` as numbers (Excel serials) shown as dates. Fixed creation time, so the
// bytes do not change between runs.
bool WriteWorkbook(const std::string& path, const Rows& rows, const std::vector<size_t>& date_columns) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) {
    std::fprintf(stderr, "cli_sample_maker: cannot start %s\n", path.c_str());
    return false;
  }
  lxw_doc_properties properties = {};
  properties.author = const_cast<char*>("青岛市人力资源和社会保障局");
  properties.created = 1735603200;  // 2024-12-31T00:00:00Z
  workbook_set_properties(workbook, &properties);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Sheet1");
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy-mm-dd");
  worksheet_freeze_panes(sheet, 1, 0);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& cell = rows[r][c];
      if (cell.empty()) continue;
      const auto row = static_cast<lxw_row_t>(r);
      const auto column = static_cast<lxw_col_t>(c);
      const bool is_date = r > 0 && std::find(date_columns.begin(), date_columns.end(), c) != date_columns.end();
      const lxw_error error = is_date
                                  ? worksheet_write_number(sheet, row, column, std::strtod(cell.c_str(), nullptr), date)
                                  : worksheet_write_string(sheet, row, column, cell.c_str(), r == 0 ? bold : nullptr);
      if (error != LXW_NO_ERROR) {
        std::fprintf(stderr, "cli_sample_maker: %s row %zu: %s\n", path.c_str(), r + 1, lxw_strerror(error));
        workbook_close(workbook);
        return false;
      }
    }
  }
  worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(rows.empty() ? 0 : rows[0].size() - 1), 16, nullptr);
  if (const lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR) {
    std::fprintf(stderr, "cli_sample_maker: cannot write %s: %s\n", path.c_str(), lxw_strerror(error));
    return false;
  }
  return true;
}

// ---- Certificates in four forms -----------------------------------------------------------------

bool WriteCertificateSamples(const std::string& dir) {
  const std::vector<Certificate> certs = Certificates();

  // UTF-8 without BOM, English headers, enum value names and level digits, ISO dates.
  Rows english = {
      {"name", "id_number", "type", "basis", "occupation_code", "level", "issuer_credit_code", "issue_date"}};
  // UTF-8 with BOM, Chinese headers and labels, dates 2024/3/5.
  Rows chinese = {kChineseCertificateHeader};
  // GBK: Chinese headers, either half of the level labels, dates in every written form.
  Rows gbk = {kChineseCertificateHeader};
  // .xlsx: Chinese headers, dates as Excel serial numbers, levels as 三级/高级工 or 3级.
  Rows workbook = {kChineseCertificateHeader};
  for (size_t i = 0; i < certs.size(); ++i) {
    const Certificate& c = certs[i];
    english.push_back({c.name, c.id_number, "CERTIFICATE_TYPE_SKILL_LEVEL",
                       c.recognition ? "CERTIFICATE_BASIS_RECOGNITION" : "CERTIFICATE_BASIS_ASSESSMENT",
                       c.occupation.code, std::to_string(c.level), Issuer(), Iso(c.issue_date)});
    chinese.push_back({c.name, c.id_number, "职业技能等级", Basis(c), c.occupation.code, LevelLabel(c.level), Issuer(),
                       Slashed(c.issue_date)});
    const std::string written_dates[] = {Iso(c.issue_date), Slashed(c.issue_date), Dotted(c.issue_date),
                                         Chinese(c.issue_date)};
    gbk.push_back({c.name, c.id_number, "职业技能等级", Basis(c), c.occupation.code, LevelHalf(c.level, i % 2 == 1),
                   Issuer(), written_dates[i % 4]});
    char serial[16];
    std::snprintf(serial, sizeof(serial), "%.0f", ExcelSerial(c.issue_date));
    workbook.push_back({c.name, c.id_number, "职业技能等级", Basis(c), c.occupation.code,
                        i % 3 == 2 ? Concat(c.level, "级") : LevelLabel(c.level), Issuer(), serial});
  }
  return WriteCsv(dir + "/certificates-utf8.csv", english, /*bom=*/false) &&
         WriteCsv(dir + "/certificates-utf8-bom.csv", chinese, /*bom=*/true) &&
         WriteCsv(dir + "/certificates-gbk.utf8.csv", gbk, /*bom=*/false) &&
         WriteWorkbook(dir + "/certificates.xlsx", workbook, {7});
}

// 10 good rows (other persons than the 20) with 7 bad ones between them; README.md lists the lines.
bool WriteCertificatesWithErrors(const std::string& dir) {
  Rows rows = {kChineseCertificateHeader};
  const auto row_of = [](const Certificate& c) {
    return std::vector<std::string>{c.name,   c.id_number,       "职业技能等级",
                                    Basis(c), c.occupation.code, LevelLabel(c.level),
                                    Issuer(), Iso(c.issue_date)};
  };
  std::vector<std::vector<std::string>> bad;
  {  // line 3: the check character of the ID number is wrong
    Certificate c = MakeCertificate(10, 2);
    c.id_number.back() = c.id_number.back() == '1' ? '2' : '1';
    bad.push_back(row_of(c));
  }
  {  // line 5: the ID number in scientific notation (Excel turned it into a number)
    std::vector<std::string> row = row_of(MakeCertificate(11, 2));
    row[1] = "3.70203E+17";
    bad.push_back(row);
  }
  {  // line 7: an occupation code that is not in the catalogue
    std::vector<std::string> row = row_of(MakeCertificate(12, 2));
    row[4] = "6-99-99-99";
    bad.push_back(row);
  }
  {  // line 9: a level the occupation does not offer (健康管理师 has 三级 to 一级 only)
    Certificate c = MakeCertificate(13, 2);
    c.occupation = kHealthManager;
    c.level = 5;
    bad.push_back(row_of(c));
  }
  {  // line 11: a day that does not exist
    std::vector<std::string> row = row_of(MakeCertificate(14, 2));
    row[7] = "2023-02-30";
    bad.push_back(row);
  }
  {  // line 13: an issue date in the future
    std::vector<std::string> row = row_of(MakeCertificate(15, 2));
    row[7] = "2099-01-01";
    bad.push_back(row);
  }
  {  // line 15: no name
    std::vector<std::string> row = row_of(MakeCertificate(16, 2));
    row[0] = "";
    bad.push_back(row);
  }
  for (int i = 0; i < 10; ++i) {
    rows.push_back(row_of(MakeCertificate(i, 2)));
    if (static_cast<size_t>(i) < bad.size()) rows.push_back(bad[static_cast<size_t>(i)]);
  }
  return WriteCsv(dir + "/certificates-with-errors.csv", rows, /*bom=*/true);
}

// ---- Files that must be refused -----------------------------------------------------------------

bool WriteMalformedSamples(const std::string& dir) {
  const std::vector<Certificate> certs = Certificates();
  const auto line = [](const Certificate& c) {
    return FormatCsvRow({c.name, c.id_number, "职业技能等级", Basis(c), c.occupation.code, LevelLabel(c.level),
                         Issuer(), Iso(c.issue_date)});
  };
  const std::string bom = "\xEF\xBB\xBF";
  const std::string header = FormatCsvRow(kChineseCertificateHeader);

  // A Latin-1 export: ASCII until line 3, whose "José" has the byte E9 before a space (neither UTF-8
  // nor GB18030), then FF (never a byte of either).
  std::string latin1 = "name,id_number,occupation_code,level,issue_date\r\n";
  latin1 += Concat("Wang Fang,", certs[0].id_number, ",6-18-02-04,3,2024-03-05\r\n");
  latin1 += Concat(
      "Jos\xE9 Garc\xED"
      "a \xFF,",
      certs[1].id_number, ",6-31-01-03,4,2024-03-06\r\n");
  latin1 += Concat("Li Na,", certs[2].id_number, ",6-18-01-01,2,2024-03-07\r\n");

  // No 身份证号 column.
  std::string missing =
      bom + FormatCsvRow({"姓名", "证书类型", "评价方式", "职业编码", "等级", "发证机构统一社会信用代码", "发证日期"});
  for (int i = 0; i < 3; ++i) {
    const Certificate& c = certs[static_cast<size_t>(i)];
    missing += FormatCsvRow(
        {c.name, "职业技能等级", Basis(c), c.occupation.code, LevelLabel(c.level), Issuer(), Iso(c.issue_date)});
  }

  // Line 4 opens a quote that is never closed.
  std::string quoting = bom + header + line(certs[0]) + line(certs[1]);
  quoting += Concat("\"", certs[2].name, ",", certs[2].id_number, ",职业技能等级,考核评价,", certs[2].occupation.code,
                    ",", LevelLabel(certs[2].level), ",", Issuer(), ",", Iso(certs[2].issue_date), "\r\n");
  quoting += line(certs[3]) + line(certs[4]);

  // An Excel 97-2003 compound file (OLE2 signature) under an .xlsx name.
  std::string ole2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  for (int i = 0; ole2.size() < 1536; ++i) ole2.push_back(static_cast<char>((i * 37 + 11) % 251));

  return WriteBytes(dir + "/malformed-wrong-encoding.csv", latin1) &&
         WriteBytes(dir + "/malformed-missing-columns.csv", missing) &&
         WriteBytes(dir + "/malformed-broken-quoting.csv", quoting) &&
         WriteBytes(dir + "/malformed-old-excel.xlsx", ole2) && WriteBytes(dir + "/header-only.csv", bom + header) &&
         WriteBytes(dir + "/empty.csv", "");
}

// ---- Other kinds --------------------------------------------------------------------------------

struct Enterprise {
  std::string credit_code;
  std::string name;
  std::string district;
  std::string chain;
  bool above_size;
  bool self_evaluation;
  int employees;
};

std::vector<Enterprise> Enterprises() {
  static constexpr const char* kPlaces[] = {"海湾", "港城", "崂山", "胶州湾", "黄海",
                                            "琴岛", "即墨", "城阳", "李村",   "西海岸"};
  struct Trade {
    const char* name;
    const char* chain;
  };
  static constexpr Trade kTrades[] = {
      {"精密机械", "IC07"},   {"智能装备", "IC07"}, {"食品", "IC10"},       {"电子科技", "IC01"}, {"新材料", "IC09"},
      {"汽车零部件", "IC04"}, {"海洋工程", "IC06"}, {"物联网科技", "IC01"}, {"生物医药", "IC08"}, {"纺织服装", "IC11"}};
  std::vector<Enterprise> list;
  for (int i = 0; i < 20; ++i) {
    const Trade& trade = kTrades[(i * 3 + i / 10) % 10];
    Enterprise e;
    e.credit_code = CreditCode(11 + i);
    e.name = Concat("青岛", kPlaces[i % 10], trade.name, "有限公司");
    e.district = kDistricts[i % 10];
    e.chain = i % 4 == 3 ? "" : trade.chain;
    e.above_size = i % 3 != 2;
    e.self_evaluation = e.above_size && i % 2 == 0;
    e.employees = 60 + (i * 137) % 1900;
    list.push_back(e);
  }
  return list;
}

bool WriteOtherKinds(const std::string& dir) {
  const std::vector<Enterprise> enterprises = Enterprises();

  // Enterprises (GBK): the register's columns.
  Rows enterprise_rows = {
      {"统一社会信用代码", "企业名称", "区市代码", "规模以上", "具备自主评价条件", "产业链", "职工人数"}};
  for (const Enterprise& e : enterprises) {
    enterprise_rows.push_back({e.credit_code, e.name, e.district, e.above_size ? "是" : "否",
                               e.self_evaluation ? "是" : "否", e.chain, std::to_string(e.employees)});
  }

  // Wage surveys (UTF-8, no BOM) of the same enterprises: uncertified + Σ levels = workforce.
  Rows surveys = {{"统一社会信用代码", "职工人数", "未取证人数", "未取证平均年薪(元)"}};
  static constexpr const char* kLevelWords[] = {"五级", "四级", "三级", "二级", "一级"};
  for (const char* word : kLevelWords) {
    surveys[0].push_back(Concat(word, "人数"));
    surveys[0].push_back(Concat(word, "平均年薪(元)"));
  }
  for (size_t i = 0; i < enterprises.size(); ++i) {
    const int workforce = enterprises[i].employees;
    const int uncertified = workforce * (35 + static_cast<int>(i) % 20) / 100;
    const int certified = workforce - uncertified;
    int heads[5] = {certified * 30 / 100, certified * 30 / 100, certified * 25 / 100, certified * 10 / 100, 0};
    if (i % 5 == 4) heads[3] = 0;  // no 二级 here
    heads[4] = certified - heads[0] - heads[1] - heads[2] - heads[3];
    std::vector<std::string> row = {enterprises[i].credit_code, std::to_string(workforce), std::to_string(uncertified),
                                    std::to_string(52000 + 400 * static_cast<int>(i))};
    for (int level = 0; level < 5; ++level) {
      const int pay = 60000 + 18000 * level + 500 * static_cast<int>(i);
      row.push_back(std::to_string(heads[level]));
      row.push_back(heads[level] == 0 ? "" : (i % 4 == 1 ? Concat(pay, ".50") : std::to_string(pay)));
    }
    surveys.push_back(row);
  }

  // Talent introductions (UTF-8 BOM): employers are the enterprises above.
  static constexpr const char* kOutsideIssuers[] = {"江苏省职业技能鉴定中心", "广东省职业技能鉴定指导中心",
                                                    "浙江省职业技能鉴定中心", "河北省职业技能鉴定指导中心",
                                                    "辽宁省职业技能鉴定中心"};
  Rows introductions = {{"姓名", "身份证号", "用人单位统一社会信用代码", "用人单位名称", "区市代码", "职业编码", "等级",
                         "原证书编号", "原发证机构", "原发证日期", "引进日期", "产业链"}};
  for (int i = 0; i < 20; ++i) {
    const Enterprise& e = enterprises[static_cast<size_t>(i)];
    const Award& award = kAwards[(i + 3) % 20];
    char number[32];
    std::snprintf(number, sizeof(number), "S00003%d00001%d%d%06d", 2 + i % 3, 21 + i % 3, award.level, 1000 + i * 17);
    introductions.push_back({PersonName(i, 5), SampleId(i, 5), e.credit_code, e.name, e.district, award.occupation.code,
                             LevelLabel(award.level), number, kOutsideIssuers[i % 5],
                             Iso(absl::CivilDay(2021 + i % 3, 1 + (i * 7) % 12, 1 + (i * 3) % 28)),
                             Iso(absl::CivilDay(2024, 1 + i % 12, 1 + (i * 5) % 28)), i % 3 == 0 ? e.chain : ""});
  }

  // Technical-school enrolments (.xlsx, text cells): school CreditCode(3), two specialties.
  Rows students = {{"姓名", "身份证号", "专业代码", "年级", "培养层次", "入学日期"}};
  for (int i = 0; i < 20; ++i) {
    const bool electrical = i % 3 == 2;
    static constexpr const char* kTargets[] = {"中级工", "高级工", "预备技师"};
    students.push_back({PersonName(i, 3), SampleId(i, 3, /*student=*/true), electrical ? "0202-4" : "0103-4", "2024",
                        kTargets[electrical ? i % 3 : i % 2], Iso(absl::CivilDay(2024, 9, 1 + i % 3))});
  }

  // Training enrolments (UTF-8 BOM): the course comes from --course_id.
  Rows enrolments = {{"姓名", "身份证号", "报名日期"}};
  for (int i = 0; i < 20; ++i) {
    enrolments.push_back({PersonName(i, 4), SampleId(i, 4), Iso(absl::CivilDay(2024, 3, 1 + i % 10))});
  }

  return WriteCsv(dir + "/enterprises.utf8.csv", enterprise_rows, /*bom=*/false) &&
         WriteCsv(dir + "/surveys.csv", surveys, /*bom=*/false) &&
         WriteCsv(dir + "/introductions.csv", introductions, /*bom=*/true) &&
         WriteWorkbook(dir + "/students.xlsx", students, {}) &&
         WriteCsv(dir + "/enrolments.csv", enrolments, /*bom=*/true);
}

// ---- The large file -----------------------------------------------------------------------------

bool WriteLarge(const std::string& path, long rows) {
  Rows table;
  table.reserve(static_cast<size_t>(rows) + 1);
  table.push_back(kChineseCertificateHeader);
  for (long n = 0; n < rows; ++n) {
    const int i = static_cast<int>(n);
    const Award& award = kAwards[i % 20];
    const absl::CivilDay issued(2024, 1 + i % 12, 1 + (i / 12) % 28);
    const int third = (i / 400) % 20;  // a third character from the 401st row on, so names vary more
    table.push_back({Concat(kSurnames[i % 20], kGivenNames[(i / 20) % 20], third == 0 ? "" : kGivenNames[third]),
                     PersonId(i), "职业技能等级", i % 5 == 4 ? "认定" : "考核评价", award.occupation.code,
                     LevelLabel(award.level), Issuer(), Iso(issued)});
  }
  return WriteCsv(path, table, /*bom=*/true);
}

int Usage() {
  std::fprintf(stderr,
               "usage: cli_sample_maker <out-dir>\n"
               "       cli_sample_maker --large <out.csv> <rows>\n");
  return 1;
}

int Main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--large") {
    char* end = nullptr;
    const long rows = std::strtol(argv[3], &end, 10);
    // PersonId() numbers are distinct below 252,000 (birth days repeat every 10,080, sequences
    // every 1,000).
    if (end == argv[3] || *end != '\0' || rows < 1 || rows > 250000) {
      std::fprintf(stderr, "cli_sample_maker: rows must be 1 to 250000, got '%s'\n", argv[3]);
      return 1;
    }
    return WriteLarge(argv[2], rows) ? 0 : 1;
  }
  if (argc != 2 || argv[1][0] == '-') return Usage();
  const std::string dir = argv[1];
  return WriteCertificateSamples(dir) && WriteCertificatesWithErrors(dir) && WriteMalformedSamples(dir) &&
                 WriteOtherKinds(dir)
             ? 0
             : 1;
}

}  // namespace
}  // namespace skillbridge::cli

int main(int argc, char** argv) { return skillbridge::cli::Main(argc, argv); }
