// Built-in workloads: the *.toml files of the workload directories, named by their stem.
#pragma once

#include <string>

namespace memfrag::workload {

// The file of the built-in workload `name` (the first directory holding it wins). Throws
// WorkloadError listing the built-ins, with the nearest name, when there is none.
std::string builtin_workload_path(const std::string &name);

} // namespace memfrag::workload
