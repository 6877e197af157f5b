#include "services/incentive/domain/bridge_rules.h"

#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"

namespace skillbridge::incentive {

absl::StatusOr<v1::BridgeApplication> DecideBridgeApplication(const v1::BridgeApplication& current,
                                                              v1::BridgeStatus target, const std::string& reason,
                                                              absl::Time now) {
  const bool decision = target == v1::BRIDGE_STATUS_APPROVED || target == v1::BRIDGE_STATUS_REJECTED ||
                        target == v1::BRIDGE_STATUS_WITHDRAWN;
  if (!decision || current.status() != v1::BRIDGE_STATUS_APPLIED) {
    return FailedPreconditionError(kReasonInvalidBridgeTransition,
                                   Concat("the application is ", v1::BridgeStatus_Name(current.status()),
                                          ": only an APPLIED application is approved, rejected or withdrawn"));
  }
  v1::BridgeApplication updated = current;
  updated.set_status(target);
  updated.set_decision_reason(reason);
  SetTimestamp(now, updated.mutable_decide_time());
  SetTimestamp(now, updated.mutable_update_time());
  updated.set_version(current.version() + 1);
  return updated;
}

v1::IncentiveEvent BridgeChangedEvent(const v1::BridgeApplication& application, absl::Time now) {
  v1::IncentiveEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::BridgeApplicationChanged* changed = event.mutable_bridge_application_changed();
  changed->set_application_id(application.id());
  *changed->mutable_person() = application.person();
  changed->set_employer_credit_code(application.employer().credit_code());
  changed->set_district_code(application.employer().district_code());
  changed->set_series(application.series());
  changed->set_grade(application.grade());
  changed->set_status(application.status());
  changed->set_year(application.year());
  SetTimestamp(now, changed->mutable_status_time());
  changed->set_qualifying_level(application.qualifying_level());
  return event;
}

}  // namespace skillbridge::incentive
