#include "core/results/merge.hpp"

#include "core/results/fingerprint.hpp"
#include "core/results/json.hpp"
#include "core/results/matrix.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace memfrag::results {
namespace {

[[noreturn]] void refuse(const std::string &name, const std::string &why) {
   throw MergeError(name + ": " + why);
}

// The records that define the matrix, as JSON, so that any difference is seen.
nlohmann::json matrix_records(const Document &document) {
   nlohmann::json full = to_json(document);
   for (auto &plugin : full["plugins"])
      plugin.erase("path");
   for (auto &workload : full["workloads"])
      workload.erase("path");
   return {full["plugins"], full["workloads"], full["seeds"], full["repeat"]};
}

void check_part(const Document &part, const Document &first, const std::string &name) {
   if (!part.shard)
      refuse(name, "not a shard (written without --shard)");
   if (part.shard->count != first.shard->count)
      refuse(name, "part of " + std::to_string(part.shard->count) + " shards, the first part of " +
                       std::to_string(first.shard->count));
   if (part.shard->matrix_sha256 != matrix_identity(part))
      refuse(name, "its matrix identity does not match its own records (edited?)");
   if (part.shard->matrix_sha256 != first.shard->matrix_sha256 ||
       matrix_records(part) != matrix_records(first))
      refuse(name, "a different run matrix (plugins, workloads, parameters, seeds or repeat)");
}

void check_cover(const std::vector<Document> &parts, const std::vector<std::string> &names) {
   const std::uint32_t count = parts.front().shard->count;
   std::map<std::uint32_t, std::string> seen;
   for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::uint32_t index = parts[i].shard->index;
      if (seen.contains(index))
         refuse(names[i], "shard " + std::to_string(index) + " is also " + seen[index]);
      seen[index] = names[i];
   }
   for (std::uint32_t index = 1; index <= count; ++index)
      if (!seen.contains(index))
         throw MergeError("shard " + std::to_string(index) + "/" + std::to_string(count) +
                          " is missing");
}

using PositionedRun = std::pair<std::uint64_t, const RunResult *>;

void collect_runs(const Document &part, const std::string &name, std::set<std::uint64_t> &taken,
                  std::vector<PositionedRun> &runs) {
   for (const RunResult &run : part.runs) {
      const std::optional<std::uint64_t> cell = matrix_position(part, run);
      if (!cell || !cell_in_shard(*cell, part.shard->index, part.shard->count))
         refuse(name, "run " + run.plugin + " x " + run.workload + " seed " +
                          std::to_string(run.seed) + " #" + std::to_string(run.repetition) +
                          " is not in shard " + std::to_string(part.shard->index));
      if (!taken.insert(*cell).second)
         refuse(name, "run " + run.plugin + " x " + run.workload + " appears twice");
      runs.emplace_back(*cell, &run);
   }
}

std::vector<std::string> environment_warnings(const std::vector<Document> &parts,
                                              const std::vector<std::string> &names) {
   std::vector<std::string> warnings;
   for (std::size_t i = 1; i < parts.size(); ++i)
      for (const std::string &difference :
           fingerprint_differences(parts.front().environment, parts[i].environment))
         warnings.push_back(names[i] + " ran on a different environment than " + names[0] + ": " +
                            difference);
   return warnings;
}

} // namespace

MergedDocument merge_shards(const std::vector<Document> &parts,
                            const std::vector<std::string> &names) {
   if (parts.empty())
      throw MergeError("no parts to merge");
   const Document &first = parts.front();
   for (std::size_t i = 0; i < parts.size(); ++i)
      check_part(parts[i], first, names[i]);
   check_cover(parts, names);
   std::set<std::uint64_t> taken;
   std::vector<PositionedRun> runs;
   for (std::size_t i = 0; i < parts.size(); ++i)
      collect_runs(parts[i], names[i], taken, runs);
   std::sort(runs.begin(), runs.end(),
             [](const PositionedRun &a, const PositionedRun &b) { return a.first < b.first; });
   MergedDocument merged{first, environment_warnings(parts, names)};
   merged.document.shard.reset();
   merged.document.runs.clear();
   for (const auto &[cell, run] : runs)
      merged.document.runs.push_back(*run);
   merged.document.complete =
       std::all_of(parts.begin(), parts.end(), [](const Document &part) { return part.complete; });
   merged.document.created = std::max_element(parts.begin(), parts.end(), [](auto &a, auto &b) {
                                return a.created < b.created;
                             })->created;
   return merged;
}

} // namespace memfrag::results
