// A fixed, realistic results document for tests: three plugins, two workloads, two repetitions,
// runs with every status, timelines, latencies, workload figures and plugin statistics.
#pragma once

#include "core/results/model.hpp"

namespace memfrag::testing {

results::Document sample_document();

} // namespace memfrag::testing
