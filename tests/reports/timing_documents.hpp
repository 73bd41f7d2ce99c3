// Documents for the comparison tests: the sample document's plugins and workloads, every run ok
// with the same deterministic counts, timings drawn with run-to-run noise from a seeded
// generator, as repeated real runs look.
#pragma once

#include "core/results/model.hpp"

#include <cstdint>

namespace memfrag::testing {

struct TimingNoise {
   std::uint64_t seed = 1;
   std::uint32_t repetitions = 5;
   double slowdown = 1.0; // multiplies every timing
   double spread = 0.05;  // standard deviation of the log of a run's timing factor
};

results::Document timing_document(const TimingNoise &noise);

// Moves `failures` successful order-3 requests of `plugin`'s runs to fragmentation failures.
void add_fragmentation_failures(results::Document &document, const std::string &plugin,
                                std::uint64_t failures);

} // namespace memfrag::testing
