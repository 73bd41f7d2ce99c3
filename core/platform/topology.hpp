// The machine's processing units, cores, packages and NUMA nodes as hwloc discovers them, or a
// synthetic machine from an hwloc description ("node:2 core:2 pu:2") so that placement logic can
// be tested on any machine. A Topology is plain data: hwloc is only used while loading it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memfrag::platform {

// One hardware thread: what the OS calls a CPU.
struct ProcessingUnit {
   unsigned cpu = 0;                // OS number (sched_setaffinity, /proc/cpuinfo "processor")
   unsigned core = 0;               // logical index of its core (its own when cores are unknown)
   unsigned rank_in_core = 0;       // 0 for a core's first hardware thread, 1 for the second, ...
   std::optional<unsigned> package; // logical index of its package, when known
   std::optional<unsigned> node;    // OS number of its NUMA node, when known
   bool allowed = true;             // this process may run on it (cgroup cpuset and affinity)
};

struct NumaNode {
   unsigned node = 0;          // OS number (mbind, /sys/devices/system/node/nodeN)
   std::vector<unsigned> cpus; // OS numbers of its CPUs, ascending; empty for memory only
   std::uint64_t memory_bytes = 0;
   bool allowed = true; // this process may allocate memory on it (cgroup cpuset.mems)
};

class Topology {
 public:
   // This machine. Throws std::runtime_error when hwloc cannot read it.
   static Topology machine();
   // A machine described in hwloc's synthetic syntax; every CPU and node allowed. Throws
   // std::invalid_argument for a description hwloc refuses.
   static Topology synthetic(const std::string &description);

   // Hardware threads in topology order: by package, core, then thread within the core.
   const std::vector<ProcessingUnit> &processing_units() const { return units_; }
   // NUMA nodes by OS number.
   const std::vector<NumaNode> &nodes() const { return nodes_; }
   const ProcessingUnit *find_cpu(unsigned cpu) const;
   const NumaNode *find_node(unsigned node) const;
   std::size_t package_count() const { return packages_; }
   std::size_t core_count() const { return cores_; }
   // Whether some core has more than one hardware thread.
   bool smt() const;

 private:
   friend class TopologyReader;
   std::vector<ProcessingUnit> units_;
   std::vector<NumaNode> nodes_;
   std::size_t packages_ = 0;
   std::size_t cores_ = 0;
};

} // namespace memfrag::platform
