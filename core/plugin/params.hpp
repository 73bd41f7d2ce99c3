// Plugin-declared typed parameters on the host side: the schema read through the params
// extension, the settings users give (workload TOML, --set), and their resolution into the
// values passed to the plugin.
#pragma once

#include <string>
#include <vector>

#include "core/results/model.hpp"

namespace memfrag::plugin {

using results::ParamValue;
using ParamSpec = results::ParamSchemaEntry;

// One setting a user gave for a parameter. TOML gives typed values; --set gives text, parsed
// against the declared type.
struct ParamInput {
   std::string name;
   ParamValue value;
   bool is_text = false; // value holds unparsed text (from --set)
   std::string origin;   // where it came from, for errors: "--set", "my.toml:12:3"
};

// Resolves `inputs` against `schema` for the allocator `allocator_id`: defaults first, then each
// input in order (later wins). Throws std::invalid_argument with a one-line message naming the
// origin, the parameter, what was expected, and the nearest declared name for an unknown one.
std::vector<ParamValue> resolve_params(const std::string &allocator_id,
                                       const std::vector<ParamSpec> &schema,
                                       const std::vector<ParamInput> &inputs);

// Text form of a value as users write it ("10", "0.5", "true", "first-fit").
std::string param_value_text(const ParamValue &value);

} // namespace memfrag::plugin
