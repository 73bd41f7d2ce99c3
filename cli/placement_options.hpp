// The placement options of memfrag run (--cpus, --threads, --node, --cpu-node, --mem-node): their
// definitions, and their validation against the machine's topology into a run::Placement.
#pragma once

#include "core/platform/topology.hpp"
#include "core/run/placement.hpp"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace memfrag::cli {

struct PlacementFlags {
   std::string cpus; // --cpus LIST; empty when not given
   std::uint32_t threads = 1;
   std::optional<unsigned> node;
   std::optional<unsigned> cpu_node;
   std::optional<unsigned> mem_node;

   bool any_given() const { return !cpus.empty() || threads != 1 || node || cpu_node || mem_node; }
};

void add_placement_options(CLI::App &command, PlacementFlags &flags);

// One CPU per worker thread and the memory node. Throws platform::PlacementError whose message
// starts with the options it is about.
run::Placement resolve_placement(const PlacementFlags &flags, const platform::Topology &topology);

} // namespace memfrag::cli
