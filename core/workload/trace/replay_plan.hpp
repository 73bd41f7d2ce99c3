// A first pass over a trace's events that replay needs before it starts: the peak of live frames
// (to size the region), the blocks to seed, and how many operations to expect.
#pragma once

#include "core/workload/trace/trace_event.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace memfrag::workload::trace {

struct SeedBlock {
   std::uint64_t pfn = 0;
   std::uint8_t order = 0;
};

struct ReplayPlan {
   std::uint64_t peak_live_frames = 0; // seeded blocks included when seeding
   std::uint64_t expected_ops = 0;
   std::uint64_t unseen_frees = 0; // frees of blocks never seen allocated
   std::uint64_t max_live_blocks = 0;
   std::uint32_t max_order = 0;  // highest order of any event
   std::vector<SeedBlock> seeds; // filled only when seeding
};

// Follows the traced live blocks through `events`. With `seed_unseen`, every block whose free
// comes without an earlier allocation becomes a seed, live from the start.
ReplayPlan plan_replay(std::span<const TraceEvent> events, bool seed_unseen);

} // namespace memfrag::workload::trace
