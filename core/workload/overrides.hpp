// `--set` overrides applied to a parsed workload file before it is validated, so that a value
// given on the command line is checked exactly like one written in the file.
#pragma once

#include "core/workload/workload.hpp"
#include "core/workload/workload_schema.hpp"

#include <span>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace memfrag::workload {

// Applies `workload.<key>=<text>` and `phase.<index>.<key>=<text>` in order (later wins). The
// text of a string key is taken verbatim; any other is read as a TOML value ("2000000",
// "[0.6, 0.8]", "{ 0 = 9, 1 = 1 }"). Throws WorkloadError naming "--set" and the key for an
// unknown key, a phase index out of range or text that is not a value.
void apply_overrides(toml::table &root, const std::vector<Override> &overrides);

// Applies `<table>.<key>=<text>` overrides to the top-level table `table` of a workload of a
// kind that has one (the NIC harness's [nic]), created when the file has none; each key is
// checked against `fields`. Throws as apply_overrides() does.
void apply_table_overrides(toml::table &root, std::string_view table,
                           std::span<const FieldSchema> fields,
                           const std::vector<Override> &overrides);

} // namespace memfrag::workload
