#include "core/metrics/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace memfrag::metrics {

void LatencyHistogram::merge(const LatencyHistogram &other) {
   for (std::size_t i = 0; i < kBucketCount; ++i)
      buckets_[i] += other.buckets_[i];
   count_ += other.count_;
   sum_ += other.sum_;
   min_ = std::min(min_, other.min_);
   max_ = std::max(max_, other.max_);
}

double LatencyHistogram::mean() const {
   return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_);
}

std::uint64_t LatencyHistogram::bucket_upper_bound(std::size_t index) {
   if (index < kExactLimit)
      return index;
   const std::size_t log_index = index - kExactLimit;
   const auto log_order = static_cast<std::uint32_t>(kFirstLogOrder + log_index / kSubBuckets);
   const std::uint64_t sub_bucket = log_index % kSubBuckets;
   const std::uint32_t width_order = log_order - kSubBucketBits;
   const std::uint64_t lower = (kSubBuckets + sub_bucket) << width_order;
   return lower + ((std::uint64_t{1} << width_order) - 1);
}

std::uint64_t LatencyHistogram::percentile(double quantile) const {
   if (count_ == 0)
      return 0;
   const double wanted = std::ceil(std::clamp(quantile, 0.0, 1.0) * static_cast<double>(count_));
   const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(wanted));
   std::uint64_t seen = 0;
   for (std::size_t i = 0; i < kBucketCount; ++i) {
      seen += buckets_[i];
      if (seen >= rank)
         return std::clamp(bucket_upper_bound(i), min(), max_);
   }
   return max_;
}

results::LatencySummary LatencyHistogram::summary() const {
   results::LatencySummary summary;
   summary.count = count_;
   summary.min_ns = min();
   summary.p50_ns = percentile(0.5);
   summary.p90_ns = percentile(0.9);
   summary.p99_ns = percentile(0.99);
   summary.p999_ns = percentile(0.999);
   summary.max_ns = max_;
   summary.mean_ns = mean();
   for (std::size_t i = 0; i < kBucketCount; ++i)
      if (buckets_[i] != 0)
         summary.buckets.emplace_back(bucket_upper_bound(i), buckets_[i]);
   return summary;
}

LatencyHistogram LatencyHistogram::from_summary(const results::LatencySummary &summary) {
   LatencyHistogram histogram;
   for (const auto &[upper_bound, count] : summary.buckets)
      histogram.buckets_[bucket_index(upper_bound)] += count;
   histogram.count_ = summary.count;
   histogram.sum_ = static_cast<std::uint64_t>(
       std::llround(summary.mean_ns * static_cast<double>(summary.count)));
   if (summary.count != 0)
      histogram.min_ = summary.min_ns;
   histogram.max_ = summary.max_ns;
   return histogram;
}

} // namespace memfrag::metrics
