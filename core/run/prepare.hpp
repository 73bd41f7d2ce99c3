// From what the user named (plugins, workloads, --set settings) to what the session runs:
// libraries loaded and checked, allocators chosen, parameters resolved, workloads loaded.
// Every problem with the input is an InputError, reported before any run starts.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/plugin/library.hpp"
#include "core/results/model.hpp"
#include "core/workload/workload.hpp"

namespace memfrag::run {

class InputError : public std::runtime_error {
 public:
   using std::runtime_error::runtime_error;
};

struct PreparedPlugin {
   results::PluginRecord record; // its params: defaults and --set values
   std::shared_ptr<const plugin::Library> library;
   const plugin::AllocatorInfo *allocator = nullptr;
   // The values each workload runs it with: a workload file may set parameters of its own
   // ([plugin.<id>] tables, recorded in the workload's spec), --set applies to all. Indexed like
   // Preparation::workloads.
   std::vector<std::vector<plugin::ParamValue>> params_per_workload;
};

struct PreparedWorkload {
   results::WorkloadRecord record;
   workload::LoadedWorkload loaded;
};

struct Preparation {
   std::vector<PreparedPlugin> plugins;
   std::vector<PreparedWorkload> workloads;
};

// `settings` are --set arguments as "key=value". Keys starting with "workload.", "phase." or a
// workload-specific table ("trace.", ...) go to the workloads; "<allocator-id>.<name>" to that
// allocator's parameters. Throws InputError.
Preparation prepare(const std::vector<std::string> &plugin_refs,
                    const std::vector<std::string> &workload_refs,
                    const std::vector<std::string> &settings);

} // namespace memfrag::run
