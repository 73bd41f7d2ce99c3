// A log-linear histogram of durations in nanoseconds, cheap enough to record every operation of
// the measured loop: exact below 64 ns, then 16 buckets per power of two (at most 6.25% wide).
#pragma once

#include "core/results/model.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <limits>

namespace memfrag::metrics {

class LatencyHistogram {
 public:
   static constexpr std::uint64_t kExactLimit = 64;   // values below are their own bucket
   static constexpr std::uint32_t kSubBucketBits = 4; // 16 buckets per power of two
   static constexpr std::uint32_t kSubBuckets = 1u << kSubBucketBits;
   static constexpr std::uint32_t kFirstLogOrder = 6; // log2(kExactLimit)
   static constexpr std::size_t kBucketCount =
       kExactLimit + (64 - kFirstLogOrder) * std::size_t{kSubBuckets};

   void record(std::uint64_t ns) {
      ++buckets_[bucket_index(ns)];
      ++count_;
      sum_ += ns;
      min_ = ns < min_ ? ns : min_;
      max_ = ns > max_ ? ns : max_;
   }

   void merge(const LatencyHistogram &other);

   std::uint64_t count() const { return count_; }
   std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
   std::uint64_t max() const { return max_; }
   double mean() const;

   // The smallest recorded bucket bound below which at least `quantile` (0..1) of the values
   // lie (nearest rank), clamped to [min, max]: exact below 64 ns. 0 when empty.
   std::uint64_t percentile(double quantile) const;

   results::LatencySummary summary() const;

   // Rebuilds a histogram from a summary's buckets, count, min, max and mean, so that
   // summaries (per order, per repetition) can be merged and their percentiles recomputed.
   static LatencyHistogram from_summary(const results::LatencySummary &summary);

   static constexpr std::size_t bucket_index(std::uint64_t ns) {
      if (ns < kExactLimit)
         return static_cast<std::size_t>(ns);
      const auto log_order = static_cast<std::uint32_t>(std::bit_width(ns) - 1);
      const std::uint64_t sub_bucket = (ns >> (log_order - kSubBucketBits)) & (kSubBuckets - 1);
      return kExactLimit + (log_order - kFirstLogOrder) * std::size_t{kSubBuckets} + sub_bucket;
   }

   // The largest value that falls into bucket `index`.
   static std::uint64_t bucket_upper_bound(std::size_t index);

 private:
   std::array<std::uint64_t, kBucketCount> buckets_{};
   std::uint64_t count_ = 0;
   std::uint64_t sum_ = 0;
   std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
   std::uint64_t max_ = 0;
};

} // namespace memfrag::metrics
