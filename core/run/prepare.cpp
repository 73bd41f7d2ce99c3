#include "core/run/prepare.hpp"

#include "core/plugin/catalog.hpp"
#include "core/support/sha256.hpp"
#include "core/support/suggest.hpp"

#include <algorithm>
#include <map>

namespace memfrag::run {
namespace {

constexpr auto kLoadTimeLimit = std::chrono::seconds(30);
const std::vector<std::string> kWorkloadKeyPrefixes = {"workload", "phase", "trace", "nic"};

struct SplitSettings {
   std::vector<workload::Override> workload_overrides;
   std::map<std::string, std::vector<plugin::ParamInput>> plugin_inputs;
};

SplitSettings split_settings(const std::vector<std::string> &settings) {
   SplitSettings split;
   for (const auto &setting : settings) {
      auto equals = setting.find('=');
      auto dot = setting.find('.');
      if (equals == std::string::npos || dot == std::string::npos || dot > equals || dot == 0 ||
          dot + 1 == equals) {
         throw InputError("--set " + setting +
                          ": expected <scope>.<key>=<value>, e.g. "
                          "workload.ops=2000000 or buddy.max_order=11");
      }
      std::string scope = setting.substr(0, dot);
      std::string key = setting.substr(0, equals);
      std::string value = setting.substr(equals + 1);
      if (std::find(kWorkloadKeyPrefixes.begin(), kWorkloadKeyPrefixes.end(), scope) !=
          kWorkloadKeyPrefixes.end()) {
         split.workload_overrides.push_back({key, value});
      } else {
         split.plugin_inputs[scope].push_back(
             {key.substr(dot + 1), plugin::ParamValue{value}, true, "--set"});
      }
   }
   return split;
}

std::string unique_key(const std::string &wanted, const std::vector<std::string> &taken) {
   std::string key = wanted;
   for (int suffix = 2; std::find(taken.begin(), taken.end(), key) != taken.end(); ++suffix) {
      key = wanted + "#" + std::to_string(suffix);
   }
   return key;
}

results::PluginRecord plugin_record(const plugin::PluginRef &ref, const plugin::Library &library,
                                    const plugin::AllocatorInfo &info, const std::string &sha256) {
   results::PluginRecord record;
   record.ref = ref.ref;
   record.id = info.id;
   record.name = info.name;
   record.vendor = info.vendor;
   record.version = info.version;
   record.description = info.description;
   record.path = library.path();
   record.sha256 = sha256;
   record.thread_safe = info.thread_safe;
   return record;
}

void add_plugins_of(const plugin::PluginRef &ref, Preparation &preparation) {
   std::shared_ptr<const plugin::Library> library =
       plugin::load_library_isolated(ref.path, kLoadTimeLimit);
   std::string sha256 = support::sha256_file_hex(ref.path);
   std::vector<const plugin::AllocatorInfo *> chosen;
   if (ref.allocator_id) {
      chosen.push_back(&library->allocator(*ref.allocator_id));
   } else {
      for (const auto &info : library->allocators()) {
         chosen.push_back(&info);
      }
   }
   for (const auto *info : chosen) {
      PreparedPlugin prepared{plugin_record(ref, *library, *info, sha256), library, info, {}};
      preparation.plugins.push_back(std::move(prepared));
   }
}

std::vector<plugin::ParamInput> inputs_for(const std::string &allocator_id,
                                           const PreparedWorkload *workload,
                                           const SplitSettings &settings) {
   std::vector<plugin::ParamInput> inputs;
   if (workload != nullptr) {
      if (auto found = workload->loaded.plugin_params.find(allocator_id);
          found != workload->loaded.plugin_params.end()) {
         inputs = found->second;
      }
   }
   if (auto found = settings.plugin_inputs.find(allocator_id);
       found != settings.plugin_inputs.end()) {
      inputs.insert(inputs.end(), found->second.begin(), found->second.end());
   }
   return inputs;
}

void resolve_parameters(Preparation &preparation, const SplitSettings &settings) {
   std::vector<std::string> ids;
   for (auto &prepared : preparation.plugins) {
      const plugin::AllocatorInfo &info = *prepared.allocator;
      ids.push_back(info.id);
      auto common =
          plugin::resolve_params(info.id, info.params, inputs_for(info.id, nullptr, settings));
      for (std::size_t i = 0; i < common.size(); ++i) {
         prepared.record.params[info.params[i].name] = common[i];
      }
      for (const auto &workload : preparation.workloads) {
         prepared.params_per_workload.push_back(plugin::resolve_params(
             info.id, info.params, inputs_for(info.id, &workload, settings)));
      }
   }
   for (const auto &[scope, inputs] : settings.plugin_inputs) {
      if (std::find(ids.begin(), ids.end(), scope) == ids.end()) {
         std::vector<std::string> scopes = ids;
         scopes.insert(scopes.end(), kWorkloadKeyPrefixes.begin(), kWorkloadKeyPrefixes.end());
         throw InputError("--set " + scope + "." + inputs.front().name +
                          ": no plugin in this run has the id '" + scope + "'" +
                          support::did_you_mean(scope, scopes));
      }
   }
}

} // namespace

Preparation prepare(const std::vector<std::string> &plugin_refs,
                    const std::vector<std::string> &workload_refs,
                    const std::vector<std::string> &settings) {
   Preparation preparation;
   try {
      SplitSettings split = split_settings(settings);
      for (const auto &ref : plugin_refs) {
         add_plugins_of(plugin::resolve_plugin_ref(ref), preparation);
      }
      std::vector<std::string> plugin_keys;
      for (auto &prepared : preparation.plugins) {
         prepared.record.key = unique_key(prepared.record.id, plugin_keys);
         plugin_keys.push_back(prepared.record.key);
      }
      std::vector<std::string> workload_keys;
      for (const auto &ref : workload_refs) {
         workload::LoadedWorkload loaded = workload::load_workload(ref, split.workload_overrides);
         results::WorkloadRecord record;
         record.key = unique_key(loaded.spec.name, workload_keys);
         workload_keys.push_back(record.key);
         record.ref = ref;
         record.name = loaded.spec.name;
         record.path = loaded.path;
         record.sha256 = loaded.sha256;
         record.spec = loaded.spec.resolved;
         preparation.workloads.push_back({std::move(record), std::move(loaded)});
      }
      resolve_parameters(preparation, split);
   } catch (const InputError &) {
      throw;
   } catch (const std::exception &error) {
      throw InputError(error.what());
   }
   return preparation;
}

} // namespace memfrag::run
