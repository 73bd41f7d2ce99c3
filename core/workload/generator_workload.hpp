// Loading a generator workload from TOML text: parse, apply overrides, validate, resolve.
#pragma once

#include "core/workload/generator_spec.hpp"
#include "core/workload/workload.hpp"

#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace memfrag::workload {

// Parses workload text from `path` (named in errors); throws WorkloadError for a syntax error.
toml::table parse_workload_toml(std::string_view text, const std::string &path);
// The content of the workload file at `path`; throws WorkloadError when it cannot be read.
std::string read_workload_file(const std::string &path);
// What the engine needs of a generator's specification, with `resolved` as the whole of it.
Spec engine_spec(const GeneratorSpec &generator, nlohmann::json resolved);

// `text` is the content of the file at `path` (named in errors). Fills everything but `ref`.
LoadedWorkload load_generator_text(std::string_view text, const std::string &path,
                                   const std::vector<Override> &overrides);

// Reads the file at `path`; throws WorkloadError when it cannot be read.
LoadedWorkload load_generator_file(const std::string &path, const std::vector<Override> &overrides);

} // namespace memfrag::workload
