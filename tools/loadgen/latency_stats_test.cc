#include "tools/loadgen/latency_stats.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace skillbridge::loadgen {
namespace {

TEST(PercentileTest, NearestRank) {
  std::vector<int64_t> sorted;
  for (int i = 1; i <= 100; ++i) {
    sorted.push_back(i);
  }
  EXPECT_EQ(Percentile(sorted, 50), 50);
  EXPECT_EQ(Percentile(sorted, 90), 90);
  EXPECT_EQ(Percentile(sorted, 99), 99);
  EXPECT_EQ(Percentile(sorted, 100), 100);
  EXPECT_EQ(Percentile(sorted, 0.001), 1);
}

TEST(PercentileTest, SmallAndEmpty) {
  EXPECT_EQ(Percentile({}, 50), 0);
  EXPECT_EQ(Percentile({7}, 99), 7);
  // Two samples: p50 is the first (rank ceil(1.0) = 1), p90 the second.
  EXPECT_EQ(Percentile({3, 9}, 50), 3);
  EXPECT_EQ(Percentile({3, 9}, 90), 9);
}

TEST(LatencyStatsTest, SummarizesThroughputLatencyAndErrors) {
  LatencyStats a;
  LatencyStats b;
  for (int i = 1; i <= 90; ++i) {
    a.Record(int64_t{i} * 1'000'000, /*OK*/ 0, 1);
  }
  for (int i = 91; i <= 100; ++i) {
    b.Record(int64_t{i} * 1'000'000, /*UNAVAILABLE*/ 14, 0);
  }
  b.Record(500'000'000, /*RESOURCE_EXHAUSTED*/ 8, 0);
  a.Merge(b);
  ASSERT_EQ(a.calls(), 101);
  EXPECT_EQ(a.count_of(0), 90);
  EXPECT_EQ(a.count_of(14), 10);

  const Summary s = Summarize(a, /*seconds=*/2.0);
  EXPECT_EQ(s.calls, 101);
  EXPECT_EQ(s.ok, 90);
  EXPECT_EQ(s.items, 90);
  EXPECT_DOUBLE_EQ(s.calls_per_s, 50.5);
  EXPECT_DOUBLE_EQ(s.items_per_s, 45.0);
  EXPECT_DOUBLE_EQ(s.p50_ms, 51.0);
  EXPECT_DOUBLE_EQ(s.max_ms, 500.0);
  EXPECT_DOUBLE_EQ(s.p99_ms, 100.0);
  ASSERT_EQ(s.errors.size(), 2u);
  EXPECT_EQ(s.errors.at("UNAVAILABLE"), 10);
  EXPECT_EQ(s.errors.at("RESOURCE_EXHAUSTED"), 1);
}

TEST(LatencyStatsTest, OutOfRangeCodesAreCountedApart) {
  LatencyStats stats;
  stats.Record(1, 99, 0);
  stats.Record(1, -1, 0);
  const Summary s = Summarize(stats, 1.0);
  EXPECT_EQ(s.errors.at("OTHER"), 2);
  EXPECT_EQ(StatusCodeName(99), "CODE_99");
  EXPECT_EQ(StatusCodeName(16), "UNAUTHENTICATED");
}

TEST(LatencyStatsTest, EmptyRunIsAllZero) {
  const Summary s = Summarize(LatencyStats(), 0);
  EXPECT_EQ(s.calls, 0);
  EXPECT_EQ(s.calls_per_s, 0);
  EXPECT_EQ(s.p99_ms, 0);
  EXPECT_TRUE(s.errors.empty());
}

TEST(LatencyStatsTest, JsonAndResultLine) {
  LatencyStats stats;
  stats.Record(2'000'000, 0, 1000);
  stats.Record(4'000'000, 14, 0);
  Summary s = Summarize(stats, 1.0);
  s.scenario = "bulk_issue";
  s.label = "bulk \"1k\"";
  s.target = "127.0.0.1:1";
  s.concurrency = 4;
  EXPECT_EQ(ToJson(s),
            "{\"scenario\":\"bulk_issue\",\"label\":\"bulk \\\"1k\\\"\",\"target\":\"127.0.0.1:1\",\"concurrency\":4,"
            "\"seconds\":1.000,\"calls\":2,\"ok\":1,\"errors\":{\"UNAVAILABLE\":1},\"items\":1000,"
            "\"calls_per_s\":2.000,\"items_per_s\":1000.000,"
            "\"latency_ms\":{\"p50\":2.000,\"p90\":4.000,\"p99\":4.000,\"max\":4.000,\"mean\":3.000}}");
  EXPECT_EQ(ToResultLine(s),
            "RESULT\tbulk_issue\tbulk \"1k\"\t4\t2.0\t1000.0\t2.000\t4.000\t4.000\t4.000\t2\tUNAVAILABLE=1");
}

}  // namespace
}  // namespace skillbridge::loadgen
