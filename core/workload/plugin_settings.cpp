#include "core/workload/plugin_settings.hpp"

#include "core/workload/toml_fields.hpp"

#include <optional>
#include <variant>

namespace memfrag::workload {
namespace {

std::optional<plugin::ParamValue> param_value(const toml::node &node) {
   if (const auto *integer = node.as_integer()) {
      return integer->get();
   }
   if (const auto *floating = node.as_floating_point()) {
      return floating->get();
   }
   if (const auto *boolean = node.as_boolean()) {
      return boolean->get();
   }
   if (const auto *text = node.as_string()) {
      return text->get();
   }
   return std::nullopt;
}

std::vector<plugin::ParamInput> read_allocator_settings(const toml::node &node,
                                                        const std::string &path) {
   const auto *table = node.as_table();
   if (table == nullptr) {
      fail_at(node.source(), path,
              "expected a table of parameter settings, got " + describe_value(node));
   }
   std::vector<plugin::ParamInput> inputs;
   for (const auto &[name, value] : *table) {
      auto typed = param_value(value);
      if (!typed) {
         fail_at(value.source(), key_path(path, name.str()),
                 "expected an integer, float, boolean or string, got " + describe_value(value));
      }
      inputs.push_back({std::string(name.str()), *typed, false, origin_of(value.source())});
   }
   return inputs;
}

} // namespace

PluginSettings read_plugin_settings(const toml::table &root) {
   PluginSettings settings;
   const auto *node = root.get("plugin");
   if (node == nullptr) {
      return settings;
   }
   const auto *plugins = node->as_table();
   if (plugins == nullptr) {
      fail_at(node->source(), "plugin",
              "expected [plugin.<allocator-id>] tables, got " + describe_value(*node));
   }
   for (const auto &[allocator_id, allocator_node] : *plugins) {
      settings[std::string(allocator_id.str())] =
          read_allocator_settings(allocator_node, key_path("plugin", allocator_id.str()));
   }
   return settings;
}

nlohmann::json plugin_settings_to_json(const PluginSettings &settings) {
   auto json = nlohmann::json::object();
   for (const auto &[allocator_id, inputs] : settings) {
      auto values = nlohmann::json::object();
      for (const auto &input : inputs) {
         std::visit([&](const auto &value) { values[input.name] = value; }, input.value);
      }
      json[allocator_id] = values;
   }
   return json;
}

} // namespace memfrag::workload
