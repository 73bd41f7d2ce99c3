#include "core/metrics/latency_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <vector>

namespace memfrag::metrics {
namespace {

TEST(LatencyHistogram, EmptySummaryIsZero) {
   const results::LatencySummary summary = LatencyHistogram().summary();
   EXPECT_EQ(summary.count, 0u);
   EXPECT_EQ(summary.min_ns, 0u);
   EXPECT_EQ(summary.p99_ns, 0u);
   EXPECT_EQ(summary.max_ns, 0u);
   EXPECT_EQ(summary.mean_ns, 0.0);
   EXPECT_TRUE(summary.buckets.empty());
}

// 0..63 once each: exact buckets, so nearest-rank percentiles are the values themselves.
// p50 is rank ceil(0.5 * 64) = 32, the value 31; p90 rank 58 -> 57; p99 rank 64 -> 63.
TEST(LatencyHistogram, ExactBelowSixtyFour) {
   LatencyHistogram histogram;
   for (std::uint64_t ns = 0; ns < 64; ++ns)
      histogram.record(ns);
   const results::LatencySummary summary = histogram.summary();
   EXPECT_EQ(summary.count, 64u);
   EXPECT_EQ(summary.min_ns, 0u);
   EXPECT_EQ(summary.p50_ns, 31u);
   EXPECT_EQ(summary.p90_ns, 57u);
   EXPECT_EQ(summary.p99_ns, 63u);
   EXPECT_EQ(summary.max_ns, 63u);
   EXPECT_DOUBLE_EQ(summary.mean_ns, 31.5);
   ASSERT_EQ(summary.buckets.size(), 64u);
   EXPECT_EQ(summary.buckets[10], (std::pair<std::uint64_t, std::uint64_t>{10, 1}));
}

// Above 64 ns, 16 buckets per power of two: 64..67 is one bucket (width 4), 1024..1087 another
// (width 64).
TEST(LatencyHistogram, BucketBounds) {
   EXPECT_EQ(LatencyHistogram::bucket_index(63), 63u);
   EXPECT_EQ(LatencyHistogram::bucket_index(64), 64u);
   EXPECT_EQ(LatencyHistogram::bucket_index(67), 64u);
   EXPECT_EQ(LatencyHistogram::bucket_index(68), 65u);
   EXPECT_EQ(LatencyHistogram::bucket_upper_bound(64), 67u);
   EXPECT_EQ(LatencyHistogram::bucket_upper_bound(LatencyHistogram::bucket_index(1024)), 1087u);
   EXPECT_EQ(LatencyHistogram::bucket_index(~std::uint64_t{0}), LatencyHistogram::kBucketCount - 1);
   EXPECT_EQ(LatencyHistogram::bucket_upper_bound(LatencyHistogram::kBucketCount - 1),
             ~std::uint64_t{0});
}

TEST(LatencyHistogram, EveryValueLiesInItsBucketWithinOneSixteenth) {
   std::mt19937_64 random(7);
   for (int i = 0; i < 100000; ++i) {
      const std::uint64_t ns = random() >> (random() % 64);
      const std::size_t index = LatencyHistogram::bucket_index(ns);
      const std::uint64_t upper = LatencyHistogram::bucket_upper_bound(index);
      ASSERT_GE(upper, ns);
      if (index > 0) {
         ASSERT_LT(LatencyHistogram::bucket_upper_bound(index - 1), ns);
      }
      ASSERT_LE(static_cast<double>(upper - ns), static_cast<double>(ns) / 16.0);
   }
}

TEST(LatencyHistogram, PercentilesWithinBucketPrecision) {
   std::mt19937_64 random(11);
   std::lognormal_distribution<double> latency(6.0, 1.0);
   std::vector<std::uint64_t> values;
   LatencyHistogram histogram;
   for (int i = 0; i < 20000; ++i) {
      const auto ns = static_cast<std::uint64_t>(latency(random));
      values.push_back(ns);
      histogram.record(ns);
   }
   std::sort(values.begin(), values.end());
   for (const double quantile : {0.5, 0.9, 0.99, 0.999}) {
      const auto rank = static_cast<std::size_t>(std::ceil(quantile * double(values.size())));
      const std::uint64_t exact = values[rank - 1];
      const std::uint64_t estimate = histogram.percentile(quantile);
      EXPECT_GE(estimate, exact) << quantile;
      EXPECT_LE(static_cast<double>(estimate), static_cast<double>(exact) * 1.0625 + 1) << quantile;
   }
   EXPECT_EQ(histogram.percentile(1.0), values.back());
   EXPECT_EQ(histogram.percentile(0.0), values.front());
}

TEST(LatencyHistogram, MergeEqualsRecordingEverything) {
   LatencyHistogram first, second, both;
   for (std::uint64_t ns : {5u, 70u, 900u, 12000u}) {
      first.record(ns);
      both.record(ns);
   }
   for (std::uint64_t ns : {3u, 64u, 100000u}) {
      second.record(ns);
      both.record(ns);
   }
   first.merge(second);
   const results::LatencySummary merged = first.summary(), expected = both.summary();
   EXPECT_EQ(merged.count, expected.count);
   EXPECT_EQ(merged.min_ns, 3u);
   EXPECT_EQ(merged.max_ns, 100000u);
   EXPECT_EQ(merged.p50_ns, expected.p50_ns);
   EXPECT_EQ(merged.buckets, expected.buckets);
   EXPECT_DOUBLE_EQ(merged.mean_ns, expected.mean_ns);
}

TEST(LatencyHistogram, MergingAnEmptyHistogramChangesNothing) {
   LatencyHistogram histogram;
   histogram.record(100);
   histogram.merge(LatencyHistogram());
   EXPECT_EQ(histogram.min(), 100u);
   EXPECT_EQ(histogram.count(), 1u);
}

TEST(LatencyHistogram, RebuiltFromSummaryGivesTheSameSummary) {
   LatencyHistogram histogram;
   for (std::uint64_t ns : {12u, 80u, 81u, 5000u, 70000u})
      histogram.record(ns);
   const results::LatencySummary summary = histogram.summary();
   const results::LatencySummary rebuilt = LatencyHistogram::from_summary(summary).summary();
   EXPECT_EQ(rebuilt.buckets, summary.buckets);
   EXPECT_EQ(rebuilt.p50_ns, summary.p50_ns);
   EXPECT_EQ(rebuilt.p999_ns, summary.p999_ns);
   EXPECT_EQ(rebuilt.min_ns, summary.min_ns);
   EXPECT_DOUBLE_EQ(rebuilt.mean_ns, summary.mean_ns);
}

} // namespace
} // namespace memfrag::metrics
