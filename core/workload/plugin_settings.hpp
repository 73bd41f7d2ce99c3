// The [plugin.<allocator-id>] tables of a workload file: parameter settings handed to the
// plugin layer, which checks them against each plugin's declared schema.
#pragma once

#include "core/plugin/params.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <toml++/toml.h>
#include <vector>

namespace memfrag::workload {

using PluginSettings = std::map<std::string, std::vector<plugin::ParamInput>>;

// Every `name = value` of every [plugin.<id>] table, typed as TOML gives it (integer, float,
// boolean or string), with its origin "file:line:col". Throws WorkloadError for other values.
PluginSettings read_plugin_settings(const toml::table &root);

// {"<id>": {"<name>": value, ...}, ...} for the resolved specification.
nlohmann::json plugin_settings_to_json(const PluginSettings &settings);

} // namespace memfrag::workload
