// A topology in the machine fingerprint (machine_probe.hpp): packages, cores and hardware
// threads, whole and per NUMA node, and whether cores have several threads.
#pragma once

#include "core/platform/topology.hpp"

#include <nlohmann/json.hpp>

namespace memfrag::platform {

// {packages, cores, pus, smt, allowed_cpus, nodes: [{node, cpus, packages, cores, pus,
// memory_bytes, allowed}]}; CPU sets as lists ("0-3,8").
nlohmann::json topology_summary(const Topology &topology);

} // namespace memfrag::platform
