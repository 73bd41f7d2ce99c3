#include "core/platform/cpu_choice.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace memfrag::platform {
namespace {

std::string node_name(unsigned node) {
   return "NUMA node " + std::to_string(node);
}

std::vector<unsigned> all_cpus(const Topology &topology) {
   std::vector<unsigned> cpus;
   for (const ProcessingUnit &unit : topology.processing_units()) {
      cpus.push_back(unit.cpu);
   }
   return cpus;
}

std::vector<unsigned> allowed_cpus(const Topology &topology) {
   std::vector<unsigned> cpus;
   for (const ProcessingUnit &unit : topology.processing_units()) {
      if (unit.allowed) {
         cpus.push_back(unit.cpu);
      }
   }
   return cpus;
}

std::string node_list(const Topology &topology) {
   std::vector<unsigned> nodes;
   for (const NumaNode &node : topology.nodes()) {
      nodes.push_back(node.node);
   }
   return (nodes.size() == 1 ? "node " : "nodes ") + format_cpu_list(nodes);
}

const NumaNode &existing_node(const Topology &topology, unsigned node) {
   const NumaNode *found = topology.find_node(node);
   if (found == nullptr) {
      throw PlacementError(node_name(node) + " does not exist (this machine has " +
                           node_list(topology) + ")");
   }
   return *found;
}

bool on_node(const ProcessingUnit &unit, const std::optional<unsigned> &node) {
   return !node || unit.node == node;
}

bool listed(const ProcessingUnit &unit, const std::optional<std::vector<unsigned>> &cpus) {
   return !cpus || std::find(cpus->begin(), cpus->end(), unit.cpu) != cpus->end();
}

void check_listed_cpus_on_node(const Topology &topology, const std::vector<unsigned> &cpus,
                               unsigned node) {
   std::vector<unsigned> elsewhere;
   for (unsigned cpu : cpus) {
      if (topology.find_cpu(cpu)->node != node) {
         elsewhere.push_back(cpu);
      }
   }
   if (!elsewhere.empty()) {
      throw PlacementError(
          "CPUs " + format_cpu_list(elsewhere) + " of the list are not on " + node_name(node) +
          " (its CPUs: " + format_cpu_list(existing_node(topology, node).cpus) + ")");
   }
}

// Candidates in topology order, each with its rank among the candidates of its core.
std::vector<std::pair<unsigned, const ProcessingUnit *>>
ranked_candidates(const Topology &topology, const CpuRequest &request) {
   std::vector<std::pair<unsigned, const ProcessingUnit *>> ranked;
   std::map<unsigned, unsigned> taken_per_core;
   for (const ProcessingUnit &unit : topology.processing_units()) {
      if (unit.allowed && on_node(unit, request.node) && listed(unit, request.cpus)) {
         ranked.emplace_back(taken_per_core[unit.core]++, &unit);
      }
   }
   std::stable_sort(ranked.begin(), ranked.end(),
                    [](const auto &a, const auto &b) { return a.first < b.first; });
   return ranked;
}

// "CPUs 0-1 of the list 0-3 on NUMA node 0".
std::string where(const CpuRequest &request, const std::vector<unsigned> &candidates) {
   std::string text = "CPUs " + format_cpu_list(candidates);
   if (request.cpus) {
      text += " of the list " + format_cpu_list(*request.cpus);
   }
   if (request.node) {
      text += " on " + node_name(*request.node);
   }
   return text;
}

} // namespace

void check_cpus_usable(const Topology &topology, const std::vector<unsigned> &cpus) {
   for (unsigned cpu : cpus) {
      const ProcessingUnit *unit = topology.find_cpu(cpu);
      if (unit == nullptr) {
         throw PlacementError("CPU " + std::to_string(cpu) + " does not exist (this machine has " +
                              "CPUs " + format_cpu_list(all_cpus(topology)) + ")");
      }
      if (!unit->allowed) {
         throw PlacementError("CPU " + std::to_string(cpu) +
                              " is not allowed to this process (it may run on CPUs " +
                              format_cpu_list(allowed_cpus(topology)) +
                              "; see its affinity, taskset -p, or its cgroup's cpuset)");
      }
   }
}

void check_cpu_node(const Topology &topology, unsigned node) {
   const NumaNode &found = existing_node(topology, node);
   if (found.cpus.empty()) {
      throw PlacementError(node_name(node) + " has no CPUs (memory only): choose the CPUs' " +
                           "node with --cpu-node and bind memory to it with --mem-node");
   }
   const bool any_allowed = std::any_of(found.cpus.begin(), found.cpus.end(), [&](unsigned cpu) {
      const ProcessingUnit *unit = topology.find_cpu(cpu);
      return unit != nullptr && unit->allowed;
   });
   if (!any_allowed) {
      throw PlacementError("no CPU of " + node_name(node) + " (CPUs " +
                           format_cpu_list(found.cpus) + ") is allowed to this process");
   }
}

void check_memory_node(const Topology &topology, unsigned node) {
   if (!existing_node(topology, node).allowed) {
      throw PlacementError(node_name(node) +
                           " is not allowed for this process's memory (its cgroup's cpuset.mems)");
   }
}

std::vector<unsigned> choose_worker_cpus(const Topology &topology, const CpuRequest &request) {
   if (request.threads == 0) {
      throw PlacementError("at least one worker thread is needed");
   }
   if (request.cpus) {
      check_cpus_usable(topology, *request.cpus);
   }
   if (request.node) {
      check_cpu_node(topology, *request.node);
      if (request.cpus) {
         check_listed_cpus_on_node(topology, *request.cpus, *request.node);
      }
   }
   const auto ranked = ranked_candidates(topology, request);
   std::vector<unsigned> candidates;
   for (const auto &[rank, unit] : ranked) {
      candidates.push_back(unit->cpu);
   }
   if (candidates.size() < request.threads) {
      throw PlacementError(std::to_string(request.threads) + " worker threads need " +
                           std::to_string(request.threads) + " CPUs, but " +
                           std::to_string(candidates.size()) + " can be used (" +
                           where(request, candidates) + ")");
   }
   candidates.resize(request.threads);
   return candidates;
}

} // namespace memfrag::platform
