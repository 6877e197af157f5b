// The sources table and the --sources flag (unit: pure parsing, no connection is made).

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/feed/sources.h"

namespace skillbridge::aggregator {
namespace {

absl::StatusOr<SourceEndpoints> Parse(const std::vector<std::string>& items) { return ParseSourcesFlag(items); }

// The refusal of `items`: INVALID_ARGUMENT naming --sources and containing `fragment`.
void ExpectRefused(const std::vector<std::string>& items, const std::string& fragment) {
  const absl::StatusOr<SourceEndpoints> parsed = Parse(items);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(parsed.status().message());
  EXPECT_EQ(message.rfind("--sources: ", 0), 0u) << message;
  EXPECT_NE(message.find(fragment), std::string::npos) << message;
}

TEST(SourcesTableTest, OneRowPerConsumableSourceWithBothFactories) {
  std::vector<std::string> names;
  for (const SourceSpec& spec : Sources()) {
    names.emplace_back(spec.name());
    EXPECT_NE(spec.make_feed, nullptr) << spec.name();
    EXPECT_NE(spec.make_profile, nullptr) << spec.name();
    EXPECT_EQ(FindSource(spec.name()), &spec);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"evaluation", "training", "competition", "incentive", "education"}));
  ASSERT_NE(FindSource("competition"), nullptr);
  EXPECT_EQ(FindSource("competition")->source, v1::SOURCE_COMPETITION);
  ASSERT_NE(FindSource("incentive"), nullptr);
  EXPECT_EQ(FindSource("incentive")->source, v1::SOURCE_INCENTIVE);
  ASSERT_NE(FindSource("education"), nullptr);
  EXPECT_EQ(FindSource("education")->source, v1::SOURCE_EDUCATION);
  EXPECT_EQ(FindSource("apprenticeship"), nullptr);
  EXPECT_EQ(KnownSourceNames(), "evaluation, training, competition, incentive, education");
}

TEST(SourcesFlagTest, ListsSourcesWithTheirAddressesAndTlsNames) {
  const auto parsed =
      Parse({"evaluation=127.0.0.1:50051", "training=10.0.0.5:50052", "tls_server_name=training.skillbridge.internal",
             "competition=127.0.0.1:50053", "incentive=127.0.0.1:50054", "education=127.0.0.1:50055"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 5u);
  EXPECT_EQ(parsed->at("education").address, "127.0.0.1:50055");
  EXPECT_EQ(parsed->at("incentive").address, "127.0.0.1:50054");
  EXPECT_EQ(parsed->at("competition").address, "127.0.0.1:50053");
  EXPECT_EQ(parsed->at("competition").tls_server_name, "");
  EXPECT_EQ(parsed->at("evaluation").address, "127.0.0.1:50051");
  EXPECT_EQ(parsed->at("evaluation").tls_server_name, "");
  EXPECT_EQ(parsed->at("training").address, "10.0.0.5:50052");
  EXPECT_EQ(parsed->at("training").tls_server_name, "training.skillbridge.internal");
}

TEST(SourcesFlagTest, NoneListedIsNoneConnected) {
  const auto parsed = Parse({});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->empty());
}

TEST(SourcesFlagTest, AddressesMayCarryEqualsSignsAndSchemes) {
  const auto parsed = Parse({"evaluation=unix:/run/evaluation.sock", "training=dns:///training:50052"});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->at("evaluation").address, "unix:/run/evaluation.sock");
  EXPECT_EQ(parsed->at("training").address, "dns:///training:50052");
}

TEST(SourcesFlagTest, RefusesWhatCannotBeMeant) {
  ExpectRefused({"apprenticeship=127.0.0.1:50056"},
                "unknown source 'apprenticeship' (known: evaluation, training, competition, incentive, education)");
  ExpectRefused({"education=a:1", "education=b:2"}, "education is given twice");
  ExpectRefused({"incentive=a:1", "incentive=b:2"}, "incentive is given twice");
  ExpectRefused({"competition=a:1", "competition=b:2"}, "competition is given twice");
  ExpectRefused({"evaluation=a:1", "evaluation=b:2"}, "evaluation is given twice");
  ExpectRefused({"evaluation"}, "'evaluation' is not <source>=<address>");
  ExpectRefused({"=127.0.0.1:1"}, "is not <source>=<address>");
  ExpectRefused({""}, "is not <source>=<address>");
  ExpectRefused({"evaluation="}, "the address of evaluation is empty");
  ExpectRefused({"tls_server_name=x", "evaluation=a:1"}, "must follow the <source>=<address>");
  ExpectRefused({"evaluation=a:1", "tls_server_name=x", "tls_server_name=y"}, "given twice for evaluation");
  ExpectRefused({"evaluation=a:1", "tls_server_name="}, "tls_server_name of evaluation is empty");
}

}  // namespace
}  // namespace skillbridge::aggregator
