#include "core/results/matrix.hpp"

#include "core/results/json.hpp"
#include "core/support/sha256.hpp"

#include <algorithm>

namespace memfrag::results {
namespace {

using nlohmann::json;

json plugin_identity(const PluginRecord &plugin) {
   Document holder;
   holder.plugins = {plugin};
   const json full = to_json(holder)["plugins"][0];
   return {{"key", plugin.key},
           {"id", plugin.id},
           {"version", plugin.version},
           {"sha256", plugin.sha256},
           {"params", full["params"]}};
}

template <typename Item, typename Key>
std::optional<std::uint64_t> index_of(const std::vector<Item> &items, const Key &key, auto key_of) {
   const auto found = std::find_if(items.begin(), items.end(),
                                   [&](const Item &item) { return key_of(item) == key; });
   if (found == items.end())
      return std::nullopt;
   return static_cast<std::uint64_t>(found - items.begin());
}

} // namespace

std::string matrix_identity(const Document &document) {
   json plugins = json::array(), workloads = json::array();
   for (const PluginRecord &plugin : document.plugins)
      plugins.push_back(plugin_identity(plugin));
   for (const WorkloadRecord &workload : document.workloads)
      workloads.push_back({{"key", workload.key}, {"sha256", workload.sha256}});
   const json identity{{"plugins", plugins},
                       {"workloads", workloads},
                       {"seeds", document.seeds},
                       {"repeat", document.repeat}};
   return support::sha256_hex(identity.dump());
}

std::uint64_t matrix_cell_count(const Document &document) {
   return std::uint64_t{document.workloads.size()} * document.seeds.size() * document.repeat *
          document.plugins.size();
}

std::optional<std::uint64_t> matrix_position(const Document &document, const RunResult &run) {
   const auto workload = index_of(document.workloads, run.workload,
                                  [](const WorkloadRecord &record) { return record.key; });
   const auto seed =
       index_of(document.seeds, run.seed, [](std::uint64_t candidate) { return candidate; });
   const auto plugin = index_of(document.plugins, run.plugin,
                                [](const PluginRecord &record) { return record.key; });
   if (!workload || !seed || !plugin || run.repetition >= document.repeat)
      return std::nullopt;
   const std::uint64_t seeds = document.seeds.size(), plugins = document.plugins.size();
   return ((*workload * seeds + *seed) * document.repeat + run.repetition) * plugins + *plugin;
}

bool cell_in_shard(std::uint64_t cell, std::uint32_t index, std::uint32_t count) {
   return cell % count == index - 1;
}

} // namespace memfrag::results
