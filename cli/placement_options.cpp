#include "cli/placement_options.hpp"

#include "core/platform/cpu_choice.hpp"
#include "core/run/engine.hpp"

namespace memfrag::cli {
namespace {

// Runs `check`, prefixing a PlacementError's message with `options`.
template <typename Check> auto about(const std::string &options, const Check &check) {
   try {
      return check();
   } catch (const platform::PlacementError &error) {
      throw platform::PlacementError(options + ": " + error.what());
   }
}

std::string option_text(const char *name, const std::optional<unsigned> &value) {
   return value ? std::string(" ") + name + " " + std::to_string(*value) : "";
}

// "--threads 4 --cpus 0-1 --node 0", the options the CPU choice depends on.
std::string choice_options(const PlacementFlags &flags) {
   std::string text = "--threads " + std::to_string(flags.threads);
   if (!flags.cpus.empty()) {
      text += " --cpus " + flags.cpus;
   }
   return text + option_text("--node", flags.node) + option_text("--cpu-node", flags.cpu_node);
}

} // namespace

void add_placement_options(CLI::App &command, PlacementFlags &flags) {
   command
       .add_option("--cpus", flags.cpus,
                   "OS CPUs the worker threads may be pinned to, e.g. 2-3 or 0,2,4-7 (default: "
                   "every CPU this process may use). Each worker gets one: one per core first, "
                   "then second hardware threads")
       ->type_name("LIST");
   command
       .add_option("--threads", flags.threads,
                   "Worker threads of each run, each pinned to its own CPU, issuing requests to "
                   "the one plugin instance at once with its own cpu index and its own lane of "
                   "the workload (a generator's share of the region, a trace's events of the "
                   "CPUs mapped to it). A plugin that is not thread-safe is called under a host "
                   "lock, and the results say so (default 1)")
       ->check(CLI::Range(1u, run::Progress::kMaxWorkers));
   CLI::Option *node =
       command.add_option("--node", flags.node,
                          "NUMA node N for both: workers pinned to its CPUs, each region's memory "
                          "bound to it (verified after the run; a backing page elsewhere is a "
                          "warning)");
   CLI::Option *cpu_node = command.add_option("--cpu-node", flags.cpu_node,
                                              "NUMA node A whose CPUs the workers are pinned to");
   CLI::Option *mem_node = command.add_option(
       "--mem-node", flags.mem_node,
       "NUMA node B each region's memory is bound to; with --cpu-node A on another node it "
       "measures remote memory access");
   node->excludes(cpu_node)->excludes(mem_node);
}

run::Placement resolve_placement(const PlacementFlags &flags, const platform::Topology &topology) {
   run::Placement placement;
   placement.cpu_node = flags.node ? flags.node : flags.cpu_node;
   placement.mem_node = flags.node ? flags.node : flags.mem_node;
   platform::CpuRequest request{flags.threads, placement.cpu_node, std::nullopt};
   if (!flags.cpus.empty()) {
      request.cpus = about("--cpus " + flags.cpus, [&] {
         auto cpus = platform::parse_cpu_list(flags.cpus);
         platform::check_cpus_usable(topology, cpus);
         return cpus;
      });
   }
   if (placement.cpu_node) {
      about((flags.node ? "--node " : "--cpu-node ") + std::to_string(*placement.cpu_node),
            [&] { platform::check_cpu_node(topology, *placement.cpu_node); });
   }
   if (placement.mem_node) {
      about((flags.node ? "--node " : "--mem-node ") + std::to_string(*placement.mem_node),
            [&] { platform::check_memory_node(topology, *placement.mem_node); });
   }
   placement.worker_cpus = about(choice_options(flags),
                                 [&] { return platform::choose_worker_cpus(topology, request); });
   placement.background_cpu = run::spare_cpu(topology, request, placement.worker_cpus);
   return placement;
}

} // namespace memfrag::cli
