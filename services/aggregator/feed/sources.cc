#include "services/aggregator/feed/sources.h"

#include "common/util/concat.h"

namespace skillbridge::aggregator {

const std::vector<SourceSpec>& Sources() {
  static const auto* const sources = new std::vector<SourceSpec>{
      {v1::SOURCE_EVALUATION, &MakeEvaluationFeedSource, &EvaluationProfileSource},
      {v1::SOURCE_TRAINING, &MakeTrainingFeedSource, &TrainingProfileSource},
      {v1::SOURCE_COMPETITION, &MakeCompetitionFeedSource, &CompetitionProfileSource},
      {v1::SOURCE_INCENTIVE, &MakeIncentiveFeedSource, &IncentiveProfileSource},
      {v1::SOURCE_EDUCATION, &MakeEducationFeedSource, &EducationProfileSource},
  };
  return *sources;
}

const SourceSpec* FindSource(std::string_view name) {
  for (const SourceSpec& spec : Sources()) {
    if (spec.name() == name) {
      return &spec;
    }
  }
  return nullptr;
}

std::string KnownSourceNames() {
  std::string names;
  for (const SourceSpec& spec : Sources()) {
    names += Concat(names.empty() ? "" : ", ", spec.name());
  }
  return names;
}

absl::StatusOr<SourceEndpoints> ParseSourcesFlag(const std::vector<std::string>& items) {
  constexpr std::string_view kTlsServerName = "tls_server_name";
  const auto invalid = [](std::string_view what) {
    return absl::InvalidArgumentError(Concat(kSourcesFlag, ": ", what));
  };
  SourceEndpoints endpoints;
  SourceEndpoint* last = nullptr;
  std::string last_name;
  for (const std::string& item : items) {
    const size_t equals = item.find('=');
    if (equals == std::string::npos || equals == 0) {
      return invalid(Concat("'", item, "' is not <source>=<address> or tls_server_name=<name>"));
    }
    const std::string key = item.substr(0, equals);
    const std::string value = item.substr(equals + 1);
    if (key == kTlsServerName) {
      if (last == nullptr) {
        return invalid("tls_server_name must follow the <source>=<address> it belongs to");
      }
      if (!last->tls_server_name.empty()) {
        return invalid(Concat("tls_server_name is given twice for ", last_name));
      }
      if (value.empty()) {
        return invalid(Concat("tls_server_name of ", last_name, " is empty"));
      }
      last->tls_server_name = value;
      continue;
    }
    if (FindSource(key) == nullptr) {
      return invalid(Concat("unknown source '", key, "' (known: ", KnownSourceNames(), ")"));
    }
    if (value.empty()) {
      return invalid(Concat("the address of ", key, " is empty"));
    }
    auto [it, inserted] = endpoints.emplace(key, SourceEndpoint{value, ""});
    if (!inserted) {
      return invalid(Concat(key, " is given twice"));
    }
    last = &it->second;
    last_name = key;
  }
  return endpoints;
}

}  // namespace skillbridge::aggregator
