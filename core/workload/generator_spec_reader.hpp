// Validation of a parsed workload file into a GeneratorSpec.
#pragma once

#include "core/workload/generator_spec.hpp"

#include <string_view>
#include <toml++/toml.h>

namespace memfrag::workload {

// Reads the [workload] table and the [[phase]] tables of `root` (overrides already applied),
// filling defaults; `default_name` names a workload whose file gives no name. Throws
// WorkloadError for anything unknown, mistyped, out of range or inconsistent.
GeneratorSpec read_generator_spec(const toml::table &root, std::string_view default_name);

} // namespace memfrag::workload
