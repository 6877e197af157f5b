#include "services/incentive/store/survey_store.h"

#include <map>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "services/incentive/domain/survey_rules.h"
#include "services/incentive/store/keys.h"

namespace skillbridge::incentive {

namespace {

using Guard = RedisGuard;
using Op = RedisOp;

const RefusalTable& Refusals() {
  static const RefusalTable* const table = new RefusalTable{
      {kReasonSurveyYearClosed,
       {absl::StatusCode::kFailedPrecondition,
        "the survey year is closed: it takes no more submissions, corrections or closing"}},
      {kReasonConcurrentModification,
       {absl::StatusCode::kAborted,
        "the enterprise's survey changed while this one was being stored; submit it again"}},
  };
  return *table;
}

int64_t MeasureOf(const v1::WageSurvey& survey, keys::SurveyMeasure measure) {
  switch (measure) {
    case keys::SurveyMeasure::kEnterprises:
      return 1;
    case keys::SurveyMeasure::kWorkforce:
      return survey.report().workforce();
    case keys::SurveyMeasure::kSkilled:
      return survey.skilled_headcount();
    case keys::SurveyMeasure::kHighSkilled:
      return survey.high_skilled_headcount();
    case keys::SurveyMeasure::kSkilledPayFen:
      return survey.skilled_pay_total_fen();
    case keys::SurveyMeasure::kHighSkilledPayFen:
      return survey.high_skilled_pay_total_fen();
  }
  return 0;
}

// Adds `sign` × the survey's contributions to `deltas` (totals field → amount).
void Contribute(const v1::WageSurvey& survey, int64_t sign, std::map<std::string, int64_t>& deltas) {
  for (const keys::SurveyMeasure measure : keys::kSurveyMeasures) {
    deltas[keys::SurveyField(survey.enterprise().district_code(), survey.industry_chain_code(), measure)] +=
        sign * MeasureOf(survey, measure);
  }
}

void AddMeasure(v1::SurveyTotals& totals, keys::SurveyMeasure measure, int64_t value) {
  switch (measure) {
    case keys::SurveyMeasure::kEnterprises:
      totals.set_enterprises(totals.enterprises() + value);
      return;
    case keys::SurveyMeasure::kWorkforce:
      totals.set_workforce(totals.workforce() + value);
      return;
    case keys::SurveyMeasure::kSkilled:
      totals.set_skilled_headcount(totals.skilled_headcount() + value);
      return;
    case keys::SurveyMeasure::kHighSkilled:
      totals.set_high_skilled_headcount(totals.high_skilled_headcount() + value);
      return;
    case keys::SurveyMeasure::kSkilledPayFen:
      totals.set_skilled_pay_total_fen(totals.skilled_pay_total_fen() + value);
      return;
    case keys::SurveyMeasure::kHighSkilledPayFen:
      totals.set_high_skilled_pay_total_fen(totals.high_skilled_pay_total_fen() + value);
      return;
  }
}

AtomicWrite SurveyAtomicWrite(const SurveyWrite& item) {
  const v1::WageSurvey& survey = item.survey;
  const int year = survey.year();
  const std::string& code = survey.report().credit_code();
  const std::string& district = survey.enterprise().district_code();
  const std::string& chain = survey.industry_chain_code();
  const std::string key = keys::Survey(year, code);
  const std::string bytes = survey.SerializeAsString();

  AtomicWrite write;
  write.event_stream = std::string(keys::kEvents);
  write.event_payload = item.event.SerializeAsString();
  write.audit_stream = std::string(keys::kAudit);
  write.audit_payload = item.audit.SerializeAsString();
  write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::SurveyYear(year), kReasonSurveyYearClosed));
  if (item.old.has_value()) {
    write.guards.push_back(
        MakeRedisGuard(Guard::Kind::kValueEquals, key, kReasonConcurrentModification, item.old->bytes));
  } else {
    write.guards.push_back(MakeRedisGuard(Guard::Kind::kKeyAbsent, key, kReasonConcurrentModification));
  }
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, key, bytes));
  write.ops.push_back(MakeRedisOp(Op::Kind::kSet, keys::SurveyRevision(year, code, survey.revision()), bytes));
  write.ops.push_back(IndexAddOp(keys::SurveyIndexByYear(year), code));
  std::map<std::string, int64_t> deltas;
  if (item.old.has_value()) {
    const v1::WageSurvey& old = item.old->record;
    if (old.enterprise().district_code() != district) {
      write.ops.push_back(IndexRemoveOp(keys::SurveyIndexByDistrict(year, old.enterprise().district_code()), code));
    }
    if (!old.industry_chain_code().empty() && old.industry_chain_code() != chain) {
      write.ops.push_back(IndexRemoveOp(keys::SurveyIndexByChain(year, old.industry_chain_code()), code));
    }
    Contribute(old, -1, deltas);
  }
  write.ops.push_back(IndexAddOp(keys::SurveyIndexByDistrict(year, district), code));
  if (!chain.empty()) {
    write.ops.push_back(IndexAddOp(keys::SurveyIndexByChain(year, chain), code));
  }
  Contribute(survey, 1, deltas);
  for (const auto& [field, amount] : deltas) {
    if (amount != 0) {
      write.ops.push_back(MakeRedisOp(Op::Kind::kHIncrBy, keys::SurveyTotals(year), "", field, amount));
    }
  }
  return write;
}

// "<index>:<revision>", the label of a survey in its chunk's record.
std::string LabelOf(const SurveyWrite& item) { return Concat(item.index, ":", item.survey.revision()); }

absl::StatusOr<std::pair<int, int>> ParseLabel(const std::string& label) {
  const std::vector<absl::string_view> parts = absl::StrSplit(label, ':');
  int index = 0;
  int revision = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &index) || !absl::SimpleAtoi(parts[1], &revision)) {
    return absl::DataLossError(Concat("a survey batch record holds a malformed label: ", label));
  }
  return std::make_pair(index, revision);
}

absl::Status StatusOfResult(const AtomicWriteResult& result) {
  absl::StatusOr<WriteOutcome> outcome = OutcomeOf(result, Refusals());
  return outcome.status();
}

}  // namespace

absl::StatusOr<std::optional<Stored<v1::WageSurvey>>> SurveyStore::GetSurvey(int year, const std::string& credit_code) {
  return GetStoredRecord<v1::WageSurvey>(redis_, keys::Survey(year, credit_code));
}

absl::StatusOr<std::vector<std::optional<Stored<v1::WageSurvey>>>> SurveyStore::GetSurveys(
    int year, const std::vector<std::string>& credit_codes) {
  std::vector<std::string> record_keys;
  record_keys.reserve(credit_codes.size());
  for (const std::string& code : credit_codes) {
    record_keys.push_back(keys::Survey(year, code));
  }
  SB_ASSIGN_OR_RETURN(const std::vector<FetchedValue> values, FetchValues(redis_, record_keys));
  std::vector<std::optional<Stored<v1::WageSurvey>>> found(credit_codes.size());
  for (size_t i = 0; i < values.size() && i < found.size(); ++i) {
    if (!values[i].found) {
      continue;
    }
    Stored<v1::WageSurvey> stored;
    stored.bytes = values[i].value;
    if (!stored.record.ParseFromString(stored.bytes)) {
      return absl::DataLossError(Concat("record ", record_keys[i], " does not parse"));
    }
    found[i] = std::move(stored);
  }
  return found;
}

absl::StatusOr<std::vector<std::optional<v1::WageSurvey>>> SurveyStore::GetRevisions(
    int year, const std::vector<std::pair<std::string, int>>& revisions) {
  std::vector<std::string> record_keys;
  record_keys.reserve(revisions.size());
  for (const auto& [code, revision] : revisions) {
    record_keys.push_back(keys::SurveyRevision(year, code, revision));
  }
  SB_ASSIGN_OR_RETURN(const std::vector<FetchedValue> values, FetchValues(redis_, record_keys));
  std::vector<std::optional<v1::WageSurvey>> found(revisions.size());
  for (size_t i = 0; i < values.size() && i < found.size(); ++i) {
    if (!values[i].found) {
      continue;
    }
    v1::WageSurvey survey;
    if (!survey.ParseFromString(values[i].value)) {
      return absl::DataLossError(Concat("record ", record_keys[i], " does not parse"));
    }
    found[i] = std::move(survey);
  }
  return found;
}

absl::StatusOr<std::optional<v1::SurveyYear>> SurveyStore::GetSurveyYear(int year) {
  SB_ASSIGN_OR_RETURN(std::optional<Stored<v1::SurveyYear>> stored,
                      GetStoredRecord<v1::SurveyYear>(redis_, keys::SurveyYear(year)));
  if (!stored.has_value()) {
    return std::optional<v1::SurveyYear>();
  }
  return std::optional<v1::SurveyYear>(std::move(stored->record));
}

absl::StatusOr<std::vector<SurveyCell>> SurveyStore::ReadTotals(int year) {
  SB_ASSIGN_OR_RETURN(const RedisReply reply, redis_.Command({"HGETALL", keys::SurveyTotals(year)}));
  std::map<std::pair<std::string, std::string>, SurveyCell> cells;
  for (size_t i = 0; i + 1 < reply.size(); i += 2) {
    const std::string_view field = ReplyString(reply.element(i));
    const std::optional<keys::SurveyFieldKey> parsed = keys::ParseSurveyField(field);
    const std::string_view text = ReplyString(reply.element(i + 1));
    int64_t value = 0;
    if (!parsed.has_value() || !absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &value)) {
      return absl::DataLossError(Concat("survey totals field ", field, " is malformed"));
    }
    SurveyCell& cell = cells[{parsed->district_code, parsed->industry_chain_code}];
    cell.district_code = parsed->district_code;
    cell.industry_chain_code = parsed->industry_chain_code;
    AddMeasure(cell.totals, parsed->measure, value);
  }
  std::vector<SurveyCell> out;
  out.reserve(cells.size());
  for (auto& [key, cell] : cells) {
    out.push_back(std::move(cell));
  }
  return out;
}

absl::StatusOr<ScanPage<v1::WageSurvey>> SurveyStore::ListSurveys(const SurveyFilter& filter, const std::string& cursor,
                                                                  int page_size) {
  std::string index = keys::SurveyIndexByYear(filter.year);
  if (!filter.district_code.empty()) {
    index = keys::SurveyIndexByDistrict(filter.year, filter.district_code);
  } else if (!filter.industry_chain_code.empty()) {
    index = keys::SurveyIndexByChain(filter.year, filter.industry_chain_code);
  }
  const int year = filter.year;
  const std::function<std::string(std::string_view)> record_key = [year](std::string_view member) {
    return keys::Survey(year, member);
  };
  const std::function<bool(const v1::WageSurvey&)> keep = [&filter](const v1::WageSurvey& survey) {
    return (filter.district_code.empty() || survey.enterprise().district_code() == filter.district_code) &&
           (filter.industry_chain_code.empty() || survey.industry_chain_code() == filter.industry_chain_code);
  };
  return ScanIndex<v1::WageSurvey>(redis_, index, record_key, cursor, page_size, keep, /*max_scanned=*/10 * page_size);
}

absl::StatusOr<SurveyChunkOutcome> SurveyStore::SubmitChunk(const std::vector<SurveyWrite>& writes,
                                                            const std::string& record_key,
                                                            const std::string& fingerprint) {
  std::vector<AtomicWrite> atomic;
  atomic.reserve(writes.size());
  AtomicBatchRecord record;
  record.key = record_key;
  record.fingerprint = fingerprint;
  for (const SurveyWrite& item : writes) {
    atomic.push_back(SurveyAtomicWrite(item));
    record.labels.push_back(LabelOf(item));
  }
  SB_ASSIGN_OR_RETURN(const AtomicBatchOutcome applied, ApplyAtomicBatch(redis_, atomic, record));
  SurveyChunkOutcome outcome;
  outcome.replayed = applied.replayed;
  outcome.recorded_fingerprint = applied.recorded_fingerprint;
  if (!applied.replayed) {
    if (applied.results.size() != writes.size()) {
      return absl::InternalError("the survey batch answered with another number of results");
    }
    for (size_t i = 0; i < writes.size(); ++i) {
      outcome.items.push_back(
          SurveyWriteOutcome{writes[i].index, writes[i].survey.revision(), StatusOfResult(applied.results[i])});
    }
    return outcome;
  }
  for (const auto& [label, result] : applied.recorded) {
    SB_ASSIGN_OR_RETURN(const auto parsed, ParseLabel(label));
    outcome.items.push_back(SurveyWriteOutcome{parsed.first, parsed.second, StatusOfResult(result)});
  }
  return outcome;
}

absl::StatusOr<WriteOutcome> SurveyStore::CloseYear(const v1::SurveyYear& survey_year, const v1::IncentiveEvent& event,
                                                    const MutationMeta& meta) {
  AtomicWrite write = NewAtomicWrite(meta, keys::kEvents, event.SerializeAsString(), keys::kAudit);
  write.guards.push_back(
      MakeRedisGuard(Guard::Kind::kKeyAbsent, keys::SurveyYear(survey_year.year()), kReasonSurveyYearClosed));
  write.ops.push_back(
      MakeRedisOp(Op::Kind::kSet, keys::SurveyYear(survey_year.year()), survey_year.SerializeAsString()));
  return ApplyWrite(redis_, write, Refusals());
}

}  // namespace skillbridge::incentive
