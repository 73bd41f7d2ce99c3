#include "core/results/combine.hpp"

#include "core/results/json.hpp"

#include <algorithm>
#include <map>

namespace memfrag::results {
namespace {

using Renames = std::map<std::string, std::string>;

// Records compared by their JSON form, so that every field counts.
template <typename Record> nlohmann::json record_json(const Record &record);

template <> nlohmann::json record_json(const PluginRecord &record) {
   Document holder;
   holder.plugins = {record};
   return to_json(holder)["plugins"][0];
}

template <> nlohmann::json record_json(const WorkloadRecord &record) {
   Document holder;
   holder.workloads = {record};
   return to_json(holder)["workloads"][0];
}

// Adds `incoming` records to `target`; returns the keys that had to be renamed.
template <typename Record>
Renames add_records(std::vector<Record> &target, const std::vector<Record> &incoming,
                    const std::string &label) {
   Renames renames;
   for (Record record : incoming) {
      const auto same_key = std::find_if(target.begin(), target.end(),
                                         [&](const Record &r) { return r.key == record.key; });
      if (same_key != target.end() && record_json(*same_key) == record_json(record))
         continue;
      if (same_key != target.end()) {
         renames[record.key] = record.key + "@" + label;
         record.key = renames[record.key];
      }
      target.push_back(record);
   }
   return renames;
}

std::string renamed(const Renames &renames, const std::string &key) {
   const auto found = renames.find(key);
   return found == renames.end() ? key : found->second;
}

void add_document(Document &combined, const Document &input, const std::string &label) {
   const Renames plugin_renames = add_records(combined.plugins, input.plugins, label);
   const Renames workload_renames = add_records(combined.workloads, input.workloads, label);
   for (RunResult run : input.runs) {
      run.plugin = renamed(plugin_renames, run.plugin);
      run.workload = renamed(workload_renames, run.workload);
      combined.runs.push_back(std::move(run));
   }
   for (std::uint64_t seed : input.seeds)
      if (std::find(combined.seeds.begin(), combined.seeds.end(), seed) == combined.seeds.end())
         combined.seeds.push_back(seed);
   combined.repeat = std::max(combined.repeat, input.repeat);
   combined.complete = combined.complete && input.complete;
}

} // namespace

Document combine_documents(const std::vector<Document> &inputs,
                           const std::vector<std::string> &labels) {
   if (inputs.size() == 1)
      return inputs.front();
   Document combined = inputs.front();
   combined.plugins.clear();
   combined.workloads.clear();
   combined.runs.clear();
   combined.seeds.clear();
   combined.shard.reset();
   for (std::size_t i = 0; i < inputs.size(); ++i)
      add_document(combined, inputs[i], labels[i]);
   return combined;
}

} // namespace memfrag::results
