// A bootstrap confidence interval on the ratio of two samples' medians: how much faster or
// slower, with how much certainty, without assuming a distribution.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace memfrag::reports::compare {

struct Interval {
   double lower = 0, upper = 0;
};

struct BootstrapSettings {
   double confidence = 0.95;
   std::uint32_t resamples = 2000;
   std::uint64_t seed = 1; // same inputs and seed, same interval
};

// Percentile interval of median(candidate) / median(baseline) over resamples drawn with
// replacement from each sample. None when a sample is empty or a baseline resample's median is
// not positive (the ratio means nothing then).
std::optional<Interval> median_ratio_interval(const std::vector<double> &baseline,
                                              const std::vector<double> &candidate,
                                              const BootstrapSettings &settings);

} // namespace memfrag::reports::compare
