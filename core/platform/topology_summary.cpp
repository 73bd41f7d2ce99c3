#include "core/platform/topology_summary.hpp"

#include "core/platform/cpu_list.hpp"

#include <set>

namespace memfrag::platform {
namespace {

using nlohmann::json;

json node_summary(const Topology &topology, const NumaNode &node) {
   std::set<unsigned> packages, cores;
   std::size_t units = 0;
   for (const ProcessingUnit &unit : topology.processing_units()) {
      if (unit.node == node.node) {
         cores.insert(unit.core);
         if (unit.package) {
            packages.insert(*unit.package);
         }
         ++units;
      }
   }
   return {{"node", node.node},
           {"cpus", format_cpu_list(node.cpus)},
           {"packages", packages.size()},
           {"cores", cores.size()},
           {"pus", units},
           {"memory_bytes", node.memory_bytes},
           {"allowed", node.allowed}};
}

} // namespace

json topology_summary(const Topology &topology) {
   std::vector<unsigned> allowed;
   for (const ProcessingUnit &unit : topology.processing_units()) {
      if (unit.allowed) {
         allowed.push_back(unit.cpu);
      }
   }
   json nodes = json::array();
   for (const NumaNode &node : topology.nodes()) {
      nodes.push_back(node_summary(topology, node));
   }
   return {{"packages", topology.package_count()},      {"cores", topology.core_count()},
           {"pus", topology.processing_units().size()}, {"smt", topology.smt()},
           {"allowed_cpus", format_cpu_list(allowed)},  {"nodes", nodes}};
}

} // namespace memfrag::platform
