#include "core/run/placement.hpp"

#include "core/platform/cpu_choice.hpp"
#include "core/platform/numa_memory.hpp"
#include "core/platform/topology.hpp"

#include <algorithm>
#include <string>

namespace memfrag::run {
namespace {

std::optional<std::uint32_t> narrow(const std::optional<unsigned> &value) {
   return value ? std::optional<std::uint32_t>(*value) : std::nullopt;
}

results::WorkerPlacement worker_record(const Placement &placement, std::size_t worker,
                                       const platform::PinOutcome &pin) {
   results::WorkerPlacement record;
   if (worker < placement.worker_cpus.size()) {
      record.cpu = pin.cpu;
   }
   record.pinned = pin.pinned;
   record.running_on = narrow(pin.running_on);
   if (pin.running_on) {
      record.node = narrow(platform::node_of_cpu(*pin.running_on));
   }
   return record;
}

void add_worker_warnings(const Placement &placement, std::size_t worker,
                         const platform::PinOutcome &pin, const results::WorkerPlacement &record,
                         std::vector<std::string> &warnings) {
   const std::string name = "worker " + std::to_string(worker);
   if (worker < placement.worker_cpus.size() && !pin.pinned) {
      warnings.push_back(name + " is not pinned: " + pin.failure);
   }
   if (placement.cpu_node && record.node && *record.node != *placement.cpu_node) {
      warnings.push_back(name + " runs on CPU " + std::to_string(*record.running_on) +
                         " of NUMA node " + std::to_string(*record.node) + ", not on node " +
                         std::to_string(*placement.cpu_node));
   }
}

void add_node_pages(const platform::RegionMemory &memory, results::PlacementRecord &record) {
   const platform::NodeCounts counts = memory.backing_page_nodes();
   for (const auto &[node, pages] : counts.pages_by_node) {
      record.backing_pages_by_node.push_back({node, pages});
   }
   record.backing_pages_not_present = counts.not_present;
   if (counts.failure) {
      record.warnings.push_back(*counts.failure);
   }
}

void add_memory_warnings(const platform::RegionMemory &memory, results::PlacementRecord &record) {
   if (memory.bind_failure()) {
      record.warnings.push_back(*memory.bind_failure());
   }
   if (!record.mem_node) {
      return;
   }
   std::uint64_t present = 0, elsewhere = 0;
   for (const auto &entry : record.backing_pages_by_node) {
      present += entry.backing_pages;
      elsewhere += entry.node != *record.mem_node ? entry.backing_pages : 0;
   }
   if (elsewhere != 0) {
      record.warnings.push_back(std::to_string(elsewhere) + " of " + std::to_string(present) +
                                " backing pages of the region are not on NUMA node " +
                                std::to_string(*record.mem_node));
   }
}

} // namespace

std::optional<unsigned> spare_cpu(const platform::Topology &topology, platform::CpuRequest request,
                                  const std::vector<unsigned> &workers) {
   ++request.threads;
   try {
      for (const unsigned cpu : platform::choose_worker_cpus(topology, request)) {
         if (std::find(workers.begin(), workers.end(), cpu) == workers.end()) {
            return cpu;
         }
      }
   } catch (const platform::PlacementError &) {
      return std::nullopt; // fewer candidates than the workers and one more
   }
   return std::nullopt;
}

Placement default_placement(std::vector<std::string> &warnings) {
   Placement placement;
   try {
      const platform::Topology topology = platform::Topology::machine();
      placement.worker_cpus = platform::choose_worker_cpus(topology, {});
      placement.background_cpu = spare_cpu(topology, {}, placement.worker_cpus);
   } catch (const std::exception &error) {
      warnings.push_back(std::string("cannot choose a CPU for the runs (") + error.what() +
                         "); the worker thread is not pinned");
   }
   return placement;
}

platform::PinOutcome pin_worker(const Placement &placement, std::size_t worker) {
   if (worker < placement.worker_cpus.size()) {
      return platform::pin_calling_thread(placement.worker_cpus[worker]);
   }
   platform::PinOutcome unpinned;
   unpinned.running_on = platform::current_cpu();
   return unpinned;
}

results::PlacementRecord placement_record(const Placement &placement,
                                          const std::vector<platform::PinOutcome> &pins,
                                          const platform::RegionMemory &memory) {
   results::PlacementRecord record;
   record.cpu_node = narrow(placement.cpu_node);
   record.mem_node = narrow(memory.node_asked());
   record.mem_bound = memory.node_asked().has_value() && !memory.bind_failure();
   for (std::size_t worker = 0; worker < pins.size(); ++worker) {
      record.workers.push_back(worker_record(placement, worker, pins[worker]));
      add_worker_warnings(placement, worker, pins[worker], record.workers.back(), record.warnings);
   }
   add_node_pages(memory, record);
   add_memory_warnings(memory, record);
   return record;
}

} // namespace memfrag::run
