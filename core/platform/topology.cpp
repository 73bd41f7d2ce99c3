#include "core/platform/topology.hpp"

#include "core/platform/thread_pinning.hpp"

#include <algorithm>
#include <hwloc.h>
#include <map>
#include <stdexcept>

namespace memfrag::platform {

// Loads an hwloc topology and copies out what memfrag uses; hwloc's objects do not outlive it.
class TopologyReader {
 public:
   explicit TopologyReader(const std::string *synthetic) {
      if (hwloc_topology_init(&topology_) != 0) {
         throw std::runtime_error("hwloc: cannot initialize a topology");
      }
      if (synthetic != nullptr &&
          hwloc_topology_set_synthetic(topology_, synthetic->c_str()) != 0) {
         hwloc_topology_destroy(topology_);
         throw std::invalid_argument("hwloc refuses the synthetic topology '" + *synthetic + "'");
      }
      configure();
      if (hwloc_topology_load(topology_) != 0) {
         hwloc_topology_destroy(topology_);
         throw std::runtime_error("hwloc cannot read this machine's topology");
      }
   }
   ~TopologyReader() { hwloc_topology_destroy(topology_); }
   TopologyReader(const TopologyReader &) = delete;
   TopologyReader &operator=(const TopologyReader &) = delete;

   // `affinity`: the CPUs this process may run on, or null when every CPU counts as allowed.
   Topology read(const std::vector<unsigned> *affinity) const {
      Topology topology;
      topology.nodes_ = read_nodes();
      topology.units_ = read_units(topology.nodes_, affinity);
      topology.packages_ = count(HWLOC_OBJ_PACKAGE);
      topology.cores_ = count(HWLOC_OBJ_CORE);
      if (topology.cores_ == 0) {
         topology.cores_ = topology.units_.size();
      }
      return topology;
   }

 private:
   // Disallowed CPUs and nodes are kept, so that asking for one gets "not allowed" rather than
   // "does not exist". Caches are not needed; the x86 backend is skipped because it binds the
   // loading thread to every CPU in turn (slow, and a side effect) to read CPUID, which the
   // Linux backend's sysfs view makes unnecessary for cores, packages and nodes.
   void configure() {
      hwloc_topology_set_flags(topology_, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
      hwloc_topology_set_cache_types_filter(topology_, HWLOC_TYPE_FILTER_KEEP_NONE);
      hwloc_topology_set_icache_types_filter(topology_, HWLOC_TYPE_FILTER_KEEP_NONE);
      hwloc_topology_set_components(topology_, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST, "x86");
   }

   std::size_t count(hwloc_obj_type_t type) const {
      const int found = hwloc_get_nbobjs_by_type(topology_, type);
      return found > 0 ? static_cast<std::size_t>(found) : 0;
   }

   std::vector<NumaNode> read_nodes() const {
      std::vector<NumaNode> nodes;
      hwloc_const_nodeset_t allowed = hwloc_topology_get_allowed_nodeset(topology_);
      for (std::size_t index = 0; index < count(HWLOC_OBJ_NUMANODE); ++index) {
         hwloc_obj_t object =
             hwloc_get_obj_by_type(topology_, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(index));
         NumaNode node;
         node.node = object->os_index;
         node.memory_bytes = object->attr != nullptr ? object->attr->numanode.local_memory : 0;
         node.allowed = hwloc_bitmap_isset(allowed, object->os_index) != 0;
         unsigned cpu = 0;
         hwloc_bitmap_foreach_begin(cpu, object->cpuset) {
            node.cpus.push_back(cpu);
         }
         hwloc_bitmap_foreach_end();
         nodes.push_back(std::move(node));
      }
      std::sort(nodes.begin(), nodes.end(),
                [](const NumaNode &a, const NumaNode &b) { return a.node < b.node; });
      return nodes;
   }

   // The first node by OS number that lists `cpu`: a CPU near several nodes (memory-side
   // caches, CXL memory) belongs to its ordinary DRAM node, which has the lowest number.
   static std::optional<unsigned> node_of(const std::vector<NumaNode> &nodes, unsigned cpu) {
      for (const NumaNode &node : nodes) {
         if (std::binary_search(node.cpus.begin(), node.cpus.end(), cpu)) {
            return node.node;
         }
      }
      return std::nullopt;
   }

   std::vector<ProcessingUnit> read_units(const std::vector<NumaNode> &nodes,
                                          const std::vector<unsigned> *affinity) const {
      std::vector<ProcessingUnit> units;
      std::map<unsigned, unsigned> threads_per_core;
      hwloc_const_cpuset_t allowed = hwloc_topology_get_allowed_cpuset(topology_);
      const auto core_objects = static_cast<unsigned>(count(HWLOC_OBJ_CORE));
      for (std::size_t index = 0; index < count(HWLOC_OBJ_PU); ++index) {
         hwloc_obj_t pu =
             hwloc_get_obj_by_type(topology_, HWLOC_OBJ_PU, static_cast<unsigned>(index));
         hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(topology_, HWLOC_OBJ_CORE, pu);
         hwloc_obj_t package = hwloc_get_ancestor_obj_by_type(topology_, HWLOC_OBJ_PACKAGE, pu);
         ProcessingUnit unit;
         unit.cpu = pu->os_index;
         unit.core = core != nullptr ? core->logical_index : core_objects + pu->logical_index;
         unit.rank_in_core = threads_per_core[unit.core]++;
         if (package != nullptr) {
            unit.package = package->logical_index;
         }
         unit.node = node_of(nodes, unit.cpu);
         unit.allowed = hwloc_bitmap_isset(allowed, unit.cpu) != 0 &&
                        (affinity == nullptr || std::find(affinity->begin(), affinity->end(),
                                                          unit.cpu) != affinity->end());
         units.push_back(unit);
      }
      return units;
   }

   hwloc_topology_t topology_ = nullptr;
};

Topology Topology::machine() {
   const std::vector<unsigned> affinity = calling_thread_cpus();
   return TopologyReader(nullptr).read(affinity.empty() ? nullptr : &affinity);
}

Topology Topology::synthetic(const std::string &description) {
   return TopologyReader(&description).read(nullptr);
}

const ProcessingUnit *Topology::find_cpu(unsigned cpu) const {
   auto found = std::find_if(units_.begin(), units_.end(),
                             [cpu](const ProcessingUnit &unit) { return unit.cpu == cpu; });
   return found == units_.end() ? nullptr : &*found;
}

const NumaNode *Topology::find_node(unsigned node) const {
   auto found = std::find_if(nodes_.begin(), nodes_.end(),
                             [node](const NumaNode &entry) { return entry.node == node; });
   return found == nodes_.end() ? nullptr : &*found;
}

bool Topology::smt() const {
   return std::any_of(units_.begin(), units_.end(),
                      [](const ProcessingUnit &unit) { return unit.rank_in_core > 0; });
}

} // namespace memfrag::platform
