// skillbridge-loadgen: closed-loop load over the gRPC callback (asynchronous) client API.
//
//   skillbridge-loadgen --target=127.0.0.1:50051 --scenario=verify --concurrency=64
//       --duration_s=10 --warmup_s=2 --token=... --json_out=verify.json
//
// Prints the figures (throughput, p50/p90/p99/max latency, errors by status code), one
// tab-separated RESULT line (scripts/bench.sh reads it) and, with --json_out, writes them as JSON.
// --list_scenarios shows every scenario. Exit status: 0 when the run completed (errors are
// reported, not fatal), 1 when setup failed, 2 on bad flags.

#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "common/util/program_usage.h"
#include "tools/loadgen/driver.h"
#include "tools/loadgen/scenarios.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "gRPC address of the service under load");
ABSL_FLAG(std::string, evaluation_target, "",
          "claim: gRPC address of the evaluation service the training service under load checks with");
ABSL_FLAG(std::string, scenario, "echo", "scenario name (see --list_scenarios)");
ABSL_FLAG(bool, list_scenarios, false, "print the scenarios and exit");
ABSL_FLAG(std::string, label, "", "label of this run in the output (default: the scenario)");
ABSL_FLAG(int, concurrency, 64, "RPCs in flight");
ABSL_FLAG(int, channels, 2, "gRPC channels (one TCP connection each), used round-robin");
ABSL_FLAG(double, duration_s, 10, "measured seconds (duration mode)");
ABSL_FLAG(double, warmup_s, 2, "seconds of load before measuring (duration mode)");
ABSL_FLAG(int64_t, count, 0, "when > 0: exactly this many calls, all measured (no warm-up)");
ABSL_FLAG(int, deadline_ms, 30000, "deadline of each call");
ABSL_FLAG(std::string, token, "", "bearer token of the calls");
ABSL_FLAG(std::string, setup_token, "", "bearer token of setup calls (default: --token)");
ABSL_FLAG(std::string, org, "", "credit code of the issuing organisation (evaluation scenarios)");
ABSL_FLAG(std::string, org_district, "370202", "district of the organisation");
ABSL_FLAG(bool, file_org, false, "create and file --org (with --setup_token, ADMIN) before the run");
ABSL_FLAG(int64_t, person_base, 0, "first person index used by writes (keep runs on one store disjoint)");
ABSL_FLAG(int, batch_size, 1000, "certificates per bulk call");
ABSL_FLAG(int, pool_size, 2000, "certificates issued in setup for read scenarios");
ABSL_FLAG(int, page_size, 50, "ListCertificates page size");
ABSL_FLAG(int, payload_bytes, 64, "echo payload size");
ABSL_FLAG(int, year, 0, "dashboard: year of GetDashboard (0 = the current UTC year)");
ABSL_FLAG(std::string, district_code, "370202", "dashboard: district of every other GetDashboard call");
ABSL_FLAG(std::string, feed_end, "",
          "feed_catch_up: evaluation stream id the cursor must reach (default: where it had caught up before)");
ABSL_FLAG(double, catch_up_timeout_s, 3600, "feed_catch_up: give up waiting for the cursor after this long");
ABSL_FLAG(bool, rebuild, true,
          "feed_catch_up: call RebuildViews first; --norebuild: the aggregator starts cold (needs --feed_end)");
ABSL_FLAG(std::string, json_out, "", "write the summary as JSON to this file");
ABSL_FLAG(std::string, write_request, "",
          "after setup, write one request of the scenario as a gRPC length-prefixed message to this file "
          "(the body h2load sends) and exit");

namespace {

using skillbridge::loadgen::ScenarioTable;

int Main() {
  if (absl::GetFlag(FLAGS_list_scenarios)) {
    for (const auto& entry : ScenarioTable()) {
      std::printf("%-16s %s\n", entry.name.c_str(), entry.description.c_str());
    }
    return 0;
  }
  const std::string name = absl::GetFlag(FLAGS_scenario);
  const skillbridge::loadgen::ScenarioEntry* entry = nullptr;
  for (const auto& candidate : ScenarioTable()) {
    if (candidate.name == name) {
      entry = &candidate;
    }
  }
  if (entry == nullptr) {
    std::fprintf(stderr, "loadgen: unknown scenario '%s' (see --list_scenarios)\n", name.c_str());
    return 2;
  }
  if (entry->factory == nullptr) {
    std::fprintf(stderr, "loadgen: scenario '%s' is not measurable in this build: %s\n", name.c_str(),
                 entry->description.c_str());
    return 2;
  }

  skillbridge::loadgen::ScenarioConfig config;
  config.channels = skillbridge::loadgen::MakeChannels(absl::GetFlag(FLAGS_target), absl::GetFlag(FLAGS_channels));
  if (!absl::GetFlag(FLAGS_evaluation_target).empty()) {
    config.evaluation_channel = skillbridge::loadgen::MakeChannels(absl::GetFlag(FLAGS_evaluation_target), 1).front();
  }
  config.org_credit_code = absl::GetFlag(FLAGS_org);
  config.org_district = absl::GetFlag(FLAGS_org_district);
  config.setup_token =
      absl::GetFlag(FLAGS_setup_token).empty() ? absl::GetFlag(FLAGS_token) : absl::GetFlag(FLAGS_setup_token);
  config.person_base = absl::GetFlag(FLAGS_person_base);
  config.batch_size = std::max(1, absl::GetFlag(FLAGS_batch_size));
  config.pool_size = absl::GetFlag(FLAGS_pool_size);
  config.page_size = absl::GetFlag(FLAGS_page_size);
  config.payload_bytes = absl::GetFlag(FLAGS_payload_bytes);
  config.year = absl::GetFlag(FLAGS_year);
  config.district_code = absl::GetFlag(FLAGS_district_code);
  config.feed_end = absl::GetFlag(FLAGS_feed_end);
  config.catch_up_timeout_s = absl::GetFlag(FLAGS_catch_up_timeout_s);
  config.rebuild = absl::GetFlag(FLAGS_rebuild);

  if (absl::GetFlag(FLAGS_file_org)) {
    if (absl::Status filed = skillbridge::loadgen::FileOrganisation(config); !filed.ok()) {
      std::fprintf(stderr, "loadgen: filing the organisation failed: %s\n", std::string(filed.message()).c_str());
      return 1;
    }
  }
  std::unique_ptr<skillbridge::loadgen::Scenario> scenario = entry->factory(config);
  if (absl::Status ready = scenario->Setup(); !ready.ok()) {
    std::fprintf(stderr, "loadgen: setup of '%s' failed: %s\n", name.c_str(), std::string(ready.message()).c_str());
    return 1;
  }

  if (const std::string path = absl::GetFlag(FLAGS_write_request); !path.empty()) {
    const std::string message = scenario->SampleRequest();
    if (message.empty()) {
      std::fprintf(stderr, "loadgen: scenario '%s' offers no sample request\n", name.c_str());
      return 2;
    }
    // gRPC framing: 1 byte "not compressed", 4 bytes big-endian length, the message.
    std::string framed(5, '\0');
    for (int i = 0; i < 4; ++i) {
      framed[static_cast<size_t>(1 + i)] = static_cast<char>((message.size() >> (8 * (3 - i))) & 0xff);
    }
    framed += message;
    std::ofstream out(path, std::ios::binary);
    out << framed;
    return out ? 0 : 1;
  }

  skillbridge::loadgen::RunOptions options;
  options.concurrency = std::max(1, absl::GetFlag(FLAGS_concurrency));
  options.warmup_s = absl::GetFlag(FLAGS_warmup_s);
  options.duration_s = absl::GetFlag(FLAGS_duration_s);
  options.count = absl::GetFlag(FLAGS_count);
  options.deadline_ms = absl::GetFlag(FLAGS_deadline_ms);
  options.token = absl::GetFlag(FLAGS_token);
  const skillbridge::loadgen::RunResult result = skillbridge::loadgen::RunClosedLoop(*scenario, options);

  skillbridge::loadgen::Summary summary = skillbridge::loadgen::Summarize(result.stats, result.seconds);
  summary.scenario = name;
  summary.label = absl::GetFlag(FLAGS_label).empty() ? name : absl::GetFlag(FLAGS_label);
  summary.target = absl::GetFlag(FLAGS_target);
  summary.concurrency = options.concurrency;

  std::printf("%s (%s) against %s, %d in flight, %.1f s measured\n", summary.label.c_str(), name.c_str(),
              summary.target.c_str(), summary.concurrency, summary.seconds);
  std::printf("  calls      %lld (%lld OK)\n", static_cast<long long>(summary.calls),
              static_cast<long long>(summary.ok));
  std::printf("  throughput %.1f calls/s, %.1f items/s\n", summary.calls_per_s, summary.items_per_s);
  std::printf("  latency ms p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  mean %.3f\n", summary.p50_ms, summary.p90_ms,
              summary.p99_ms, summary.max_ms, summary.mean_ms);
  for (const auto& [code, count] : summary.errors) {
    std::printf("  errors     %s: %lld\n", code.c_str(), static_cast<long long>(count));
  }
  std::printf("%s\n", skillbridge::loadgen::ToResultLine(summary).c_str());
  std::fflush(stdout);
  if (const std::string path = absl::GetFlag(FLAGS_json_out); !path.empty()) {
    std::ofstream out(path);
    out << skillbridge::loadgen::ToJson(summary) << "\n";
    if (!out) {
      std::fprintf(stderr, "loadgen: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage("skillbridge load generator (see tools/loadgen/loadgen_main.cc)");
  absl::ParseCommandLine(argc, argv);
  return Main();
}
