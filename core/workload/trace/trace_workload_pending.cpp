// Stands in for trace replay until its implementation is merged; delete it then.
#include "core/workload/trace/trace_workload.hpp"

namespace memfrag::workload::trace {

LoadedWorkload load_trace_workload(const std::string & /*path*/,
                                   const std::vector<Override> & /*overrides*/) {
   throw WorkloadError("trace replay is not available");
}

std::unique_ptr<Driver> make_trace_driver(const LoadedWorkload & /*workload*/,
                                          std::uint64_t /*seed*/) {
   throw WorkloadError("trace replay is not available");
}

} // namespace memfrag::workload::trace
