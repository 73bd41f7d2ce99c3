// Choosing the OS CPU of each worker thread, and checking the CPUs and nodes a user names
// against the machine. The choice is deterministic: the same topology and request give the
// same CPUs, whatever the machine is doing.
#pragma once

#include "core/platform/cpu_list.hpp"
#include "core/platform/topology.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace memfrag::platform {

// What the user asked of the worker threads' CPUs.
struct CpuRequest {
   std::uint32_t threads = 1;
   std::optional<unsigned> node;              // only CPUs of this NUMA node (--node, --cpu-node)
   std::optional<std::vector<unsigned>> cpus; // only these CPUs (--cpus)
};

// One CPU per worker thread, in worker order. Candidates are the allowed CPUs, of the node and
// of the list when given. Cores come before hyperthreads: every core with a candidate gives
// its first candidate, in topology order, before any core gives a second, so that workers
// share a core only when there are more workers than cores. Throws PlacementError when a
// listed CPU or the node cannot be used, or when there are fewer candidates than threads.
std::vector<unsigned> choose_worker_cpus(const Topology &topology, const CpuRequest &request);

// Throws PlacementError unless every CPU of `cpus` exists and this process may run on it.
void check_cpus_usable(const Topology &topology, const std::vector<unsigned> &cpus);

// Throws PlacementError unless `node` exists and this process may run on one of its CPUs.
void check_cpu_node(const Topology &topology, unsigned node);

// Throws PlacementError unless `node` exists and this process may allocate memory on it.
void check_memory_node(const Topology &topology, unsigned node);

} // namespace memfrag::platform
