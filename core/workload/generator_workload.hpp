// Loading a generator workload from TOML text: parse, apply overrides, validate, resolve.
#pragma once

#include "core/workload/workload.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace memfrag::workload {

// `text` is the content of the file at `path` (named in errors). Fills everything but `ref`.
LoadedWorkload load_generator_text(std::string_view text, const std::string &path,
                                   const std::vector<Override> &overrides);

// Reads the file at `path`; throws WorkloadError when it cannot be read.
LoadedWorkload load_generator_file(const std::string &path, const std::vector<Override> &overrides);

} // namespace memfrag::workload
