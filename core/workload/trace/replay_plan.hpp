// What replay needs to know before it starts: the peak of live frames (to size the region), the
// blocks to seed, how many operations to expect, and the script of those operations.
#pragma once

#include "core/workload/trace/replay_script.hpp"
#include "core/workload/trace/trace_event.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::workload::trace {

struct ReplayPlan {
   std::uint64_t peak_live_frames = 0; // seeded blocks included when seeding
   std::uint64_t expected_ops = 0;
   std::uint64_t unseen_frees = 0; // frees of blocks never seen allocated
   std::uint32_t max_order = 0;    // highest order of any event
   std::vector<SeedBlock> seeds;   // filled only when seeding
   ReplayScript script;            // the operations, seeds first
};

// Resolves `events` into a script. With `seed_unseen`, every block whose free comes without an
// earlier allocation becomes a seed, live from the start.
ReplayPlan plan_replay(std::span<const TraceEvent> events, bool seed_unseen);

} // namespace memfrag::workload::trace
