#include "core/workload/nic/nic_workload.hpp"

#include "core/support/sha256.hpp"
#include "core/workload/generator_spec_reader.hpp"
#include "core/workload/generator_workload.hpp"
#include "core/workload/nic/nic_driver.hpp"
#include "core/workload/nic/nic_spec_reader.hpp"
#include "core/workload/nic/traffic_plan.hpp"
#include "core/workload/overrides.hpp"
#include "core/workload/plugin_settings.hpp"
#include "core/workload/toml_fields.hpp"

#include <filesystem>

namespace memfrag::workload::nic {
namespace {

constexpr std::string_view kNicTable = "nic";

bool is_nic_override(const Override &override_) {
   return override_.key.starts_with(std::string(kNicTable) + ".");
}

// The [nic] overrides go to the [nic] table, the rest to the generator's tables.
void apply_all_overrides(toml::table &root, const std::vector<Override> &overrides) {
   std::vector<Override> nic_overrides, other_overrides;
   for (const auto &override_ : overrides) {
      (is_nic_override(override_) ? nic_overrides : other_overrides).push_back(override_);
   }
   apply_overrides(root, other_overrides);
   apply_table_overrides(root, kNicTable, kNicFields, nic_overrides);
}

const toml::table &nic_table(const toml::table &root) {
   const toml::node *node = root.get(kNicTable);
   if (!node->is_table()) {
      fail_at(node->source(), kNicTable, "expected a [nic] table, got " + describe_value(*node));
   }
   return *node->as_table();
}

GeneratorSpec read_background(const toml::table &root, const std::string &path) {
   toml::table background = root;
   background.erase(kNicTable);
   return read_generator_spec(background, std::filesystem::path(path).stem().string());
}

} // namespace

bool declares_nic(const toml::table &root) {
   return root.contains(kNicTable);
}

LoadedWorkload load_nic_text(std::string_view text, const std::string &path,
                             const std::vector<Override> &overrides) {
   auto root = parse_workload_toml(text, path);
   apply_all_overrides(root, overrides);
   const GeneratorSpec background = read_background(root, path);
   const NicSpec spec = read_nic_spec(nic_table(root), background);
   auto settings = read_plugin_settings(root);
   auto resolved = generator_spec_to_json(background);
   resolved["kind"] = "nic";
   resolved["nic"] = nic_spec_to_json(spec);
   resolved["plugin"] = plugin_settings_to_json(settings);

   LoadedWorkload workload;
   workload.path = path;
   workload.sha256 = support::sha256_hex(resolved.dump());
   workload.spec = engine_spec(background, std::move(resolved));
   workload.spec.ops = expected_ops(spec, background);
   workload.plugin_params = std::move(settings);
   return workload;
}

std::unique_ptr<Driver> make_nic_workload_driver(const LoadedWorkload &workload,
                                                 std::uint64_t seed) {
   const nlohmann::json &resolved = workload.spec.resolved;
   return make_nic_driver(generator_spec_from_json(resolved),
                          nic_spec_from_json(resolved.at("nic")), seed);
}

} // namespace memfrag::workload::nic
