// The NIC harness as a workload: a TOML file with a [nic] table beside the generator's
// [workload] and [[phase]] tables (the background load). `--set nic.<key>=<value>` overrides the
// [nic] table, the other keys as for a generator.
#pragma once

#include "core/workload/workload.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace memfrag::workload::nic {

// Whether a parsed workload file describes a NIC workload (has a [nic] table).
bool declares_nic(const toml::table &root);

// `text` is the content of the file at `path` (named in errors). spec.resolved is the
// generator's resolved specification with kind "nic" and a "nic" object. Throws WorkloadError.
LoadedWorkload load_nic_text(std::string_view text, const std::string &path,
                             const std::vector<Override> &overrides);

// The driver for a workload load_nic_text() returned.
std::unique_ptr<Driver> make_nic_workload_driver(const LoadedWorkload &workload,
                                                 std::uint64_t seed);

} // namespace memfrag::workload::nic
