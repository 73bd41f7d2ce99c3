// Trace replay as a workload: `--workload trace:<file>` (ftrace or perf script text, plain or
// compressed, or memfrag's binary .mft).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/workload/workload.hpp"

namespace memfrag::workload::trace {

// Loads the trace at `path` as a workload; overrides with keys "trace.*" and "workload.*"
// apply. spec.resolved["kind"] is "trace". Throws WorkloadError.
LoadedWorkload load_trace_workload(const std::string &path, const std::vector<Override> &overrides);

// The replay driver for a workload returned by load_trace_workload().
std::unique_ptr<Driver> make_trace_driver(const LoadedWorkload &workload, std::uint64_t seed);

} // namespace memfrag::workload::trace
