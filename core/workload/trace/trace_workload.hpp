// Trace replay as a workload: `--workload trace:<file>` (ftrace or perf script text, plain or
// compressed, or memfrag's binary .mft).
#pragma once

#include "core/workload/workload.hpp"

#include <memory>
#include <string>
#include <vector>

namespace memfrag::workload::trace {

// Loads the trace at `path` as a workload; overrides with keys "trace.*" and "workload.*"
// apply. spec.resolved["kind"] is "trace". Throws WorkloadError.
LoadedWorkload load_trace_workload(const std::string &path, const std::vector<Override> &overrides);

// The replay of a workload returned by load_trace_workload(), split by traced CPU into `lanes`
// lanes (one: every event in trace order).
std::unique_ptr<Lanes> make_trace_lanes(const LoadedWorkload &workload, std::uint32_t lanes);
// The replay as one stream.
std::unique_ptr<Driver> make_trace_driver(const LoadedWorkload &workload);

} // namespace memfrag::workload::trace
