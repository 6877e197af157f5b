#include "services/aggregator/domain/competition_commands.h"

#include <string_view>
#include <utility>

#include "common/util/concat.h"
#include "google/protobuf/descriptor.h"
#include "services/aggregator/domain/catalogue.h"

namespace skillbridge::aggregator {

namespace {

namespace cp = ::skillbridge::competition::v1;

// The join key of "the entry's competition is cancelled".
std::string CancelledKey(const std::string& competition_id) { return Concat("cancelled:", competition_id); }

FeedCommand Replace(std::string fact_key, std::vector<ViewUpdate> updates) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kReplaceFact;
  cmd.fact_key = std::move(fact_key);
  cmd.updates = std::move(updates);
  return cmd;
}

FeedCommand CompetitionChanged(const cp::CompetitionChanged& c) {
  std::vector<ViewUpdate> updates;
  if (c.status() == cp::COMPETITION_STATUS_RESULTS_PUBLISHED) {
    for (const std::string& b : YearOnlyBuckets(c.year(), c.district_code(), "", CompetitionLevelCode(c.level()))) {
      updates.push_back(CountUpdate(ids::kCompetitionsHeld, b, 1));
    }
  } else if (c.status() == cp::COMPETITION_STATUS_CANCELLED) {
    updates.push_back(
        MatchEvidenceUpdate(ids::kCompetitionParticipants, CancelledKey(c.competition_id()), c.competition_id()));
  }
  return Replace(Concat("competition:competition:", c.competition_id()), std::move(updates));
}

FeedCommand EntryRegistered(const cp::EntryRegistered& e) {
  FeedCommand cmd;
  cmd.kind = FeedCommand::Kind::kAddFact;
  cmd.fact_key = Concat("competition:entry:", e.entry_id());
  cmd.updates.push_back(PersonUpdate(e.id_number(), e.district_code()));
  std::vector<std::string> buckets =
      YearOnlyBuckets(e.year(), e.district_code(), e.industry_chain_code(), CompetitionLevelCode(e.level()));
  if (!buckets.empty()) {
    cmd.updates.push_back(MatchClaimUpdate(ids::kCompetitionParticipants, CancelledKey(e.competition_id()),
                                           e.entry_id(), /*counted_with_evidence=*/false, std::move(buckets)));
  }
  return cmd;
}

// The promotion of one entry in `status`, in the buckets of its year, district, chain and level.
FeedCommand Promotion(const std::string& entry_id, int year, cp::CompetitionLevel level, const std::string& district,
                      const std::string& chain, cp::PromotionStatus status, const std::string& certificate_number) {
  std::vector<ViewUpdate> updates;
  if (status == cp::PROMOTION_STATUS_PENDING || status == cp::PROMOTION_STATUS_ISSUED) {
    const std::vector<std::string> buckets = YearOnlyBuckets(year, district, chain, CompetitionLevelCode(level));
    for (const std::string& b : buckets) {
      updates.push_back(CountUpdate(ids::kCompetitionPromotions, b, 1));
    }
    if (status == cp::PROMOTION_STATUS_ISSUED && !certificate_number.empty() && !buckets.empty()) {
      updates.push_back(MatchClaimUpdate(ids::kCompetitionPromotionsWithCertificate,
                                         PromotionCertificateKey(certificate_number), entry_id,
                                         /*counted_with_evidence=*/true, buckets));
    }
  }
  return Replace(Concat("competition:promotion:", entry_id), std::move(updates));
}

}  // namespace

std::string CompetitionLevelCode(cp::CompetitionLevel level) {
  if (level == cp::COMPETITION_LEVEL_UNSPECIFIED || !cp::CompetitionLevel_IsValid(level)) {
    return "";
  }
  constexpr std::string_view kPrefix = "COMPETITION_LEVEL_";
  const std::string& name = cp::CompetitionLevel_Name(level);
  return std::string_view(name).substr(0, kPrefix.size()) == kPrefix ? name.substr(kPrefix.size()) : name;
}

std::vector<std::string> CompetitionLevelCodes() {
  std::vector<std::string> out;
  const google::protobuf::EnumDescriptor* levels = cp::CompetitionLevel_descriptor();
  for (int i = 0; i < levels->value_count(); ++i) {
    std::string code = CompetitionLevelCode(static_cast<cp::CompetitionLevel>(levels->value(i)->number()));
    if (!code.empty()) {
      out.push_back(std::move(code));
    }
  }
  return out;
}

std::string PromotionCertificateKey(const std::string& certificate_number) {
  return Concat("cert:", certificate_number);
}

std::vector<FeedCommand> CommandsForCompetitionEvent(const cp::CompetitionEvent& event) {
  std::vector<FeedCommand> out;
  switch (event.payload_case()) {
    case cp::CompetitionEvent::kCompetitionChanged:
      out.push_back(CompetitionChanged(event.competition_changed()));
      break;
    case cp::CompetitionEvent::kEntryRegistered:
      out.push_back(EntryRegistered(event.entry_registered()));
      break;
    case cp::CompetitionEvent::kEntryResultPublished: {
      const cp::EntryResultPublished& r = event.entry_result_published();
      out.push_back(Promotion(r.entry_id(), r.year(), r.level(), r.district_code(), r.industry_chain_code(),
                              r.promotion_status(), ""));
      break;
    }
    case cp::CompetitionEvent::kPromotionChanged: {
      const cp::PromotionChanged& p = event.promotion_changed();
      out.push_back(Promotion(p.entry_id(), p.year(), p.level(), p.district_code(), p.industry_chain_code(), p.status(),
                              p.certificate_number()));
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace skillbridge::aggregator
