#pragma once
// Reference data the bureau maintains as files under reference/ in the repository (replaceable
// without a rebuild): districts, industry chains, occupations with their levels and default chain.
// Loaded once at start-up; immutable afterwards, so safe to share between threads.
//
// File formats (UTF-8, tab-separated, '#' starts a comment line, first non-comment line is a header):
//   districts.tsv        code  name
//   industry_chains.tsv  code  name  key_chain(0|1)
//   occupations.tsv      code  name  levels(comma-separated level digits/letters, see below)  default_chain
// Levels column: any of A (学徒工), 5, 4, 3, 2, 1, P (特级技师), C (首席技师), comma-separated.
// default_chain: an industry chain code from industry_chains.tsv, or "-" (or empty) for none.
// Blank lines are ignored, fields are trimmed, a UTF-8 byte order mark and CRLF line ends are
// accepted. Codes must be unique within a file. Errors are INVALID_ARGUMENT (reason
// BAD_REFERENCE_DATA) with "<path>:<line>: <what is wrong>", or NOT_FOUND (reason
// REFERENCE_FILE_MISSING) when a file cannot be opened.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge {

struct District {
  std::string code;
  std::string name;
};

struct IndustryChain {
  std::string code;
  std::string name;
  bool key_chain = true;
};

struct Occupation {
  std::string code;
  std::string name;
  std::vector<common::v1::SkillLevel> levels;  // ascending
  std::string default_chain;                   // "" when the occupation has no default chain
};

class ReferenceData final {
 public:
  // Loads the three files from `directory`. Errors name the file and line.
  static absl::StatusOr<std::shared_ptr<const ReferenceData>> LoadFromDirectory(const std::string& directory);

  // Builds reference data from tables already in memory (tests, tools). Applies the same checks
  // as the loader (formats, unique codes, known default chains, at least one level per
  // occupation) and sorts each occupation's levels; errors name the table and the code.
  static absl::StatusOr<std::shared_ptr<const ReferenceData>> FromTables(std::vector<District> districts,
                                                                         std::vector<IndustryChain> chains,
                                                                         std::vector<Occupation> occupations);

  const District* FindDistrict(std::string_view code) const;
  const IndustryChain* FindIndustryChain(std::string_view code) const;
  const Occupation* FindOccupation(std::string_view code) const;
  bool OccupationOffersLevel(const Occupation& occupation, common::v1::SkillLevel level) const;

  const std::vector<District>& districts() const { return districts_; }
  const std::vector<IndustryChain>& industry_chains() const { return chains_; }
  const std::vector<Occupation>& occupations() const { return occupations_; }

 private:
  std::vector<District> districts_;
  std::vector<IndustryChain> chains_;
  std::vector<Occupation> occupations_;
  std::map<std::string, size_t, std::less<>> district_index_;
  std::map<std::string, size_t, std::less<>> chain_index_;
  std::map<std::string, size_t, std::less<>> occupation_index_;
};

}  // namespace skillbridge
