#pragma once
// The load generator's scenarios, by name. Adding one = a Scenario subclass and a row in
// ScenarioTable() (scenarios.cc). Evaluation scenarios share ScenarioConfig: the issuing
// organisation, the persons they create certificates for (ids from `person_base` upwards, so
// successive runs against one store never collide), and the batch size of bulk calls.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "tools/loadgen/driver.h"

namespace skillbridge::loadgen {

struct ScenarioConfig {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::shared_ptr<grpc::Channel> evaluation_channel;  // claim: the evaluation service training checks with
  std::string org_credit_code;                        // issuing evaluation organisation (evaluation scenarios)
  std::string org_district = "370202";
  std::string setup_token;  // token for Setup() calls (filing, verification pool)
  int64_t person_base = 0;  // first person index used by writes
  int batch_size = 1000;    // certificates per bulk call
  int pool_size = 2000;     // certificates issued by Setup() for read scenarios
  int page_size = 50;       // ListCertificates page
  int payload_bytes = 64;   // echo payload
  // Aggregator scenarios.
  int year = 0;                          // dashboard year; 0 = the current UTC year
  std::string district_code = "370202";  // district of the dashboard's district calls
  std::string feed_end;                  // feed_catch_up: stream id to reach ("" = the cursor caught up before)
  double catch_up_timeout_s = 3600;      // feed_catch_up: give up after this long
  bool rebuild = true;                   // feed_catch_up: RebuildViews first (false: a cold aggregator)
};

struct ScenarioEntry {
  std::string name;
  std::string description;
  // nullptr factory: listed but not measurable in this build (e.g. its service is missing).
  std::function<std::unique_ptr<Scenario>(const ScenarioConfig&)> factory;
};

const std::vector<ScenarioEntry>& ScenarioTable();

// Creates the organisation (ADMIN token), takes it through assessment to FILED. Idempotent: an
// organisation that exists already is accepted as long as it ends up FILED.
absl::Status FileOrganisation(const ScenarioConfig& config);

// Citizen ID number and name of bench person `n` (0 <= n < 14,000,000).
std::string BenchPersonId(int64_t n);
std::string BenchPersonName(int64_t n);

}  // namespace skillbridge::loadgen
