#include "common/reference/reference_data.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"
#include "common/util/files.h"
#include "common/validation/codes.h"

namespace skillbridge {
namespace {

using common::v1::SkillLevel;

constexpr std::string_view kBadData = "BAD_REFERENCE_DATA";
constexpr int kMaxNameChars = 64;

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

absl::Status BadData(std::string_view where, std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, kBadData,
                         absl::StrCat(ToAbsl(where), ": ", ToAbsl(message)));
}

// The message of a validation error without its "<field>: " prefix.
std::string DescriptionOf(const absl::Status& status) {
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (!violations.empty()) {
    return violations.front().description;
  }
  return std::string(status.message());
}

std::optional<SkillLevel> LevelFromReferenceCode(std::string_view code) {
  if (code == "A") {
    return common::v1::SKILL_LEVEL_APPRENTICE;
  }
  if (code == "5") {
    return common::v1::SKILL_LEVEL_5_JUNIOR;
  }
  if (code == "4") {
    return common::v1::SKILL_LEVEL_4_INTERMEDIATE;
  }
  if (code == "3") {
    return common::v1::SKILL_LEVEL_3_SENIOR;
  }
  if (code == "2") {
    return common::v1::SKILL_LEVEL_2_TECHNICIAN;
  }
  if (code == "1") {
    return common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN;
  }
  if (code == "P") {
    return common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN;
  }
  if (code == "C") {
    return common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN;
  }
  return std::nullopt;
}

// Chain codes: 1..16 characters of [A-Za-z0-9_-].
absl::Status ValidateChainCode(std::string_view code) {
  if (code.empty() || code.size() > 16) {
    return absl::InvalidArgumentError("industry chain code must be 1-16 characters");
  }
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      return absl::InvalidArgumentError("industry chain code may only contain letters, digits, '_' and '-'");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateDistrict(const District& d) {
  if (absl::Status s = ValidateDistrictCodeFormat(d.code, "code"); !s.ok()) {
    return absl::InvalidArgumentError(DescriptionOf(s));
  }
  if (absl::Status s = ValidateText(d.name, "name", true, kMaxNameChars); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("name ", DescriptionOf(s)));
  }
  return absl::OkStatus();
}

absl::Status ValidateChain(const IndustryChain& c) {
  if (absl::Status s = ValidateChainCode(c.code); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateText(c.name, "name", true, kMaxNameChars); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("name ", DescriptionOf(s)));
  }
  return absl::OkStatus();
}

// Checks an occupation and sorts its levels; `chains` are the known chain codes.
absl::Status ValidateOccupation(Occupation& o, const std::map<std::string, size_t, std::less<>>& chains) {
  if (absl::Status s = ValidateOccupationCodeFormat(o.code, "code"); !s.ok()) {
    return absl::InvalidArgumentError(DescriptionOf(s));
  }
  if (absl::Status s = ValidateText(o.name, "name", true, kMaxNameChars); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("name ", DescriptionOf(s)));
  }
  if (o.levels.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("occupation ", o.code, " offers no level"));
  }
  std::sort(o.levels.begin(), o.levels.end());
  for (size_t i = 0; i < o.levels.size(); ++i) {
    if (o.levels[i] == common::v1::SKILL_LEVEL_UNSPECIFIED || !common::v1::SkillLevel_IsValid(o.levels[i])) {
      return absl::InvalidArgumentError(absl::StrCat("occupation ", o.code, " lists an unknown level"));
    }
    if (i > 0 && o.levels[i] == o.levels[i - 1]) {
      return absl::InvalidArgumentError(absl::StrCat("occupation ", o.code, " lists a level twice"));
    }
  }
  if (!o.default_chain.empty() && chains.find(o.default_chain) == chains.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("default chain '", o.default_chain, "' is not in industry_chains.tsv"));
  }
  return absl::OkStatus();
}

// One data row of a TSV file.
struct Row {
  int line = 0;
  std::vector<std::string> fields;
};

// Reads `path`, checks the header, and returns the data rows with trimmed fields.
absl::StatusOr<std::vector<Row>> ReadTsv(const std::string& path, const std::vector<std::string>& header) {
  absl::StatusOr<std::string> read = ReadFile(path, "reference data file");
  if (!read.ok()) {
    return ErrorWithReason(absl::StatusCode::kNotFound, "REFERENCE_FILE_MISSING", std::string(read.status().message()));
  }
  std::string content = *std::move(read);
  if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    content.erase(0, 3);
  }
  std::vector<Row> rows;
  bool header_seen = false;
  int line_number = 0;
  for (absl::string_view raw : absl::StrSplit(content, '\n')) {
    ++line_number;
    const std::string where = absl::StrCat(path, ":", line_number);
    absl::string_view line = raw;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (absl::StripAsciiWhitespace(line).empty() || absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), "#")) {
      continue;
    }
    std::vector<std::string> fields;
    for (absl::string_view f : absl::StrSplit(line, '\t')) {
      fields.emplace_back(absl::StripAsciiWhitespace(f));
    }
    if (!header_seen) {
      if (fields != header) {
        return BadData(where, absl::StrCat("header must be \"", absl::StrJoin(header, "<TAB>"), "\", got \"",
                                           absl::StrJoin(fields, "<TAB>"), "\""));
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != header.size()) {
      return BadData(where, absl::StrCat("expected ", header.size(), " tab-separated columns (",
                                         absl::StrJoin(header, ", "), "), got ", fields.size()));
    }
    rows.push_back(Row{line_number, std::move(fields)});
  }
  if (!header_seen) {
    return BadData(absl::StrCat(path, ":", line_number),
                   absl::StrCat("file has no header line \"", absl::StrJoin(header, "<TAB>"), "\""));
  }
  if (rows.empty()) {
    return BadData(absl::StrCat(path, ":", line_number), "file has no entries");
  }
  return rows;
}

// Records `code` at `line` in `seen`; error when it was already there.
absl::Status CheckUnique(std::map<std::string, int, std::less<>>& seen, const std::string& code, int line) {
  auto [it, inserted] = seen.emplace(code, line);
  if (!inserted) {
    return absl::InvalidArgumentError(absl::StrCat("duplicate code ", code, " (first on line ", it->second, ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const ReferenceData>> ReferenceData::LoadFromDirectory(const std::string& directory) {
  const std::string base = directory.empty() || directory.back() == '/' ? directory : directory + "/";

  std::vector<District> districts;
  {
    const std::string path = base + "districts.tsv";
    absl::StatusOr<std::vector<Row>> rows = ReadTsv(path, {"code", "name"});
    if (!rows.ok()) {
      return rows.status();
    }
    std::map<std::string, int, std::less<>> seen;
    for (Row& row : *rows) {
      District d{std::move(row.fields[0]), std::move(row.fields[1])};
      absl::Status s = ValidateDistrict(d);
      if (s.ok()) {
        s = CheckUnique(seen, d.code, row.line);
      }
      if (!s.ok()) {
        return BadData(absl::StrCat(path, ":", row.line), ToStd(s.message()));
      }
      districts.push_back(std::move(d));
    }
  }

  std::vector<IndustryChain> chains;
  std::map<std::string, size_t, std::less<>> chain_codes;
  {
    const std::string path = base + "industry_chains.tsv";
    absl::StatusOr<std::vector<Row>> rows = ReadTsv(path, {"code", "name", "key_chain"});
    if (!rows.ok()) {
      return rows.status();
    }
    std::map<std::string, int, std::less<>> seen;
    for (Row& row : *rows) {
      const std::string where = absl::StrCat(path, ":", row.line);
      IndustryChain c;
      c.code = std::move(row.fields[0]);
      c.name = std::move(row.fields[1]);
      if (row.fields[2] == "1") {
        c.key_chain = true;
      } else if (row.fields[2] == "0") {
        c.key_chain = false;
      } else {
        return BadData(where, absl::StrCat("key_chain must be 0 or 1, got \"", row.fields[2], "\""));
      }
      absl::Status s = ValidateChain(c);
      if (s.ok()) {
        s = CheckUnique(seen, c.code, row.line);
      }
      if (!s.ok()) {
        return BadData(where, ToStd(s.message()));
      }
      chain_codes.emplace(c.code, chains.size());
      chains.push_back(std::move(c));
    }
  }

  std::vector<Occupation> occupations;
  {
    const std::string path = base + "occupations.tsv";
    absl::StatusOr<std::vector<Row>> rows = ReadTsv(path, {"code", "name", "levels", "default_chain"});
    if (!rows.ok()) {
      return rows.status();
    }
    std::map<std::string, int, std::less<>> seen;
    for (Row& row : *rows) {
      const std::string where = absl::StrCat(path, ":", row.line);
      Occupation o;
      o.code = std::move(row.fields[0]);
      o.name = std::move(row.fields[1]);
      if (row.fields[2].empty()) {
        return BadData(where, "levels must list at least one of A, 5, 4, 3, 2, 1, P, C");
      }
      for (absl::string_view token : absl::StrSplit(row.fields[2], ',')) {
        const std::string_view level_code = ToStd(absl::StripAsciiWhitespace(token));
        std::optional<SkillLevel> level = LevelFromReferenceCode(level_code);
        if (!level.has_value()) {
          return BadData(where, absl::StrCat("unknown level \"", ToAbsl(level_code),
                                             "\" (use A, 5, 4, 3, 2, 1, P, C separated by commas)"));
        }
        o.levels.push_back(*level);
      }
      o.default_chain = row.fields[3] == "-" ? "" : std::move(row.fields[3]);
      absl::Status s = ValidateOccupation(o, chain_codes);
      if (s.ok()) {
        s = CheckUnique(seen, o.code, row.line);
      }
      if (!s.ok()) {
        return BadData(where, ToStd(s.message()));
      }
      occupations.push_back(std::move(o));
    }
  }

  return FromTables(std::move(districts), std::move(chains), std::move(occupations));
}

absl::StatusOr<std::shared_ptr<const ReferenceData>> ReferenceData::FromTables(std::vector<District> districts,
                                                                               std::vector<IndustryChain> chains,
                                                                               std::vector<Occupation> occupations) {
  auto data = std::make_shared<ReferenceData>();
  for (District& d : districts) {
    if (absl::Status s = ValidateDistrict(d); !s.ok()) {
      return BadData(absl::StrCat("district ", d.code), ToStd(s.message()));
    }
    if (!data->district_index_.emplace(d.code, data->districts_.size()).second) {
      return BadData(absl::StrCat("district ", d.code), "duplicate code");
    }
    data->districts_.push_back(std::move(d));
  }
  for (IndustryChain& c : chains) {
    if (absl::Status s = ValidateChain(c); !s.ok()) {
      return BadData(absl::StrCat("industry chain ", c.code), ToStd(s.message()));
    }
    if (!data->chain_index_.emplace(c.code, data->chains_.size()).second) {
      return BadData(absl::StrCat("industry chain ", c.code), "duplicate code");
    }
    data->chains_.push_back(std::move(c));
  }
  for (Occupation& o : occupations) {
    if (absl::Status s = ValidateOccupation(o, data->chain_index_); !s.ok()) {
      return BadData(absl::StrCat("occupation ", o.code), ToStd(s.message()));
    }
    if (!data->occupation_index_.emplace(o.code, data->occupations_.size()).second) {
      return BadData(absl::StrCat("occupation ", o.code), "duplicate code");
    }
    data->occupations_.push_back(std::move(o));
  }
  return std::shared_ptr<const ReferenceData>(std::move(data));
}

const District* ReferenceData::FindDistrict(std::string_view code) const {
  auto it = district_index_.find(code);
  return it == district_index_.end() ? nullptr : &districts_[it->second];
}

const IndustryChain* ReferenceData::FindIndustryChain(std::string_view code) const {
  auto it = chain_index_.find(code);
  return it == chain_index_.end() ? nullptr : &chains_[it->second];
}

const Occupation* ReferenceData::FindOccupation(std::string_view code) const {
  auto it = occupation_index_.find(code);
  return it == occupation_index_.end() ? nullptr : &occupations_[it->second];
}

bool ReferenceData::OccupationOffersLevel(const Occupation& occupation, SkillLevel level) const {
  return std::binary_search(occupation.levels.begin(), occupation.levels.end(), level);
}

}  // namespace skillbridge
