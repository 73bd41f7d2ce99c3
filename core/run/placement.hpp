// Where a run's worker threads run and where its region's memory lives: chosen before the run
// (memfrag run --cpus, --threads, --node, --cpu-node, --mem-node), applied and verified in the
// run's child process, recorded in its results.
#pragma once

#include "core/platform/cpu_choice.hpp"
#include "core/platform/region_memory.hpp"
#include "core/platform/thread_pinning.hpp"
#include "core/results/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::run {

struct Placement {
   // The OS CPU of each worker thread, in worker order (platform::choose_worker_cpus). Empty:
   // one worker thread, left where the OS schedules it.
   std::vector<unsigned> worker_cpus;
   std::optional<unsigned> cpu_node; // the node the CPUs were chosen on, as asked
   std::optional<unsigned> mem_node; // the node the region's memory is bound to, as asked
   // A CPU of the same choice left over by the workers, for a background thread; none when
   // every candidate has a worker.
   std::optional<unsigned> background_cpu;

   std::uint32_t threads() const {
      return worker_cpus.empty() ? 1 : static_cast<std::uint32_t>(worker_cpus.size());
   }
};

// One worker pinned to the first core this process may use: where runs go when nothing else is
// asked, from every front end alike. When hwloc cannot read the topology the worker is left
// unpinned and `warnings` says so.
Placement default_placement(std::vector<std::string> &warnings);

// The CPU one more worker than `workers` would get under `request`, when there is one to spare.
std::optional<unsigned> spare_cpu(const platform::Topology &topology, platform::CpuRequest request,
                                  const std::vector<unsigned> &workers);

// Pins the calling thread to the CPU of worker `worker`; with no CPUs in the placement, leaves
// it unpinned and says where it runs.
platform::PinOutcome pin_worker(const Placement &placement, std::size_t worker);

// What the run obtained, `pins` holding each worker's outcome: the workers' CPUs and nodes, the
// memory binding and the node of every backing page of `memory` faulted in, with a warning for
// each difference from what was asked.
results::PlacementRecord placement_record(const Placement &placement,
                                          const std::vector<platform::PinOutcome> &pins,
                                          const platform::RegionMemory &memory);

} // namespace memfrag::run
